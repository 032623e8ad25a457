use super::Rule;
pub(crate) struct ContentTypeMismatch;
impl Rule for ContentTypeMismatch {}
