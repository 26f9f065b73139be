//! The flow file as written: permissive serde structs that keep the source span of every value a
//! later check may need to point at. Nothing here is validated beyond its TOML shape; that is
//! `resolve`'s job, so one typo yields one clear message instead of a cascade.
//!
//! The same structs describe the format to editors: `assets/flow.schema.json` is generated from
//! their `JsonSchema` derives (`src/assets/schema.rs`). The `schemars` attributes say what the
//! spans hide (a `Spanned<String>` is a string) and what `resolve` requires beyond the TOML shape;
//! the doc comments become the descriptions an editor shows.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_spanned::Spanned;

/// The top-level keys of a flow file other than the `fix`, `question`, `copy` and `symptom`
/// collections, which are deserialised entry by entry so one broken entry does not hide the rest.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    /// Provider id: lower-case letters, digits and single dashes; the first half of every
    /// global id in the file (`azure/redirect-uri-mismatch`).
    #[schemars(with = "String", pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Spanned<String>,
    /// Name shown on the home screen.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// One line under the name: which errors or topics the provider covers.
    #[schemars(with = "String")]
    pub summary: Spanned<String>,
    /// The provider's setup page (a web address).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
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
    /// What the field checks (redirect URI, scopes) know about this provider.
    #[serde(default)]
    pub field: Option<RawField>,
}

/// What the field checks (`field check-redirect`, `field check-scopes` and the guide's check
/// screens) know about this provider (`[field]`). Every key is optional; a provider without the
/// table is simply not offered by those checks.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    /// The provider's name in the checks' findings ("Microsoft Entra ID"); defaults to `name`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    /// Other names people give `--provider` (`entra`, `aad`); case, spaces, `_` and `-` are
    /// ignored when matching. Unique across all providers and templates.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    /// The fix for "the redirect URI does not match" at this provider: a fix slug of this file
    /// or a global id (`general/redirect-uri-mismatch`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub redirect_fix: Option<Spanned<String>>,
    /// The fix for "no refresh token" at this provider, as `redirect_fix`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub refresh_fix: Option<Spanned<String>>,
    /// How the scope check reads a scope list here: `oidc` (offline_access required for
    /// Viewer), `aws` (oidc plus openid), `entra`, `entra-openai`, `entra-graph`,
    /// `entra-sharepoint`, `snowflake`, `github`, `google` or `salesforce`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub scope_rules: Option<Spanned<String>>,
    /// The scopes the facts give for this provider: a scope a letter or two away from one of
    /// them is reported as a likely typo.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub scopes: Vec<Spanned<String>>,
    /// The provider's authorize endpoints, so a pasted authorize URL names its provider.
    #[serde(default)]
    pub authorize: Vec<RawEndpoint>,
    /// Connect templates that sign in through this provider (`msgraph`, `drive`): accepted by
    /// `--provider`, with scope rules of their own where they differ.
    #[serde(default)]
    pub template: Vec<RawFieldTemplate>,
}

/// An authorize endpoint (`[[field.authorize]]`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    /// Host name or pattern as in `[fingerprints]` (`*.okta.com`), or `*` for any host.
    #[schemars(with = "String")]
    pub host: Spanned<String>,
    /// Path, segment by segment: `*` is any one segment, `**` any number of them (none too), and
    /// `{name}` one segment shown as a detail of the check (`/{tenant}/oauth2/**/authorize`).
    #[schemars(with = "String")]
    pub path: Spanned<String>,
}

/// A Connect template that signs in through this provider (`[[field.template]]`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFieldTemplate {
    /// The template's id as Connect and `--provider` spell it (`msgraph`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    /// Scope rules for this template; the provider's when absent.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub scope_rules: Option<Spanned<String>>,
    /// Known scopes for this template; the provider's when absent.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub scopes: Option<Vec<Spanned<String>>>,
}

