//! The weak-secret check: is an HS256/384/512 token's secret one of a list?
//!
//! Each candidate is tried as its UTF-8 bytes and, where it parses, as base64,
//! base64url and hex (people paste secrets in every form). The check is the HMAC of
//! the token's own signing input compared in constant time with its tag — exactly what
//! verification does — so a "found" is a proof, not a guess.
//!
//! The built-in list ([`builtin`]) is this project's own (`weak_secrets.txt`, with its
//! sources) plus common words with digits. A user's wordlist is read by the caller,
//! whole lines ([`wordlist_line`]: the CLI streams a file) or byte windows
//! ([`wordlist_window`]: the page's workers each read a slice of a `File`), with
//! the same rule for what a line is.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::jose::alg::{Algorithm, Family};
use crate::jose::b64;
use crate::jose::crypto;
use crate::jose::decode::{Decoded, TokenForm};
use crate::jose::error::{Error, ErrorKind, Result};
use crate::jose::key::SecretEncoding;

/// The project's list, one secret a line, `# ` comments.
const LIST: &str = include_str!("weak_secrets.txt");

/// Words combined with [`SUFFIXES`] in [`builtin`].
const WORDS: &[&str] = &[
    "secret", "password", "jwt", "key", "token", "admin", "test", "changeme", "qwerty", "letmein",
    "welcome", "auth", "api", "app", "dev", "demo",
];

/// Digit and symbol endings people add to a word.
const SUFFIXES: &[&str] = &[
    "1", "12", "123", "1234", "12345", "123456", "!", "!!", "01", "007", "@123", "_123", "-123",
    "2020", "2021", "2022", "2023", "2024", "2025", "2026",
];

/// The longest wordlist line tried, in bytes without its line end. Longer lines are
/// skipped: no secret is that long, and a file without line breaks must never be
/// read into memory whole.
pub const MAX_LINE: usize = 4096;

/// How far past its own range a [`wordlist_window`] must reach (unless it reaches the
/// end of the file): the longest line with its `\r\n`, so a line that starts in the
/// range is seen whole or known to be too long.
pub const WINDOW_TAIL: usize = MAX_LINE + 2;

/// The UTF-8 byte-order mark some editors write at the start of a text file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// One wordlist line as a candidate: its line end (`\n`, `\r\n`) removed. A line that
/// is not UTF-8 (Latin-1 and the other legacy encodings of lists such as
/// rockyou.txt) is its bytes, written as hex: [`CrackTarget::try_candidate`] tries
/// the bytes themselves through the hex reading, and a find says so ("hex"), a key
/// the page and `verify` read back with the hex encoding. `None` for an empty line,
/// a line that starts as UTF-16 text does (a NUL in its first two bytes: a UTF-16
/// file reads as UTF-8 full of NULs, and cannot hold a secret typed as text), or one
/// longer than [`MAX_LINE`]. `first`: the file's first line, whose UTF-8 byte-order
/// mark is not part of it.
pub fn wordlist_line(line: &[u8], first: bool) -> Option<Cow<'_, str>> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = if first {
        line.strip_prefix(BOM).unwrap_or(line)
    } else {
        line
    };
    // UTF-16 text read as UTF-8 has a NUL in every character's first or second byte:
    // looking at the first two is enough (no scan of every line in the hot loop).
    let utf16 = line.first() == Some(&0) || line.get(1) == Some(&0);
    if line.is_empty() || line.len() > MAX_LINE || utf16 {
        return None;
    }
    Some(match std::str::from_utf8(line) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(hex::encode(line)),
    })
}

/// A wordlist read as a stream (what `jwtscope crack --wordlist` does): the
/// candidates by [`wordlist_line`], in bounded memory whatever the file — a line
/// longer than [`MAX_LINE`] is skipped in bounded reads, never held whole.
pub struct WordlistReader<R> {
    reader: R,
    line: Vec<u8>,
    first: bool,
}

impl<R: std::io::BufRead> WordlistReader<R> {
    /// Reads `reader` from its start.
    pub fn new(reader: R) -> Self {
        WordlistReader {
            reader,
            line: Vec::new(),
            first: true,
        }
    }
}

