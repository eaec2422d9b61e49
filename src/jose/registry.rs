//! What each registered or common header parameter and claim means, with the spec
//! that defines it (IANA's JOSE and JWT registries, RFC 7515 §4.1, RFC 7519 §4.1,
//! OIDC Core §2 and §5.1): the page shows it on hover and focus next to the JSON.

/// Claims whose value is a NumericDate (RFC 7519 §2): seconds since 1970, shown as
/// times. `exp`, `nbf` and `iat` are also checked ([`super::claims`]).
pub const NUMERIC_DATE_CLAIMS: [&str; 5] = ["exp", "nbf", "iat", "auth_time", "updated_at"];

/// One explained name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// The member name, as it appears in the JSON.
    pub name: &'static str,
    /// A short title ("Expiration Time").
    pub title: &'static str,
    /// What it means, in a sentence.
    pub text: &'static str,
    /// Where it is defined ("RFC 7519 §4.1.4").
    pub spec: &'static str,
}

const fn e(
    name: &'static str,
    title: &'static str,
    text: &'static str,
    spec: &'static str,
) -> Explanation {
    Explanation {
        name,
        title,
        text,
        spec,
    }
}

/// JWS header parameters (RFC 7515 §4.1, RFC 7797, RFC 7516 §4.1 for JWE).
pub const HEADER_PARAMS: &[Explanation] = &[
    e("alg", "Algorithm", "The algorithm the token claims to be signed with. jwtscope never lets it choose the verification algorithm on its own.", "RFC 7515 §4.1.1"),
    e("jku", "JWK Set URL", "A URL of a key set. Never fetched: a token cannot choose its own key.", "RFC 7515 §4.1.2"),
    e("jwk", "JSON Web Key", "A key embedded in the token. Shown, never used: a token cannot vouch for itself.", "RFC 7515 §4.1.3"),
    e("kid", "Key ID", "Which key of a set signed the token; used to pick a key from a pasted JWKS.", "RFC 7515 §4.1.4"),
    e("x5u", "X.509 URL", "A URL of a certificate chain. Never fetched.", "RFC 7515 §4.1.5"),
    e("x5c", "X.509 Certificate Chain", "Certificates embedded in the token. Shown, never trusted.", "RFC 7515 §4.1.6"),
    e("x5t", "X.509 SHA-1 Thumbprint", "SHA-1 thumbprint of the signing certificate.", "RFC 7515 §4.1.7"),
    e("x5t#S256", "X.509 SHA-256 Thumbprint", "SHA-256 thumbprint of the signing certificate.", "RFC 7515 §4.1.8"),
    e("typ", "Type", "The media type of the whole token, usually \"JWT\" (or e.g. \"at+jwt\" for access tokens).", "RFC 7515 §4.1.9"),
    e("cty", "Content Type", "The media type of the payload; \"JWT\" for a nested token.", "RFC 7515 §4.1.10"),
    e("crit", "Critical", "Extensions the verifier must understand, or reject the token.", "RFC 7515 §4.1.11"),
    e("b64", "Base64url-Encode Payload", "false means the payload is not base64url-encoded.", "RFC 7797 §3"),
    e("enc", "Encryption Algorithm", "The content encryption algorithm of a JWE.", "RFC 7516 §4.1.2"),
    e("zip", "Compression Algorithm", "Compression applied before encryption (JWE).", "RFC 7516 §4.1.3"),
];

