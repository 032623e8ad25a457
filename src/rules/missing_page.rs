use super::Rule;
pub(crate) struct MissingPage;
impl Rule for MissingPage {}
