//! The flow file as written: permissive serde structs that keep the source span of every value a
//! later check may need to point at. Nothing here is validated beyond its TOML shape; that is
//! `resolve`'s job, so one typo yields one clear message instead of a cascade.

use serde::Deserialize;
use serde_spanned::Spanned;

/// The top-level keys of a flow file other than the `fix`, `question`, `copy` and `symptom`
/// collections, which are deserialised entry by entry so one broken entry does not hide the rest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub summary: Spanned<String>,
    #[serde(default)]
    pub docs: Option<Spanned<String>>,
    /// Position on the home screen; lower comes first, ties by name.
    #[serde(default)]
    pub order: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCopy {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    pub value: Spanned<String>,
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSymptom {
    pub label: Spanned<String>,
    pub next: Spanned<String>,
    #[serde(default)]
    pub detail: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub text: Spanned<String>,
    #[serde(default)]
    pub help: Option<Spanned<String>>,
    pub answers: Spanned<Vec<RawAnswer>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    pub label: Spanned<String>,
    pub next: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFix {
    pub title: Spanned<String>,
    #[serde(default)]
    pub errors: Vec<Spanned<String>>,
    #[serde(default)]
    pub variants: Vec<Spanned<String>>,
    #[serde(default)]
    pub clues: Vec<Spanned<String>>,
    #[serde(default)]
    pub codes: Vec<Spanned<String>>,
    pub seen: Spanned<String>,
    pub cause: Spanned<String>,
    pub steps: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub copy: Vec<Spanned<String>>,
    #[serde(default)]
    pub docs: Vec<Spanned<String>>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub uncertain: Option<Spanned<String>>,
    #[serde(default)]
    pub if_not_fixed: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    pub collect: Spanned<Vec<Spanned<String>>>,
}
