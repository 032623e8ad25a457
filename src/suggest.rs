//! "Did you mean" suggestions.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A name that is the start of exactly one candidate (`setup` for `setup-deployment`).
    let prefixed: Vec<&'a str> = candidates.iter().copied().filter(|c| lower.len() >= 3 && c.to_lowercase().starts_with(&lower)).collect();
    if let [only] = prefixed.as_slice() {
        return Some(only);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|&(score, c)| score >= 0.6 || (c.to_lowercase() == lower))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_near_names() {
        assert_eq!(super::closest("maxpages", ["title", "max-pages", "pages"]), Some("max-pages"));
        assert_eq!(super::closest("zzz", ["title", "max-pages"]), None);
        assert_eq!(super::closest("setup", ["training", "setup-deployment"]), Some("setup-deployment"));
    }
}
