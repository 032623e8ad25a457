//! `MyST` syntax that `CommonMark` does not know: roles, `(label)=` targets, directives.
