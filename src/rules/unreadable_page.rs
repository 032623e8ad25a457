use super::Rule;
pub(crate) struct UnreadablePage;
impl Rule for UnreadablePage {}
