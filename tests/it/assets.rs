//! The generated files under `assets/` are what the code generates today: each is rendered
//! again in memory and compared with the file in the repository. When this fails, run the command
//! in the message and commit the result.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oauth_triage::assets::{self, Asset, REFRESH};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails naming every file that is missing, different, or left over in `dir`.
fn assert_fresh(dir: &str, expected: &[Asset]) {
    let mut problems = Vec::new();
    for asset in expected {
        match std::fs::read(root().join(&asset.path)) {
            Ok(found) if found == asset.contents => {}
            Ok(_) => problems.push(format!("{} differs", asset.path.display())),
            Err(e) => problems.push(format!("{} cannot be read: {e}", asset.path.display())),
        }
    }
    let wanted: BTreeSet<&PathBuf> = expected.iter().map(|a| &a.path).collect();
    let entries = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir} cannot be read: {e}; run `{REFRESH}`"));
    for entry in entries {
        let path = Path::new(dir).join(entry.expect("directory entry").file_name());
        if !wanted.contains(&path) {
            problems.push(format!("{} is not generated any more", path.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{dir} is stale:\n  {}\nrun `{REFRESH}` to refresh, and commit the result",
        problems.join("\n  ")
    );
}

#[test]
fn man_pages_are_fresh() {
    let pages = assets::man_pages();
    assert!(
        pages.len() > 10,
        "expected a page per subcommand, got {}",
        pages.len()
    );
    assert_fresh("assets/man", &pages);
}

#[test]
fn completions_are_fresh() {
    let scripts = assets::completions();
    assert_eq!(scripts.len(), 3, "bash, zsh and fish");
    assert_fresh("assets/completions", &scripts);
}

#[test]
fn every_subcommand_has_a_man_page_that_names_it() {
    let pages = assets::man_pages();
    for sub in [
        "diagnose",
        "show",
        "validate",
        "check-redirect",
        "completions",
    ] {
        let name = format!("assets/man/oauth-triage-{sub}.1");
        let page = pages
            .iter()
            .find(|p| p.path == Path::new(&name))
            .unwrap_or_else(|| panic!("no page {name}"));
        let text = String::from_utf8_lossy(&page.contents);
        assert!(
            text.contains(&format!("oauth\\-triage\\-{}", sub.replace('-', "\\-"))),
            "{name} does not name its command:\n{text}"
        );
    }
    let main = String::from_utf8_lossy(&pages[0].contents);
    assert!(main.starts_with(".ie"), "a roff page: {main}");
    assert!(main.contains(".TH oauth-triage 1 "), "{main}");
    let version = format!("\"oauth-triage {}\"", env!("CARGO_PKG_VERSION"));
    for page in &pages {
        let text = String::from_utf8_lossy(&page.contents);
        assert!(
            text.contains(&version),
            "{} lacks {version}",
            page.path.display()
        );
    }
}

#[test]
fn screenshots_are_fresh() {
    let shots = assets::screenshots().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shots.len(), assets::screenshots::SHOTS.len());
    assert_fresh("assets/screenshots", &shots);
}

/// The pictures show what they claim: the server's redirect URI on the fix, the diagnosis of
/// the pasted page, the finding of the redirect check.
#[test]
fn screenshots_show_their_subject() {
    let shots = assets::screenshots().unwrap_or_else(|e| panic!("{e}"));
    let svg = |name: &str| {
        let path = PathBuf::from(format!("assets/screenshots/{name}.svg"));
        let shot = shots
            .iter()
            .find(|s| s.path == path)
            .unwrap_or_else(|| panic!("no {}", path.display()));
        String::from_utf8(shot.contents.clone()).expect("SVG is UTF-8")
    };
    let callback = "https://connect.example.com/__oauth__/integrations/callback";
    for (name, expected) in [
        ("home", "Or pick a provider"),
        ("azure-symptoms", "AADSTS50011"),
        ("fix", callback),
        ("fix", "Values to paste"),
        ("paste", "pasted error matched"),
        ("field-tools", "PROBLEM"),
    ] {
        let image = svg(name);
        assert!(image.starts_with("<svg "), "{name}: not an SVG");
        assert!(image.trim_end().ends_with("</svg>"), "{name}: not closed");
        assert!(
            image.contains(expected),
            "{name}.svg does not show {expected:?}"
        );
    }
    // Drawn in colour: the theme's values are green, not the default foreground.
    assert!(svg("fix").contains(r##"fill="#a6e3a1""##), "no green value");
}

// ---- The flow schema ----

const SCHEMA_DIRECTIVE: &str = "#:schema ./../assets/flow.schema.json";

#[test]
fn flow_schema_is_fresh() {
    let schema = assets::flow_schema();
    let found = std::fs::read(root().join(&schema.path)).unwrap_or_default();
    assert!(
        found == schema.contents,
        "{} is stale: run `{REFRESH}` to refresh, and commit the result",
        schema.path.display()
    );
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_slice(&assets::flow_schema().contents).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("the schema is not valid: {e}"))
}

/// A TOML document as editors hand it to a JSON-schema validator: dates become their text
/// (`2026-12-01`), as taplo does.
fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Json::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn shipped_flows() -> Vec<(String, String)> {
    let mut flows: Vec<(String, String)> = std::fs::read_dir(root().join("flows"))
        .expect("flows/")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = format!("flows/{}", p.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect();
    flows.sort();
    assert!(
        flows.len() >= 5,
        "expected the shipped flows, found {flows:?}"
    );
    flows
}

fn as_json(name: &str, text: &str) -> serde_json::Value {
    let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    toml_to_json(&toml::Value::Table(table))
}

/// The messages the validator gives `instance`, one line each with the place.
fn schema_errors(validator: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_shipped_flow_validates_against_the_schema_and_points_at_it() {
    let validator = validator();
    let mut problems = Vec::new();
    for (name, text) in shipped_flows() {
        if text.lines().next() != Some(SCHEMA_DIRECTIVE) {
            problems.push(format!("{name}: first line is not `{SCHEMA_DIRECTIVE}`"));
        }
        for error in schema_errors(&validator, &as_json(&name, &text)) {
            problems.push(format!("{name}: {error}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

type Table = serde_json::Map<String, serde_json::Value>;

/// A copy of the flow's first fix, to be added back with one mistake as `[fix.broken]`.
fn copy_of_first_fix(flow: &serde_json::Value) -> Table {
    let fixes = flow["fix"].as_object().expect("the flow has fixes");
    let (_, fix) = fixes.iter().next().expect("a fix");
    fix.as_object().expect("a fix is a table").clone()
}

/// Each mistake an editor should underline, made in a copy of a shipped flow.
#[test]
fn the_schema_flags_wrong_keys_and_values() {
    let validator = validator();
    let (name, text) = shipped_flows()
        .into_iter()
        .find(|(name, _)| name == "flows/azure.toml")
        .expect("flows/azure.toml");
    let good = as_json(&name, &text);
    type Mistake = (&'static str, &'static str, fn(&mut serde_json::Value));
    let mistakes: [Mistake; 6] = [
        ("a misspelt top-level key", "summray", |flow| {
            flow["summray"] = "typo".into();
        }),
        ("a misspelt fix key", "titel", |flow| {
            let mut fix = copy_of_first_fix(flow);
            fix.insert("titel".into(), "typo".into());
            flow["fix"]["broken"] = fix.into();
        }),
        ("an unknown `seen`", "\"viewing\"", |flow| {
            let mut fix = copy_of_first_fix(flow);
            fix.insert("seen".into(), "viewing".into());
            flow["fix"]["broken"] = fix.into();
        }),
        ("an error text without its source", "source", |flow| {
            let mut fix = copy_of_first_fix(flow);
            fix.insert(
                "errors".into(),
                serde_json::json!([{ "text": "AADSTS1: x" }]),
            );
            flow["fix"]["broken"] = fix.into();
        }),
        ("a fix without `checked`", "checked", |flow| {
            let mut fix = copy_of_first_fix(flow);
            fix.remove("checked");
            flow["fix"]["broken"] = fix.into();
        }),
        (
            "a reference without its kind",
            "redirect-uri-mismatch",
            |flow| {
                flow["symptom"][0]["next"] = "redirect-uri-mismatch".into();
            },
        ),
    ];
    assert!(
        schema_errors(&validator, &good).is_empty(),
        "{name} itself must validate"
    );
    for (what, mentioned, make) in mistakes {
        let mut flow = good.clone();
        make(&mut flow);
        let errors = schema_errors(&validator, &flow);
        assert!(
            errors.iter().any(|e| e.contains(mentioned)),
            "{what} is not flagged (expected a message naming {mentioned}); got {errors:?}"
        );
    }
}
