use super::Rule;
pub(crate) struct MissingIndex;
impl Rule for MissingIndex {}
