use super::Rule;
pub(crate) struct MissingContentType;
impl Rule for MissingContentType {}
