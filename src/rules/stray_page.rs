use super::Rule;
pub(crate) struct StrayPage;
impl Rule for StrayPage {}
