//! `assets/flow.schema.json`: the flow format as a JSON Schema, generated from the serde structs
//! the loader reads flow files with (`src/kb/raw.rs`), so editors (taplo, Even Better TOML)
//! complete keys and flag typos with the same rules. Draft 7, the newest draft taplo reads.
//!
//! The schema checks the shape of a file: keys, types, the listed values of `seen` and `kind`,
//! the form of ids and references, required keys. What needs the whole knowledge base (a
//! reference that points nowhere, an unreachable fix) stays `oauth-triage validate`'s job.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use super::Asset;
use crate::kb::raw::{RawCopy, RawEscalation, RawFix, RawHeader, RawQuestion, RawSymptom};

/// Where the schema goes; flow files point at it with `#:schema ./../assets/flow.schema.json`.
pub const PATH: &str = "assets/flow.schema.json";

/// A whole flow file as `kb::parse` splits it: the header keys at the top level, then the
/// collections, each entry read by its raw struct. Only its schema is ever used.
#[derive(JsonSchema)]
#[schemars(
    title = "oauth-triage flow file",
    description = "One provider of the oauth-triage knowledge base: symptoms, questions, fixes, \
                   copy values. The format is described in flows/README.md.",
    deny_unknown_fields
)]
#[allow(dead_code)]
struct FlowFile {
    #[serde(flatten)]
    header: RawHeader,
    /// The provider's "What do you see?" list, in file order (`[[symptom]]`).
    #[schemars(length(min = 1))]
    symptom: Vec<RawSymptom>,
    /// Questions that tell causes apart (`[question.<slug>]`).
    #[serde(default)]
    question: BTreeMap<String, RawQuestion>,
    /// Causes and their remedies (`[fix.<slug>]`).
    #[serde(default)]
    fix: BTreeMap<String, RawFix>,
    /// Values to paste (`[[copy]]`).
    #[serde(default)]
    copy: Vec<RawCopy>,
    /// What to collect before escalating (`[escalation]`).
    #[serde(default)]
    escalation: Option<RawEscalation>,
}

/// The schema as pretty-printed JSON, ending in a newline.
pub fn flow_schema() -> Asset {
    let schema = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(no_null))
        .into_generator()
        .into_root_schema_for::<FlowFile>();
    let mut json = serde_json::to_string_pretty(&schema)
        .unwrap_or_else(|e| unreachable!("a schema is always JSON: {e}"));
    json.push('\n');
    Asset::new(PATH, json)
}

/// TOML has no null: a key that may be left out is simply absent. Drops what schemars adds for
/// `Option` (a `null` type, a `null` branch, `"default": null`) so editors do not offer it.
fn no_null(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if object.get("default") == Some(&Value::Null) {
        object.remove("default");
    }
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(branches)) = object.get("anyOf") {
        let kept: Vec<Value> = branches
            .iter()
            .filter(|b| b.get("type").is_none_or(|t| t != "null"))
            .cloned()
            .collect();
        if kept.len() == 1 {
            // `allOf` rather than a bare `$ref`: draft 7 ignores a `$ref`'s siblings, and the
            // description is one.
            object.remove("anyOf");
            object.insert("allOf".into(), Value::Array(kept));
        }
    }
}
