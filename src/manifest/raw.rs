//! The manifest as serde reads it: every key of contract §2, kebab-case, unknown keys rejected.
//! Values keep their spans so that findings can point into `scope.toml`.

use std::ops::Range;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDocs {
    #[schemars(with = "Option<String>")]
    pub root: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub generator: Option<S<String>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub extensions: Option<Vec<S<String>>>,
    #[schemars(with = "Option<OneOrMany>")]
    pub index: Option<S<OneOrMany>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub exclude: Option<Vec<S<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub content_types: Option<Vec<S<String>>>,
    #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
    pub content_type_aliases: Option<IndexMap<String, S<String>>>,
    #[schemars(with = "Option<String>")]
    pub content_type_key: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub slug: Option<S<String>>,
    #[schemars(with = "Option<String>")]
    pub orphans: Option<S<String>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub nav: Option<Vec<S<String>>>,
    #[schemars(with = "Option<std::collections::BTreeMap<String, String>>")]
    pub site_paths: Option<IndexMap<String, S<String>>>,
    #[schemars(with = "Option<i64>")]
    pub max_page_bytes: Option<S<i64>>,
    #[schemars(with = "Option<std::collections::BTreeMap<String, EntrySchema>>")]
    pub pages: Option<IndexMap<String, S<RawEntry>>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSection {
    #[schemars(with = "Option<String>")]
    pub title: Option<S<String>>,
    #[schemars(with = "Option<i64>")]
    pub max_pages: Option<S<i64>>,
    #[schemars(with = "Option<String>")]
    pub content_type: Option<S<String>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub links_to: Option<Vec<S<String>>>,
    #[schemars(with = "Option<String>")]
    pub slug: Option<S<String>>,
    #[schemars(with = "Option<std::collections::BTreeMap<String, EntrySchema>>")]
    pub pages: Option<IndexMap<String, S<RawEntry>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTopic {
    #[schemars(with = "Option<String>")]
    pub title: Option<S<String>>,
    #[schemars(with = "OneOrMany")]
    pub owner: S<OneOrMany>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub pages: Vec<S<String>>,
    #[serde(default, rename = "match")]
    #[schemars(with = "Vec<String>")]
    pub matches: Vec<S<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMove {
    #[schemars(with = "String")]
    pub from: S<String>,
    #[schemars(with = "Option<String>")]
    pub to: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDuplicates {
    #[schemars(with = "Option<f64>")]
    pub threshold: Option<S<f64>>,
    #[schemars(with = "Option<i64>")]
    pub min_words: Option<S<i64>>,
    #[schemars(with = "Option<String>")]
    pub scope: Option<S<String>>,
    #[schemars(with = "Option<i64>")]
    pub min_passage_words: Option<S<i64>>,
    #[schemars(with = "Option<i64>")]
    pub boilerplate_pages: Option<S<i64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOverride {
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<S<String>>,
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub rules: IndexMap<String, S<String>>,
}

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    #[must_use]
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

/// The schema of a `pages` entry (`RawEntry` deserializes by hand to keep spans).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum EntrySchema {
    /// A content type.
    Type(String),
    /// A content type and a status.
    Table(EntryTable),
}

/// `{ type = "…", status = "planned" }`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EntryTable {
    #[serde(rename = "type")]
    ty: Option<String>,
    status: Option<String>,
}

/// The whole manifest, for `doclint schema` only: the parser reads the top-level tables one by
/// one (to report every problem), each through the type named here.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[allow(dead_code)]
pub struct ManifestSchema {
    docs: Option<RawDocs>,
    sections: Option<std::collections::BTreeMap<String, RawSection>>,
    topics: Option<std::collections::BTreeMap<String, RawTopic>>,
    moved: Option<Vec<RawMove>>,
    duplicates: Option<RawDuplicates>,
    /// Severity per rule id: error | warning | warn | info | off.
    rules: Option<std::collections::BTreeMap<String, String>>,
    overrides: Option<Vec<RawOverride>>,
}

/// A `pages` entry value: a content type, or `{ type = "…", status = "planned" }`.
#[derive(Debug, Clone, Default)]
pub struct RawEntry {
    pub ty: Option<S<String>>,
    pub status: Option<S<String>>,
}

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = RawEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a content type, or a table with `type` and `status`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEntry, E> {
                // The span of a bare string is the entry's own span; the caller fills it in.
                Ok(RawEntry { ty: Some(Spanned::new(0..0, v.to_owned())), status: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEntry, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Table {
                    #[serde(rename = "type")]
                    ty: Option<S<String>>,
                    status: Option<S<String>>,
                }
                let t = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawEntry { ty: t.ty, status: t.status })
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl RawEntry {
    /// Fills in the span of a bare-string entry from the entry's own span.
    #[must_use]
    pub fn with_span(mut self, span: &Range<usize>) -> Self {
        if let Some(ty) = &self.ty {
            if ty.span() == (0..0) {
                self.ty = Some(Spanned::new(span.clone(), ty.get_ref().clone()));
            }
        }
        self
    }
}

/// The top-level tables and what each holds, for unknown-key hints.
pub const TOP_LEVEL: &[&str] = &["docs", "sections", "topics", "moved", "duplicates", "rules", "overrides"];