impl<R: std::io::BufRead> Iterator for WordlistReader<R> {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::{BufRead, Read};
        loop {
            self.line.clear();
            // The longest line and its CR LF (and a BOM on the first line).
            let limit = (MAX_LINE + 2 + if self.first { BOM.len() } else { 0 }) as u64;
            let read = match (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.line)
            {
                Ok(n) => n,
                Err(e) => return Some(Err(e)),
            };
            if read == 0 {
                return None;
            }
            let first = std::mem::replace(&mut self.first, false);
            if read as u64 == limit && self.line.last() != Some(&b'\n') {
                // Longer than any secret: skip the rest of the line, in bounded reads.
                loop {
                    self.line.clear();
                    match (&mut self.reader)
                        .take(MAX_LINE as u64)
                        .read_until(b'\n', &mut self.line)
                    {
                        Ok(0) => return None,
                        Ok(_) if self.line.last() == Some(&b'\n') => break,
                        Ok(_) => {}
                        Err(e) => return Some(Err(e)),
                    }
                }
                continue;
            }
            if let Some(text) = wordlist_line(&self.line, first) {
                return Some(Ok(text.into_owned()));
            }
        }
    }
}

/// The candidates of a byte window of a wordlist: every line that *starts* in
/// `buf[from..to]` (so windows that tile a file see each line exactly once), read by
/// [`wordlist_line`].
///
/// A line starts at offset 0 of the file or after a `\n`: `buf` must therefore begin
/// at the file's first byte (`from == 0`, and only then) or at least one byte before
/// `from`, and end
/// at the end of the file (`at_end`) or at least [`WINDOW_TAIL`] bytes after `to`. A
/// line that starts in the range and does not end inside `buf` (when `buf` is not the
/// end of the file) is longer than [`MAX_LINE`] and skipped. Linear in `buf`.
pub fn wordlist_window(
    buf: &[u8],
    from: usize,
    to: usize,
    at_end: bool,
) -> impl Iterator<Item = Cow<'_, str>> {
    let to = to.min(buf.len());
    // The first line start at or after `from`.
    let mut start = if from == 0 || buf.get(from - 1) == Some(&b'\n') {
        Some(from)
    } else {
        buf.get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map(|i| from + i + 1)
    };
    std::iter::from_fn(move || loop {
        let s = start.filter(|&s| s < to)?;
        let rest = buf.get(s..)?;
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (rest.get(..=i)?, Some(s + i + 1)),
            None if at_end => (rest, None),
            None => return None, // longer than MAX_LINE: the window holds WINDOW_TAIL more
        };
        start = next;
        if let Some(text) = wordlist_line(line, s == 0) {
            return Some(text);
        }
    })
}

/// What is being cracked: an HMAC token's signing input and tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrackTarget {
    alg: Algorithm,
    input: Vec<u8>,
    tag: Vec<u8>,
}

/// Where a found secret came from, and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The secret as written in the list.
    pub secret: String,
    /// How its text turns into the key's bytes.
    pub encoding: SecretEncoding,
}

impl CrackTarget {
    /// The token to check: a complete JWS whose header names HS256, HS384 or HS512 and
    /// whose tag has that hash's length.
    ///
    /// # Errors
    /// `ERR_JWT_MALFORMED` for anything but a complete JWS; `ERR_ALG_*` for a header
    /// without a usable `alg`; `ERR_KEY_TYPE` for a token not signed with HMAC (its
    /// key is not a secret: nothing to crack); `ERR_JWS_SIGNATURE_LENGTH` for a tag of
    /// the wrong length.
    pub fn new(decoded: &Decoded) -> Result<CrackTarget> {
        let (TokenForm::Jws, Some(input), Some(tag)) = (
            decoded.form,
            decoded.signing_input(),
            decoded.signature.as_ref(),
        ) else {
            // Why the token is not a complete JWS, as decode says it (Decoded::first_error).
            return Err(
                decoded.first_error("a complete signed token (header.payload.signature) is needed")
            );
        };
        CrackTarget::from_parts(decoded.alg()?, input.to_vec(), tag.clone())
    }

    /// The target from what [`CrackTarget::new`] reads from a token: the algorithm,
    /// the signing input and the tag. The page's workers get these rather than the
    /// token, so the module they run holds no token decoder.
    ///
    /// # Errors
    /// `ERR_KEY_TYPE` for an algorithm that is not HMAC (its key is not a secret:
    /// nothing to crack); `ERR_JWS_SIGNATURE_LENGTH` for a tag of the wrong length.
    pub fn from_parts(alg: Algorithm, input: Vec<u8>, tag: Vec<u8>) -> Result<CrackTarget> {
        if alg.family() != Family::Hmac {
            return Err(Error::new(
                ErrorKind::KeyType,
                format!("this token is signed with {alg}, not an HMAC secret: there is no secret to check"),
            ));
        }
        if tag.len() != alg.hash().size() {
            return Err(Error::new(
                ErrorKind::SignatureLength,
                format!(
                    "the {alg} tag is {} bytes; it must be {}",
                    tag.len(),
                    alg.hash().size()
                ),
            ));
        }
        Ok(CrackTarget { alg, input, tag })
    }

