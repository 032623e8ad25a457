use super::Rule;
pub(crate) struct PageBudget;
impl Rule for PageBudget {}