/// What marks a paste as coming from this provider (`[fingerprints]`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFingerprints {
    /// Host names (`login.microsoftonline.com`) or patterns (`*.snowflakecomputing.com`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub hosts: Vec<Spanned<String>>,
    /// URL paths, `*` standing for one segment (`/realms/*/protocol/openid-connect`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
    /// Prefixes of this provider's numbered error codes (`AADSTS` for `AADSTS50011`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub codes: Vec<Spanned<String>>,
    /// Package, module and exception names only this provider's software prints.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub packages: Vec<Spanned<String>>,
    /// Product names: weaker evidence, since people mention products in passing.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub names: Vec<Spanned<String>>,
}

/// Services the knowledge base does not cover (`[other_services]`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOtherServices {
    /// Checks that apply to any OAuth provider, shown with a "not covered" answer.
    #[schemars(with = "Vec<String>")]
    pub checks: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub service: Vec<RawOtherService>,
}

/// One service not covered (`[[other_services.service]]`), and how to recognise it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOtherService {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Where the service's endpoints or error texts are documented.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub hosts: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub packages: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub names: Vec<Spanned<String>>,
    /// Ids of providers the service calls on its own, outside Connect (GitHub Actions calls AWS
    /// STS): where the service is seen, their fingerprints do not make the paste Connect's.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub uses: Vec<Spanned<String>>,
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

/// A value to paste, offered with the fixes that list its id in `copy`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCopy {
    /// Slug, unique within the file; other files refer to it as `provider/slug`.
    #[schemars(with = "String", pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Spanned<String>,
    /// What the value is and where it goes.
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// The value itself; `{connect_server}` and `{connect_host}` are filled in.
    #[schemars(with = "String")]
    pub value: Spanned<String>,
    /// How to show it (never changes the value); `text` when left out.
    #[serde(default)]
    #[schemars(schema_with = "schema::copy_kind")]
    pub kind: Option<Spanned<String>>,
}

/// One line of the provider's "What do you see?" list, in file order.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSymptom {
    /// What the engineer recognises: the start of the error text, or a plain description.
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// The question or fix it leads to: `fix:slug`, `question:slug`, `fix:provider/slug`.
    #[schemars(with = "String", pattern(REFERENCE))]
    pub next: Spanned<String>,
    /// A second, dimmer line: where it appears, or how to tell it apart.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub detail: Option<Spanned<String>>,
}

/// A question that tells causes apart.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// The question, answerable by the customer or from what they sent.
    #[schemars(with = "String")]
    pub text: Spanned<String>,
    /// Why the question matters, or where to find the answer.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub help: Option<Spanned<String>>,
    /// Two to four `{ label = "…", next = "…" }`.
    #[schemars(with = "Vec<RawAnswer>", length(min = 1))]
    pub answers: Spanned<Vec<RawAnswer>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// The question or fix this answer leads to: `fix:slug`, `question:slug`, …
    #[schemars(with = "String", pattern(REFERENCE))]
    pub next: Spanned<String>,
}