    /// The signing input (`header.payload`, as the token carries it).
    pub fn input(&self) -> &[u8] {
        &self.input
    }

    /// The tag.
    pub fn tag(&self) -> &[u8] {
        &self.tag
    }

    /// The algorithm.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// Whether `key` is the secret (the HMAC of the signing input equals the tag,
    /// compared in constant time).
    #[inline]
    pub fn matches(&self, key: &[u8]) -> bool {
        crypto::hmac_tag_matches(self.alg, key, &self.input, &self.tag)
    }

    /// Tries one candidate in every encoding it parses as; the number of HMACs made
    /// is added to `tried`.
    #[inline]
    pub fn try_candidate(&self, text: &str, tried: &mut u64) -> Option<Found> {
        if text.is_empty() {
            return None;
        }
        let found = |encoding| {
            Some(Found {
                secret: text.to_string(),
                encoding,
            })
        };
        *tried += 1;
        if self.matches(text.as_bytes()) {
            return found(SecretEncoding::Utf8);
        }
        let mut seen: Option<Vec<u8>> = None;
        // Most words are not base64 (a space, a dot…): skip the decoder and its error.
        let base64_alphabet = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='));
        if let Some(Ok(bytes)) = base64_alphabet.then(|| b64::decode_any(text)) {
            if !bytes.is_empty() {
                *tried += 1;
                if self.matches(&bytes) {
                    let encoding = if text.contains(['-', '_']) {
                        SecretEncoding::Base64Url
                    } else {
                        SecretEncoding::Base64
                    };
                    return found(encoding);
                }
                seen = Some(bytes);
            }
        }
        if text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Ok(bytes) = hex::decode(text) {
                if seen.as_deref() != Some(&bytes) {
                    *tried += 1;
                    if self.matches(&bytes) {
                        return found(SecretEncoding::Hex);
                    }
                }
            }
        }
        None
    }

    /// Tries `candidates` in order until one is the secret or `stop` is set (by
    /// another worker that found it, or a cancel button).
    pub fn search(
        &self,
        candidates: impl IntoIterator<Item = impl AsRef<str>>,
        stop: &AtomicBool,
    ) -> (Option<Found>, u64) {
        let mut tried = 0;
        for (i, text) in candidates.into_iter().enumerate() {
            if i % 256 == 0 && stop.load(Ordering::Relaxed) {
                break;
            }
            if let Some(found) = self.try_candidate(text.as_ref(), &mut tried) {
                stop.store(true, Ordering::Relaxed);
                return (Some(found), tried);
            }
        }
        (None, tried)
    }
}

