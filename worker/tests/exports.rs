//! The worker module's exports, natively: each answers with the engine's JSON
//! document, which the page reads back (`jwtscope::app`). The same functions run in
//! the page's worker (tests/e2e: "key pairs", "weak-secret check").

use jwtscope::app::KeyPairOutput;
use jwtscope::jose::alg::Curve;
use jwtscope::jose::key::KeyPairSpec;
use jwtscope_worker::worker_keypair;

#[test]
fn keypair_export_generates_ed25519_and_p256_pairs() {
    for kind in [KeyPairSpec::Ed25519, KeyPairSpec::Ec(Curve::P256)] {
        let json = worker_keypair(kind.name());
        let out = KeyPairOutput::from_reply(&json);
        assert!(out.is_ok(), "{json}");
        if let Ok(out) = out {
            assert_eq!(out.kind, kind);
            assert!(out.private_pem.contains("BEGIN PRIVATE KEY"));
            assert!(out.public_pem.contains("BEGIN PUBLIC KEY"));
            assert!(out.public_jwk.contains("\"kty\""));
            assert!(
                !out.public_jwk.contains("\"d\""),
                "the public JWK has no private part"
            );
        }
    }
}

#[test]
fn keypair_export_refuses_unknown_kinds_without_panicking() {
    let json = worker_keypair("dsa-1024");
    assert!(json.contains("\"ok\":false"), "{json}");
    assert!(json.contains("\"code\":\"ERR_PARAMETER\""), "{json}");
    assert!(KeyPairOutput::from_reply(&json).is_err());
    assert!(KeyPairOutput::from_reply("not json").is_err());
}
