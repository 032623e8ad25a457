use super::Rule;
pub(crate) struct UnmatchedGlob;
impl Rule for UnmatchedGlob {}
