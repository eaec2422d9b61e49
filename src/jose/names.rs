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