/// The built-in candidates: the project's list (`weak_secrets.txt`), then each of a
/// few common words, plain and capitalised, with common digit and symbol endings.
pub fn builtin() -> Vec<Cow<'static, str>> {
    let mut out: Vec<Cow<'static, str>> = LIST
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("# "))
        .map(Cow::Borrowed)
        .collect();
    for word in WORDS {
        let mut capital = word.to_string();
        if let Some(first) = capital.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        for base in [word.to_string(), capital] {
            for suffix in SUFFIXES {
                out.push(Cow::Owned(format!("{base}{suffix}")));
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::jose::decode::decode_unverified;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Sha256, Sha512};

    fn hs(alg: Algorithm, key: &[u8]) -> CrackTarget {
        let input = format!(
            "{}.{}",
            b64::encode(format!(r#"{{"alg":"{alg}"}}"#).as_bytes()),
            b64::encode(br#"{"sub":"x"}"#)
        );
        let tag = match alg {
            Algorithm::HS256 => {
                let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
                m.update(input.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
            _ => {
                let mut m = Hmac::<Sha512>::new_from_slice(key).unwrap();
                m.update(input.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
        };
        CrackTarget::new(&decode_unverified(&format!(
            "{input}.{}",
            b64::encode(&tag)
        )))
        .unwrap()
    }

    #[test]
    fn every_encoding() {
        let stop = AtomicBool::new(false);
        let t = hs(Algorithm::HS256, b"keyboard cat");
        let (found, tried) = t.search(["nope", "keyboard cat"], &stop);
        assert_eq!(found.map(|f| f.encoding), Some(SecretEncoding::Utf8));
        assert!(tried >= 2);
        let raw = [0xde, 0xad, 0xbe, 0xef, 0x01];
        let t = hs(Algorithm::HS512, &raw);
        for (text, enc) in [
            ("3q2+7wE=", SecretEncoding::Base64),
            ("3q2-7wE", SecretEncoding::Base64Url),
            ("deadbeef01", SecretEncoding::Hex),
        ] {
            let found = t.search([text], &AtomicBool::new(false)).0;
            assert_eq!(found.map(|f| f.encoding), Some(enc), "{text}");
        }
    }

    #[test]
    fn the_builtin_list() {
        let list = builtin();
        assert!(list.len() > 500, "{}", list.len());
        assert!(list.iter().all(|s| !s.is_empty() && !s.starts_with("# ")));
        for known in [
            "your-256-bit-secret",
            "keyboard cat",
            "Secret2024",
            "password123",
        ] {
            assert!(list.iter().any(|s| s == known), "{known}");
        }
        // Every entry of the engine's per-keystroke list is in the built-in one, and
        // so is the page's example secret (found through its base64url decoding).
        assert!(list
            .iter()
            .any(|s| s == crate::jose::secret::EXAMPLE_SECRET));
        for w in crate::jose::secret::BUILTIN_WEAK_SECRETS {
            assert!(list.iter().any(|s| s == w), "{w}");
        }
        let t = hs(Algorithm::HS256, b"Secret2024");
        let (found, _) = t.search(list.iter().map(|s| s.as_ref()), &AtomicBool::new(false));
        assert_eq!(found.map(|f| f.secret), Some("Secret2024".into()));
    }

    #[test]
    fn only_hmac_tokens() {
        let rs = decode_unverified(include_str!("../../../tests/e2e/fixtures/rs256.jwt").trim());
        assert_eq!(
            CrackTarget::new(&rs).err().map(|e| e.kind()),
            Some(ErrorKind::KeyType)
        );
        let none = decode_unverified(include_str!("../../../tests/e2e/fixtures/none.jwt").trim());
        assert!(CrackTarget::new(&none).is_err());
        // A stop set by another worker ends the search.
        let t = hs(Algorithm::HS256, b"zzz");
        let stop = AtomicBool::new(true);
        assert_eq!(t.search(["a", "b", "zzz"], &stop), (None, 0));
    }

    /// Splits `file` into windows of `size` bytes as the page's workers do and
    /// returns every candidate in order.
    fn tiled(file: &[u8], size: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut from = 0;
        while from < file.len() {
            let to = (from + size).min(file.len());
            let lo = from.saturating_sub(1);
            let hi = (to + WINDOW_TAIL).min(file.len());
            let window = &file[lo..hi];
            out.extend(
                wordlist_window(window, from - lo, to - lo, hi == file.len()).map(Cow::into_owned),
            );
            from = to;
        }
        out
    }

    #[test]
    fn wordlist_lines_and_windows_agree() {
        let long = "x".repeat(MAX_LINE + 1);
        let edge = "y".repeat(MAX_LINE);
        let mut file = Vec::new();
        file.extend_from_slice(b"secret\r\npassword\n\nhunter2\n");
        file.extend_from_slice(long.as_bytes());
        file.extend_from_slice(b"\n");
        file.extend_from_slice(b"\xff\xfe not utf-8\n");
        file.extend_from_slice(edge.as_bytes());
        file.extend_from_slice(b"\r\nlast-without-newline");
        // Whole lines, as the CLI reads them.
        let whole: Vec<String> = file
            .split_inclusive(|&b| b == b'\n')
            .enumerate()
            .filter_map(|(i, l)| wordlist_line(l, i == 0))
            .map(Cow::into_owned)
            .collect();
        assert_eq!(
            whole.iter().map(|s| s.len()).collect::<Vec<_>>(),
            vec![6, 8, 7, 24, MAX_LINE, 20],
            "the empty line and the long line are skipped, the non-UTF-8 line is its bytes in hex; CR LF is a line end"
        );
        assert_eq!(whole[0], "secret");
        assert_eq!(whole[3], hex::encode(b"\xff\xfe not utf-8"));
        assert_eq!(whole[5], "last-without-newline");
        // Every window size sees each line once, in order.
        for size in [1, 2, 3, 5, 7, 64, 1000, MAX_LINE, MAX_LINE + 3, file.len()] {
            assert_eq!(tiled(&file, size), whole, "window size {size}");
        }
    }

    #[test]
    fn a_window_that_cannot_see_a_line_end_skips_it() {
        // No line end within the window and not the end of the file: too long.
        let buf = vec![b'z'; 100];
        assert_eq!(wordlist_window(&buf, 0, 10, false).count(), 0);
        assert_eq!(
            wordlist_window(&buf, 0, 10, true).count(),
            1,
            "at the end of the file, a line longer than the range is read whole"
        );
        let small = b"ab\ncd";
        assert_eq!(
            wordlist_window(small, 0, 6, true).collect::<Vec<_>>(),
            vec!["ab", "cd"]
        );
        assert_eq!(
            wordlist_window(small, 1, 6, true).collect::<Vec<_>>(),
            vec!["cd"]
        );
        assert_eq!(
            wordlist_window(small, 3, 6, true).collect::<Vec<_>>(),
            vec!["cd"]
        );
        assert_eq!(wordlist_window(small, 4, 6, true).count(), 0);
        assert_eq!(
            wordlist_window(small, 0, 99, true).count(),
            2,
            "a range past the end is clamped"
        );
    }

    /// adv-review: the CLI's streaming reader (WordlistReader) and the
    /// page's windows (Part::read_range's bounds) agree on random files with long
    /// lines near MAX_LINE, CR, CR LF, BOMs and invalid UTF-8, for random window sizes.
    #[test]
    fn adv_cli_stream_and_windows_agree_on_random_files() {
        fn cli(file: &[u8]) -> Vec<String> {
            WordlistReader::new(std::io::BufReader::new(file))
                .map(|l| l.unwrap())
                .collect()
        }
        let mut seed: u64 = 0x1234_5678;
        let mut rnd = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let mut file = Vec::new();
            let pieces = rnd(12);
            for _ in 0..pieces {
                match rnd(9) {
                    0 => file.extend(std::iter::repeat_n(
                        b'a',
                        (MAX_LINE as u64 - 2 + rnd(6)) as usize,
                    )),
                    1 => file.push(b'\r'),
                    2 | 3 => file.push(b'\n'),
                    4 => file.extend_from_slice(b"\r\n"),
                    5 => file.extend_from_slice(b"\xef\xbb\xbf"),
                    6 => file.push(0xff),
                    _ => file.extend(std::iter::repeat_n(b'b', rnd(20) as usize)),
                }
            }
            let whole = cli(&file);
            for size in [1 + rnd(8) as usize, 1 + rnd(5000) as usize, 4096, 65536] {
                assert_eq!(tiled(&file, size), whole, "size {size}");
            }
        }
    }

    /// adv-review: a UTF-8 BOM at the start of a wordlist (Windows editors) is part
    /// of the first candidate, so the first line can never be found.
    #[test]
    fn adv_a_bom_hides_the_first_line() {
        let file = b"\xef\xbb\xbfsecret\r\nother\r\n";
        let lines: Vec<_> = wordlist_window(file, 0, file.len(), true).collect();
        assert_eq!(lines, vec!["secret", "other"]);
        let streamed: Vec<String> = WordlistReader::new(&file[..]).map(|l| l.unwrap()).collect();
        assert_eq!(streamed, lines, "the stream reads it the same");
        // Only at the start of the file: elsewhere a BOM is part of the line.
        let later = b"a\n\xef\xbb\xbfb\n";
        assert_eq!(
            wordlist_window(later, 0, later.len(), true).nth(1),
            Some("\u{feff}b".into())
        );
    }

    /// A wordlist line that is not UTF-8 (here Latin-1, as in rockyou.txt) is tried
    /// as its bytes, read by the stream and by the windows alike, and a find names
    /// them in hex (review of session 16: such lines were skipped, and a secret in
    /// the list was reported NOT FOUND).
    #[test]
    fn a_line_that_is_not_utf8_is_tried_as_its_bytes() {
        let secret = b"contrase\xf1a";
        let t = hs(Algorithm::HS256, secret);
        let file = b"password\ncontrase\xf1a\r\nlast\n";
        let hex = hex::encode(secret);
        let windowed: Vec<_> = wordlist_window(file, 0, file.len(), true).collect();
        assert_eq!(windowed, ["password", hex.as_str(), "last"]);
        let streamed: Vec<String> = WordlistReader::new(&file[..]).map(|l| l.unwrap()).collect();
        assert_eq!(streamed, windowed);
        let (found, _) = t.search(windowed, &AtomicBool::new(false));
        assert_eq!(
            found,
            Some(Found {
                secret: hex,
                encoding: SecretEncoding::Hex
            })
        );
    }

    #[test]
    fn utf16_and_empty_lines_are_not_candidates() {
        // "secret\r\n" in UTF-16LE: valid UTF-8, NULs throughout.
        let utf16: Vec<u8> = "secret\r\nhunter2\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(wordlist_window(&utf16, 0, utf16.len(), true).count(), 0);
        assert_eq!(WordlistReader::new(&utf16[..]).count(), 0);
        assert_eq!(wordlist_line(b"\r\n", false), None);
        assert_eq!(wordlist_line(b"", true), None);
    }
}
