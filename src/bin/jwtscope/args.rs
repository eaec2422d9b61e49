//! The command line, as clap derive types: doc comments are the help text.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use jwtscope::jose::alg::Curve;
use jwtscope::jose::key::generate::KeyPairSpec;
use jwtscope::jose::key::SecretEncoding;
use jwtscope::jose::secret::SecretFormat;

/// A local-only JWT debugger: decode, verify and sign JSON Web Tokens, and make and
/// inspect keys and secrets. Nothing is ever sent over the network.
#[derive(Debug, Parser)]
#[command(
    name = "jwtscope",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Print one JSON document on stdout (stable field names and error codes; see the README).
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a token without verifying it: header, payload, signature, claim times and
    /// every problem found. Never fails on a partial token.
    Decode(DecodeArgs),
    /// Verify a token's signature and claims with a pinned algorithm and a key or secret.
    ///
    /// Exit status: 0 valid; 1 invalid (signature, claims, or a refused token such as
    /// `alg: none`); 2 could not verify (unusable key, text that is not a token, usage
    /// error).
    #[command(group(ArgGroup::new("keysource").args(["key", "secret"]).required(true)))]
    Verify(VerifyArgs),
    /// Sign a JSON payload and print the compact token.
    #[command(group(ArgGroup::new("keysource").args(["key", "secret"]).required(true)))]
    Sign(SignArgs),
    /// Generate a random HMAC secret from the operating system's CSPRNG.
    Secret(SecretArgs),
    /// Generate a key pair (RSA, EC or Ed25519) as PEM, JWK or JWKS.
    Keygen(KeygenArgs),
    /// Describe a key (type, size, curve, thumbprint) and print it in the other formats.
    Key(KeyArgs),
    /// Review a token for security problems (RFC 8725): `alg: none`, no expiry, a long
    /// lifetime, keys or key URLs in the header, injection in `kid`, secrets in the
    /// payload, weak HMAC secrets (with --key/--secret)…, each with a fix.
    ///
    /// Exit status: 0 no warning or danger; 1 warnings or dangers; 2 bad input.
    #[command(group(ArgGroup::new("keysource").args(["key", "secret"]).required(false)))]
    Audit(AuditArgs),
    /// Check whether an HS256/384/512 token's secret is a weak one: the built-in list
    /// of known and default secrets, then a wordlist file, each candidate as UTF-8 and
    /// as base64, base64url or hex where it parses, on every core.
    ///
    /// Exit status: 0 found (the secret is printed); 1 not found; 2 bad input.
    Crack(CrackArgs),
}

/// `jwtscope decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token, or `-` to read it from stdin. An `Authorization: Bearer` prefix,
    /// quotes and line breaks are removed (and reported).
    #[arg(value_name = "TOKEN|-", allow_hyphen_values = true)]
    pub token: String,

    /// The time to show claim times against, in Unix seconds [default: the clock].
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

/// `jwtscope verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token, or `-` to read it from stdin.
    #[arg(value_name = "TOKEN|-", allow_hyphen_values = true)]
    pub token: String,

    /// The algorithm to verify with (HS256 … EdDSA). Without it: the one the key names
    /// (a JWK's `alg`, an EC or Ed25519 key), else the header's when the key allows it,
    /// never across families; never from the token alone.
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,

    #[command(flatten)]
    pub keys: KeySourceArgs,

    /// When the signature is not valid, say why: try the likely alternatives (the
    /// secret in another encoding, another algorithm of the key's family, another key
    /// of the set, a DER signature converted, the public key's text as an HMAC secret:
    /// a forgery) and print every one that verifies (`EXPLAIN_*` codes), or that none
    /// does. The verdict and the exit status do not change.
    #[arg(long)]
    pub explain: bool,

    /// The current time in Unix seconds for `exp`, `nbf` and `iat` [default: the clock].
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,

    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub leeway: u64,

    /// Require this `iss` claim.
    #[arg(long, value_name = "ISSUER")]
    pub iss: Option<String>,

    /// Require this audience in the `aud` claim.
    #[arg(long, value_name = "AUDIENCE")]
    pub aud: Option<String>,
}

/// Where `verify` and `sign` get their key: `--key FILE` or `--secret TEXT` (one of
/// them: the subcommand's `keysource` group), and how secret text becomes bytes.
#[derive(Debug, Args)]
pub struct KeySourceArgs {
    /// A key or secret file (`-` for stdin): PEM (SPKI, PKCS#1, PKCS#8, SEC1, X.509),
    /// the same DER as bare base64 without armour, an OpenSSH public key line, a JWK, a
    /// JWKS or a bare JSON array of JWKs, detected from the content. Of a set, the key
    /// the token's (or `--header`'s) `kid` names, else the first that can do the job.
    /// Any other text is an HMAC secret; public-key material never is.
    #[arg(long, value_name = "FILE")]
    pub key: Option<String>,

    /// An HMAC secret given on the command line.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub secret: Option<String>,

    /// How the secret's text turns into bytes.
    #[arg(long, value_name = "ENC", default_value = "utf8", value_parser = engine_names(&SecretEncoding::ALL.map(SecretEncoding::name), str::parse::<SecretEncoding>))]
    pub secret_encoding: SecretEncoding,
}

