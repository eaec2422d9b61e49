//! Spawning the binary and checking what it did, with the whole run printed on failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde_json::Value;

/// The clock every test pins with `--now` (2023-11-14 22:13:20 UTC).
pub const NOW: i64 = 1_700_000_000;

/// The token jwt.io shows first: HS256, secret `your-256-bit-secret`, `iat` 1516239022.
pub const JWT_IO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
pub const JWT_IO_SECRET: &str = "your-256-bit-secret";

/// One finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn dump(&self) -> String {
        format!(
            "jwtscope {}\n--- exit {}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args
                .iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Asserts the exit status.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            expected,
            "expected exit {expected}, got {}\n{}",
            self.code,
            self.dump()
        );
        self
    }

    /// Asserts stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.dump()
        );
        self
    }

    /// Asserts stdout does not contain `needle`.
    #[track_caller]
    pub fn stdout_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stdout.contains(needle),
            "stdout has {needle:?}\n{}",
            self.dump()
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.dump()
        );
        self
    }

    /// Asserts the first stdout line starts with `prefix`.
    #[track_caller]
    pub fn first_line_starts(&self, prefix: &str) -> &Self {
        let first = self.stdout.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(prefix),
            "first line {first:?} does not start with {prefix:?}\n{}",
            self.dump()
        );
        self
    }

    /// A usage or input error: exit 2, one line on stderr naming `code`, nothing on stdout.
    #[track_caller]
    pub fn error_line(&self, code: &str) -> &Self {
        self.code(2);
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert!(
            lines.len() == 1
                && lines[0].starts_with("error: ")
                && lines[0].ends_with(&format!("({code})")),
            "expected one stderr line \"error: … ({code})\"\n{}",
            self.dump()
        );
        assert!(
            self.stdout.is_empty(),
            "stdout should be empty on error\n{}",
            self.dump()
        );
        self
    }

    /// Stdout as one JSON document.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document: {e}\n{}", self.dump()))
    }

    /// `--json` error document: exit 2, `{"error": {"code": code, "message": …}}`.
    #[track_caller]
    pub fn json_error(&self, code: &str) -> Value {
        self.code(2);
        let doc = self.json();
        assert_eq!(doc["error"]["code"], code, "{}", self.dump());
        assert!(
            doc["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}",
            self.dump()
        );
        doc
    }

    /// The first stdout line.
    pub fn first_line(&self) -> &str {
        self.stdout.lines().next().unwrap_or_default()
    }
}

/// Runs `jwtscope args…` with empty stdin.
pub fn jwtscope(args: &[&str]) -> Run {
    run(args, None)
}

/// Runs `jwtscope args…` with `stdin` on standard input.
pub fn jwtscope_stdin(args: &[&str], stdin: &str) -> Run {
    run(args, Some(stdin))
}

fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwtscope"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jwtscope");
    {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        if let Some(text) = stdin {
            // The binary may exit without reading (an error before stdin is needed).
            let _ = pipe.write_all(text.as_bytes());
        }
    }
    let out = child.wait_with_output().expect("wait for jwtscope");
    let run = Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    // Whatever the input: never a panic, a backtrace or a signal.
    assert!(
        !run.stderr.contains("panicked")
            && !run.stderr.contains("stack backtrace")
            && run.code >= 0,
        "jwtscope panicked or was killed\n{}",
        run.dump()
    );
    run
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "jwtscope-cli-{}-{}-{name}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `name` in the directory and returns its path as a string.
    pub fn write(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write temp file");
        path.to_string_lossy().into_owned()
    }

    pub fn join(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Key files made by `jwtscope keygen --format pem --out-dir`.
pub struct KeyFiles {
    pub private_pem: String,
    pub public_pem: String,
}

/// Runs `keygen KIND_ARGS… --format pem --out-dir DIR --json` and returns the paths.
pub fn keygen_pem(dir: &TempDir, kind_args: &[&str]) -> KeyFiles {
    let mut args = vec!["keygen"];
    args.extend_from_slice(kind_args);
    let out_dir = dir.path().to_string_lossy().into_owned();
    args.extend_from_slice(&["--format", "pem", "--out-dir", &out_dir, "--json"]);
    let run = jwtscope(&args);
    run.code(0);
    let doc = run.json();
    let files = doc["files"].as_array().expect("files array");
    let path = |private: bool| {
        files
            .iter()
            .find(|f| f["private"] == private)
            .and_then(|f| f["path"].as_str())
            .expect("file path")
            .to_string()
    };
    KeyFiles {
        private_pem: path(true),
        public_pem: path(false),
    }
}

/// A key pair's PEM texts, made once and shared.
pub struct KeyTexts {
    pub private_pem: String,
    pub public_pem: String,
}

impl KeyTexts {
    /// Writes both PEMs into `dir` and returns their paths.
    pub fn files(&self, dir: &TempDir, stem: &str) -> KeyFiles {
        KeyFiles {
            private_pem: dir.write(&format!("{stem}.private.pem"), &self.private_pem),
            public_pem: dir.write(&format!("{stem}.public.pem"), &self.public_pem),
        }
    }
}

fn keygen_texts(name: &str, kind_args: &[&str]) -> KeyTexts {
    let dir = TempDir::new(name);
    let files = keygen_pem(&dir, kind_args);
    KeyTexts {
        private_pem: std::fs::read_to_string(files.private_pem).expect("read private PEM"),
        public_pem: std::fs::read_to_string(files.public_pem).expect("read public PEM"),
    }
}

/// One RSA 2048 key pair for the whole test binary: RSA generation is slow in debug
/// builds, and all six RS/PS algorithms (and every RSA test) can share it. Made with
/// `keygen` itself; its directory is removed at once, tests write their own copies.
pub fn shared_rsa() -> &'static KeyTexts {
    static KEYS: OnceLock<KeyTexts> = OnceLock::new();
    KEYS.get_or_init(|| keygen_texts("shared-rsa", &["rsa", "--bits", "2048"]))
}

/// One P-256 key pair shared by tests that need "some asymmetric key".
pub fn shared_ec() -> &'static KeyTexts {
    static KEYS: OnceLock<KeyTexts> = OnceLock::new();
    KEYS.get_or_init(|| keygen_texts("shared-ec", &["ec", "--curve", "P-256"]))
}

/// base64url without padding, for hand-made tokens.
pub fn b64(bytes: &[u8]) -> String {
    jwtscope::jose::b64::encode(bytes)
}

/// A hand-made compact token from header and payload JSON and a signature segment.
pub fn token(header: &str, payload: &str, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        b64(header.as_bytes()),
        b64(payload.as_bytes())
    )
}

/// `sign --secret SECRET --alg HS256 --now NOW PAYLOAD extra…`, returning the token.
pub fn hs256(payload: &str, secret: &str, extra: &[&str]) -> String {
    let now = NOW.to_string();
    let mut args = vec!["sign", "--alg", "HS256", "--secret", secret, "--now", &now];
    args.extend_from_slice(extra);
    args.push(payload);
    let run = jwtscope(&args);
    run.code(0);
    run.stdout.trim().to_string()
}
