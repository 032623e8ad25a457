use super::Rule;
pub(crate) struct UnknownContentType;
impl Rule for UnknownContentType {}
