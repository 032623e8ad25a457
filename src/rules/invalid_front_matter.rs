use super::Rule;
pub(crate) struct InvalidFrontMatter;
impl Rule for InvalidFrontMatter {}
