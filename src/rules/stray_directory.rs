use super::Rule;
pub(crate) struct StrayDirectory;
impl Rule for StrayDirectory {}
