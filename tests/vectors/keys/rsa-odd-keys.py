#!/usr/bin/env python3
"""Writes an RSA private JWK (RFC 7518 §6.3.2 members) that OpenSSL cannot make,
e = 65537. Deterministic: Python's own generator, seeded, and Miller-Rabin with 30
rounds. Throwaway test keys: never use them for anything else.

    python3 rsa-odd-keys.py unbalanced > rsa2048.unbalanced.jwk
        p of 1030 bits and q of 1018 bits, n = p*q of 2048 bits (seed 7)
    python3 rsa-odd-keys.py repeated-prime > rsa2048.repeated-prime.jwk
        p = q of 1024 bits, n = p*p of 2048 bits, d = 1/e mod p-1, no CRT
        values (seed 11)
"""
import base64
import json
import random
import sys


def probably_prime(n, rounds=30):
    for small in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % small == 0:
            return n == small
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(random.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(bits):
    while True:
        candidate = random.getrandbits(bits) | (1 << (bits - 1)) | 1
        if probably_prime(candidate):
            return candidate


def b64(x):
    raw = x.to_bytes((x.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


e = 65537
kind = sys.argv[1] if len(sys.argv) > 1 else ""
if kind == "unbalanced":
    random.seed(7)
    while True:
        p, q = prime(1030), prime(1018)
        n = p * q
        if n.bit_length() == 2048 and (p - 1) % e and (q - 1) % e:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    members = {"kty": "RSA", "n": n, "e": e, "d": d, "p": p, "q": q,
               "dp": d % (p - 1), "dq": d % (q - 1), "qi": pow(q, -1, p)}
elif kind == "repeated-prime":
    random.seed(11)
    while True:
        p = prime(1024) | (1 << 1022)
        if probably_prime(p) and (p * p).bit_length() == 2048 and (p - 1) % e:
            break
    members = {"kty": "RSA", "n": p * p, "e": e, "d": pow(e, -1, p - 1),
               "p": p, "q": p}
else:
    sys.exit("usage: rsa-odd-keys.py unbalanced|repeated-prime")
print(json.dumps({k: v if k == "kty" else b64(v) for k, v in members.items()}))
