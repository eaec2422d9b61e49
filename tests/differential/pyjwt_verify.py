"""PyJWT's verdict on each case of tests/differential/run.mjs.

Reads one JSON case per line on stdin and writes one JSON line per case on stdout:
{"ok": true} when `jwt.decode` accepts the token, else {"ok": false, "error": "..."}.
A case: token, alg (the one algorithm allowed), key (the HMAC secret's text or a
public key's PEM) or jwks (a JWK Set's JSON: the key is the one the header's kid
names, as PyJWKClient chooses it), and the optional expected aud and iss and the
leeway in seconds.
PyJWT checks exp, nbf and iat against its own clock (it has no "now" option): the
cases' times are far enough from the harness's "now" for the run's few seconds.
"""

import json
import sys
import warnings

import jwt

warnings.simplefilter("ignore")  # short-key warnings: the verdict is what counts

for line in sys.stdin:
    case = json.loads(line)
    kwargs = {"algorithms": [case["alg"]], "leeway": case.get("leeway", 0)}
    if case.get("aud") is not None:
        kwargs["audience"] = case["aud"]
    if case.get("iss") is not None:
        kwargs["issuer"] = case["iss"]
    key = case["key"]
    if case["alg"].startswith("HS"):
        key = key.encode()
    try:
        if case.get("jwks"):
            # As PyJWKClient chooses: the header's kid (which must be a string) in the set.
            kid = jwt.get_unverified_header(case["token"]).get("kid")
            key = jwt.PyJWKSet.from_json(case["jwks"])[kid].key
        jwt.decode(case["token"], key, **kwargs)
        result = {"ok": True}
    except Exception as e:  # noqa: BLE001 - any refusal is a refusal
        result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(result), flush=True)
