//! Decisions that must be made once, here, and nowhere else.
//!
//! The page, the CLI, verification and signing all ask these functions; none of
//! them repeats the rule:
//!
//! | decision | function |
//! |---|---|
//! | which algorithm is pinned, and why | [`choose_alg`] |
//! | which key of a set signs or verifies, and why | [`select_key`] |
//! | what counts as algorithm confusion | [`hmac_confusion`], [`set_confusion`] |
//! | which key sets are refused outright | [`mixed_set`] |

mod algorithm;
mod confusion;
mod selection;

pub use algorithm::{choose_alg, key_allows, key_names, set_allows, AlgChoice, AlgSource};
pub use confusion::{hmac_confusion, set_confusion};
pub use selection::{candidates, header_kid, mixed_set, select_key, Selected, Selection};
