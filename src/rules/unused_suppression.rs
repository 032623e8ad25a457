//! unused-suppression: a suppression that suppressed nothing. Reported by the suppression
//! pass itself (`crate::suppress`), which knows what each suppression matched, and only with
//! `--report-unused-suppressions`.

use super::Rule;

pub(crate) struct UnusedSuppression;

impl Rule for UnusedSuppression {}
