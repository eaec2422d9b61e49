//! Reading a vocabulary's machine names back (`FromStr` for [`SecretEncoding`],
//! [`SecretFormat`], [`KeyPairSpec`]): one non-generic function, so each vocabulary
//! costs its list of names and nothing more in the page.
//!
//! [`SecretEncoding`]: super::key::SecretEncoding
//! [`SecretFormat`]: super::secret::SecretFormat
//! [`KeyPairSpec`]: super::key::KeyPairSpec

use super::error::{Error, ErrorKind, Result};

/// The index of `name` in `names`.
///
/// # Errors
/// `ERR_PARAMETER` naming `what` and listing the names there are.
pub(crate) fn position(names: &[&str], name: &str, what: &str) -> Result<usize> {
    names.iter().position(|n| *n == name).ok_or_else(|| {
        Error::new(
            ErrorKind::Parameter,
            format!("unknown {what} {name:?}: use {}", names.join(", ")),
        )
    })
}

/// `FromStr` (through [`position`]) and `Display` for a vocabulary with `ALL` and a
/// `const fn name(self) -> &'static str`: each reads its own names back, with
/// `what` naming it in the error.
macro_rules! vocabulary {
    ($ty:ty, $what:literal) => {
        impl std::str::FromStr for $ty {
            type Err = $crate::jose::error::Error;
            fn from_str(s: &str) -> $crate::jose::error::Result<Self> {
                let i = $crate::jose::names::position(&Self::ALL.map(Self::name), s, $what)?;
                Ok(Self::ALL[i])
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

pub(crate) use vocabulary;