/// `jwtscope audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The token, or `-` to read it from stdin.
    #[arg(value_name = "TOKEN|-", allow_hyphen_values = true)]
    pub token: String,

    /// Optional: the key or secret, to review it too (a short or well-known secret).
    #[command(flatten)]
    pub keys: KeySourceArgs,

    /// The clock for `iat` in the future and a lifetime without `iat`, in Unix seconds
    /// [default: the clock].
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,

    /// The longest lifetime (`exp` − `iat`) not reported, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = jwtscope::jose::diagnose::DEFAULT_MAX_LIFETIME)]
    pub max_lifetime: u64,

    /// The `typ` this application expects (RFC 8725 §3.11); any other is reported.
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
}

/// `jwtscope crack`.
#[derive(Debug, Args)]
pub struct CrackArgs {
    /// The token, or `-` to read it from stdin.
    #[arg(value_name = "TOKEN|-", allow_hyphen_values = true)]
    pub token: String,

    /// A wordlist, one candidate a line, tried after the built-in list (read as it
    /// goes: any size).
    #[arg(long, value_name = "FILE")]
    pub wordlist: Option<std::path::PathBuf>,

    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// `jwtscope sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The claims as a JSON object, or `-` to read them from stdin.
    #[arg(value_name = "PAYLOAD_JSON|-", allow_hyphen_values = true)]
    pub payload: String,

    /// The algorithm to sign with (HS256 … EdDSA; never `none`).
    #[arg(long, value_name = "ALG")]
    pub alg: String,

    #[command(flatten)]
    pub keys: KeySourceArgs,

    /// Extra header members as a JSON object; `alg` is added first when absent and
    /// must match `--alg` when present.
    #[arg(long, value_name = "JSON")]
    pub header: Option<String>,

    /// Set `exp`: a duration from now (`90`, `90s`, `15m`, `2h`, `7d`, `1w`, `1h30m`,
    /// `-1h` for an expired token) or `@UNIX_SECONDS`.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub exp: Option<String>,

    /// Set `iat` to now.
    #[arg(long)]
    pub iat: bool,

    /// Set `jti`: `--jti=ID` for a given value, `--jti` alone for 128 random bits in
    /// base64url.
    #[arg(long, value_name = "ID", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub jti: Option<String>,

    /// The time the helpers count from, in Unix seconds [default: the clock].
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

/// `jwtscope secret`.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// The HMAC algorithm the secret is for: it sets the default size.
    #[arg(long, value_name = "HS256|HS384|HS512", default_value = "HS256")]
    pub alg: String,

    /// Size in bytes [default: the algorithm's hash size: 32, 48 or 64].
    #[arg(long, value_name = "N")]
    pub bytes: Option<usize>,

    /// How to print it.
    #[arg(long, value_name = "ENC", default_value = "base64url", value_parser = engine_names(&SecretFormat::ALL.map(SecretFormat::name), str::parse::<SecretFormat>))]
    pub encoding: SecretFormat,
}

/// `jwtscope keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The kind of key pair.
    #[arg(value_enum)]
    pub kind: KeyKind,

    /// RSA modulus size in bits (2048, 3072 or 4096) [default: 2048].
    #[arg(long, value_name = "N")]
    pub bits: Option<usize>,

    /// EC curve [default: P-256].
    #[arg(long, value_name = "CURVE", value_parser = engine_names(&KeyPairSpec::ec_curves().map(Curve::jwk_name).collect::<Vec<_>>(), curve))]
    pub curve: Option<Curve>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = KeyFormatArg::Pem)]
    pub format: KeyFormatArg,

    /// Write files into this directory (created if missing; existing files are never
    /// overwritten) instead of printing the keys. Private files get mode 0600 on Unix.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

/// `jwtscope key`.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The key file, or `-` to read it from stdin: PEM, JWK, JWKS or a secret.
    #[arg(value_name = "FILE|-", allow_hyphen_values = true)]
    pub file: String,

    /// Also print private forms (PKCS#8 PEM, private JWK) and secrets. Off by default:
    /// private material is never printed back unless asked for.
    #[arg(long)]
    pub private: bool,

    /// How a secret's text turns into bytes, when the file holds a secret.
    #[arg(long, value_name = "ENC", default_value = "utf8", value_parser = engine_names(&SecretEncoding::ALL.map(SecretEncoding::name), str::parse::<SecretEncoding>))]
    pub secret_encoding: SecretEncoding,
}

/// A value parser whose possible values are an engine vocabulary's names (so `--help`
/// and shell completion list them) and whose values are read by the engine's own
/// `FromStr`: the CLI keeps no copy of the list.
fn engine_names<T, E>(
    names: &[&'static str],
    parse: fn(&str) -> Result<T, E>,
) -> impl TypedValueParser<Value = T>
where
    T: Clone + Send + Sync + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync + 'static>> + 'static,
{
    PossibleValuesParser::new(names.to_vec()).try_map(move |s: String| parse(&s))
}

fn curve(name: &str) -> Result<Curve, String> {
    Curve::from_jwk_name(name).ok_or_else(|| format!("unknown curve {name:?}"))
}

/// Key pair kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyKind {
    /// RSA (RS256 … PS512).
    Rsa,
    /// Elliptic curve (ES256, ES384, ES512, ES256K).
    Ec,
    /// Ed25519 (EdDSA).
    Ed25519,
}

/// Key output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormatArg {
    /// PKCS#8 private key and SPKI public key, PEM.
    Pem,
    /// Private and public JWK.
    Jwk,
    /// A JWK Set with the public key, and the private JWK.
    Jwks,
}