/// Registered claims (RFC 7519 §4.1) and common OpenID Connect claims (OIDC Core
/// §2 and §5.1), plus a few widely used ones.
pub const CLAIMS: &[Explanation] = &[
    e("iss", "Issuer", "Who issued the token.", "RFC 7519 §4.1.1"),
    e(
        "sub",
        "Subject",
        "Whom the token is about, unique within the issuer.",
        "RFC 7519 §4.1.2",
    ),
    e(
        "aud",
        "Audience",
        "Who the token is meant for; a recipient not listed must reject it.",
        "RFC 7519 §4.1.3",
    ),
    e(
        "exp",
        "Expiration Time",
        "After this time the token must not be accepted (seconds since 1970, UTC).",
        "RFC 7519 §4.1.4",
    ),
    e(
        "nbf",
        "Not Before",
        "Before this time the token must not be accepted (seconds since 1970, UTC).",
        "RFC 7519 §4.1.5",
    ),
    e(
        "iat",
        "Issued At",
        "When the token was issued (seconds since 1970, UTC).",
        "RFC 7519 §4.1.6",
    ),
    e(
        "jti",
        "JWT ID",
        "A unique identifier for this token, to detect replays.",
        "RFC 7519 §4.1.7",
    ),
    e(
        "auth_time",
        "Authentication Time",
        "When the user actually authenticated.",
        "OIDC Core §2",
    ),
    e(
        "nonce",
        "Nonce",
        "Ties an ID token to the client's authentication request, against replay.",
        "OIDC Core §2",
    ),
    e(
        "acr",
        "Authentication Context Class Reference",
        "How strongly the user was authenticated.",
        "OIDC Core §2",
    ),
    e(
        "amr",
        "Authentication Methods References",
        "Which methods authenticated the user (e.g. pwd, otp, mfa).",
        "OIDC Core §2",
    ),
    e(
        "azp",
        "Authorized Party",
        "The client the ID token was issued to.",
        "OIDC Core §2",
    ),
    e(
        "at_hash",
        "Access Token Hash",
        "Left half of the hash of the access token issued with this ID token.",
        "OIDC Core §3.1.3.6",
    ),
    e(
        "c_hash",
        "Code Hash",
        "Left half of the hash of the authorization code.",
        "OIDC Core §3.3.2.11",
    ),
    e(
        "sid",
        "Session ID",
        "The user's session at the issuer.",
        "OIDC Front-Channel Logout §3",
    ),
    e(
        "name",
        "Full Name",
        "The user's full name for display.",
        "OIDC Core §5.1",
    ),
    e(
        "given_name",
        "Given Name",
        "The user's given (first) name.",
        "OIDC Core §5.1",
    ),
    e(
        "family_name",
        "Family Name",
        "The user's family (last) name.",
        "OIDC Core §5.1",
    ),
    e(
        "middle_name",
        "Middle Name",
        "The user's middle name.",
        "OIDC Core §5.1",
    ),
    e("nickname", "Nickname", "A casual name.", "OIDC Core §5.1"),
    e(
        "preferred_username",
        "Preferred Username",
        "The name the user wants to be shown; not unique, not stable.",
        "OIDC Core §5.1",
    ),
    e(
        "profile",
        "Profile URL",
        "The user's profile page.",
        "OIDC Core §5.1",
    ),
    e(
        "picture",
        "Picture URL",
        "The user's picture (never loaded here).",
        "OIDC Core §5.1",
    ),
    e(
        "website",
        "Website",
        "The user's web page or blog.",
        "OIDC Core §5.1",
    ),
    e(
        "email",
        "Email",
        "The user's preferred email address.",
        "OIDC Core §5.1",
    ),
    e(
        "email_verified",
        "Email Verified",
        "Whether the issuer verified the email address.",
        "OIDC Core §5.1",
    ),
    e("gender", "Gender", "The user's gender.", "OIDC Core §5.1"),
    e(
        "birthdate",
        "Birthdate",
        "The user's birthday (YYYY-MM-DD).",
        "OIDC Core §5.1",
    ),
    e(
        "zoneinfo",
        "Time Zone",
        "The user's time zone, e.g. Europe/Paris.",
        "OIDC Core §5.1",
    ),
    e(
        "locale",
        "Locale",
        "The user's locale, e.g. en-US.",
        "OIDC Core §5.1",
    ),
    e(
        "phone_number",
        "Phone Number",
        "The user's preferred telephone number.",
        "OIDC Core §5.1",
    ),
    e(
        "phone_number_verified",
        "Phone Number Verified",
        "Whether the issuer verified the phone number.",
        "OIDC Core §5.1",
    ),
    e(
        "address",
        "Address",
        "The user's postal address (a JSON object).",
        "OIDC Core §5.1",
    ),
    e(
        "updated_at",
        "Updated At",
        "When the user's information was last updated (seconds since 1970).",
        "OIDC Core §5.1",
    ),
    e(
        "scope",
        "Scope",
        "Space-separated scopes granted to the token.",
        "RFC 8693 §4.2",
    ),
    e(
        "client_id",
        "Client ID",
        "The OAuth client the token was issued to.",
        "RFC 8693 §4.3",
    ),
    e(
        "cnf",
        "Confirmation",
        "The key the presenter must prove possession of.",
        "RFC 7800 §3.1",
    ),
    e(
        "act",
        "Actor",
        "Who acts on behalf of the subject (delegation).",
        "RFC 8693 §4.1",
    ),
    e(
        "roles",
        "Roles",
        "Roles granted to the subject (common, not registered).",
        "RFC 9068 §2.2.3.1",
    ),
    e(
        "groups",
        "Groups",
        "Groups the subject belongs to (common, not registered).",
        "RFC 9068 §2.2.3.1",
    ),
];

/// The explanation of a header parameter, if it is registered.
pub fn header_param(name: &str) -> Option<&'static Explanation> {
    HEADER_PARAMS.iter().find(|x| x.name == name)
}

/// The explanation of a claim, if it is registered or a common OIDC claim.
pub fn claim(name: &str) -> Option<&'static Explanation> {
    CLAIMS.iter().find(|x| x.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_claim_is_explained() {
        for name in ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"] {
            assert!(
                claim(name).is_some_and(|x| x.spec.starts_with("RFC 7519 §4.1")),
                "{name}"
            );
        }
        for name in [
            "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
        ] {
            assert!(
                header_param(name).is_some_and(|x| x.spec.starts_with("RFC 7515 §4.1")),
                "{name}"
            );
        }
        assert_eq!(claim("email").map(|x| x.spec), Some("OIDC Core §5.1"));
        assert!(claim("nope").is_none());
    }

    #[test]
    fn names_are_unique() {
        for table in [HEADER_PARAMS, CLAIMS] {
            for (i, a) in table.iter().enumerate() {
                assert!(
                    table[i + 1..].iter().all(|b| b.name != a.name),
                    "{}",
                    a.name
                );
            }
        }
    }
}
