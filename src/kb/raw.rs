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
    /// What marks a paste as coming from this provider (hosts, code families, SDK names).
    #[serde(default)]
    pub fingerprints: Option<RawFingerprints>,
    /// Services the knowledge base does not cover, so a paste from one gets an honest answer.
    #[serde(default)]
    pub other_services: Option<RawOtherServices>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFingerprints {
    /// Host names (`login.microsoftonline.com`) or patterns (`*.snowflakecomputing.com`).
    #[serde(default)]
    pub hosts: Vec<Spanned<String>>,
    /// URL paths, `*` standing for one segment (`/realms/*/protocol/openid-connect`).
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Prefixes of this provider's numbered error codes (`AADSTS` for `AADSTS50011`).
    #[serde(default)]
    pub codes: Vec<Spanned<String>>,
    /// Package, module and exception names only this provider's software prints.
    #[serde(default)]
    pub packages: Vec<Spanned<String>>,
    /// Product names: weaker evidence, since people mention products in passing.
    #[serde(default)]
    pub names: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOtherServices {
    /// Checks that apply to any OAuth provider, shown with a "not covered" answer.
    pub checks: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub service: Vec<RawOtherService>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOtherService {
    pub name: Spanned<String>,
    /// Where the service's endpoints or error texts are documented.
    pub source: Spanned<String>,
    #[serde(default)]
    pub hosts: Vec<Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    #[serde(default)]
    pub packages: Vec<Spanned<String>>,
    #[serde(default)]
    pub names: Vec<Spanned<String>>,
}

impl RawOtherService {
    /// The service's evidence in the shape providers declare it (services have no codes).
    pub fn fingerprints(&self) -> RawFingerprints {
        RawFingerprints {
            hosts: self.hosts.clone(),
            paths: self.paths.clone(),
            codes: Vec::new(),
            packages: self.packages.clone(),
            names: self.names.clone(),
        }
    }
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
    pub errors: Vec<Spanned<RawErrorText>>,
    #[serde(default)]
    pub variants: Vec<Spanned<RawErrorText>>,
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
    /// When the steps were last checked against the vendor's pages: a TOML date. Kept as a raw
    /// TOML value so that a quoted or partial date gets a message of our own, with its position.
    /// Optional here only so that `resolve` can say what to add when it is missing.
    #[serde(default)]
    pub checked: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub uncertain: Option<Spanned<String>>,
    #[serde(default)]
    pub if_not_fixed: Option<Spanned<String>>,
    /// Other providers whose software prints this error too (an Entra token refused by the
    /// Databricks SDK): their fingerprints in a paste do not rule the fix out.
    #[serde(default)]
    pub seen_with: Vec<Spanned<String>>,
}

/// One verbatim error wording with the address where it was seen:
/// `{ text = "…", source = "https://…" }`. Both keys are optional here so that a missing one is
/// reported by `resolve` with a message that says what to add; a bare string is refused while
/// parsing, because a wording without a source is exactly what format v2 rules out.
#[derive(Debug, Default)]
pub struct RawErrorText {
    pub text: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
}

/// Shown when `errors` or `variants` holds a plain string (the format before v2).
pub const BARE_ERROR_TEXT: &str = "an error text needs the address where it was seen: write \
     { text = \"…\", source = \"https://…\" } instead of a plain string";

impl<'de> Deserialize<'de> for RawErrorText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawErrorText;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table { text = \"…\", source = \"https://…\" }")
            }

            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<RawErrorText, E> {
                Err(E::custom(BARE_ERROR_TEXT))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawErrorText, A::Error> {
                let mut raw = RawErrorText::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => raw.text = Some(map.next_value()?),
                        "source" => raw.source = Some(map.next_value()?),
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "unknown key `{other}` in an error text (expected `text` and `source`)"
                            )));
                        }
                    }
                }
                Ok(raw)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    pub collect: Spanned<Vec<Spanned<String>>>,
}