/// A cause and its remedy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = schema::checked_is_required)]
pub struct RawFix {
    /// The cause in a few words, phrased as a finding.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Wordings a service really prints, verbatim, each with the address where it was seen.
    #[serde(default)]
    #[schemars(with = "Vec<RawErrorText>")]
    pub errors: Vec<Spanned<RawErrorText>>,
    /// Other verbatim wordings of the same error; used for matching only.
    #[serde(default)]
    #[schemars(with = "Vec<RawErrorText>")]
    pub variants: Vec<Spanned<RawErrorText>>,
    /// Words that, next to the error, point at this fix rather than a sibling.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub clues: Vec<Spanned<String>>,
    /// Codes naming this problem beyond those inside `errors` (`AADSTS50079`, `connect:219`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub codes: Vec<Spanned<String>>,
    /// Codes of this fix's error texts that other errors print too (`AADSTS900144` names
    /// whichever parameter is missing): they point at this fix only next to the values the
    /// error text quotes (`'client_id'`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub shared_codes: Vec<Spanned<String>>,
    /// Who runs into it and when.
    #[schemars(schema_with = "schema::seen")]
    pub seen: Spanned<String>,
    /// Why it happens, in our own words.
    #[schemars(with = "String")]
    pub cause: Spanned<String>,
    /// One action per step, in our own words.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub steps: Spanned<Vec<Spanned<String>>>,
    /// Ids of `[[copy]]` values to offer: `slug` or `provider/slug`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub copy: Vec<Spanned<String>>,
    /// Useful documentation addresses.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub docs: Vec<Spanned<String>>,
    /// The address of the source the cause and steps are built on.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// When the steps were last checked against the vendor's pages: a TOML date. Kept as a raw
    /// TOML value so that a quoted or partial date gets a message of our own, with its position.
    /// Optional here only so that `resolve` can say what to add when it is missing.
    #[serde(default)]
    #[schemars(
        schema_with = "schema::toml_date",
        required,
        description = "When the steps were last checked against the vendor's pages: a TOML date \
                       without quotes, `checked = 2026-12-01`."
    )]
    pub checked: Option<Spanned<toml::Value>>,
    /// A short note shown when the facts are not fully confirmed.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub uncertain: Option<Spanned<String>>,
    /// The next most likely cause when this fix did not help: `fix:slug`, `fix:provider/slug`.
    #[serde(default)]
    #[schemars(with = "Option<String>", pattern(REFERENCE))]
    pub if_not_fixed: Option<Spanned<String>>,
    /// Other providers whose software prints this error too (an Entra token refused by the
    /// Databricks SDK): their fingerprints in a paste do not rule the fix out.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub seen_with: Vec<Spanned<String>>,
}

/// One verbatim error wording with the address where it was seen:
/// `{ text = "…", source = "https://…" }`. Both keys are optional here so that a missing one is
/// reported by `resolve` with a message that says what to add; a bare string is refused while
/// parsing, because a wording without a source is exactly what format v2 rules out.
// The schema requires both keys: `resolve` refuses an entry without either.
#[derive(Debug, Default, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "One verbatim error wording and the address where it was seen: \
                   `{ text = \"…\", source = \"https://…\" }`."
)]
pub struct RawErrorText {
    /// The wording exactly as printed; `{connect_server}` where the customer's address appears.
    #[schemars(with = "String")]
    pub text: Option<Spanned<String>>,
    /// The web address where this wording was seen.
    #[schemars(with = "String")]
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

/// What to collect before handing the case on.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    /// Concrete items: what to copy, and from where.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub collect: Spanned<Vec<Spanned<String>>>,
}

/// A `next`, answer or `if_not_fixed` reference, as `resolve` reads it.
const REFERENCE: &str = r"^(fix|question):([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*$";

/// Schemas for the values kept as plain strings here but checked against a list by `resolve`,
/// so editors can offer the list.
mod schema {
    use schemars::{Schema, SchemaGenerator, json_schema};

    use crate::kb::{CopyKind, Seen};

    fn one_of(names: Vec<&'static str>) -> Schema {
        json_schema!({ "type": "string", "enum": names })
    }

    pub fn seen(_: &mut SchemaGenerator) -> Schema {
        one_of(<Seen as strum::VariantNames>::VARIANTS.to_vec())
    }

    pub fn copy_kind(_: &mut SchemaGenerator) -> Schema {
        one_of(<CopyKind as strum::VariantNames>::VARIANTS.to_vec())
    }

    /// `checked` is optional to serde only so that `resolve` can say what to add; a fix
    /// without it does not load, so editors should ask for it.
    pub fn checked_is_required(schema: &mut Schema) {
        if let Some(serde_json::Value::Array(required)) = schema.get_mut("required") {
            required.push("checked".into());
        }
    }

    /// A bare TOML date (`checked = 2026-12-01`). Editors see TOML dates as strings in this
    /// form, so that is how the schema describes it.
    pub fn toml_date(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$"
        })
    }
}
