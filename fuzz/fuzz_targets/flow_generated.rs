//! Structure-aware flows: a generated provider (symptoms, questions, fixes, references that
//! may or may not resolve, hostile text) rendered as TOML, loaded, and when it loads, walked in
//! the guide with every frame checked.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oauth_triage::kb::{self, Layer, Source};
use oauth_triage::tui::app::App;
use oauth_triage::tui::style::Theme;
use oauth_triage_fuzz::{FuzzEvent, draw_and_check, send};

#[derive(Debug, Arbitrary)]
struct Flow {
    name: String,
    symptoms: Vec<(String, Target)>,
    questions: Vec<(String, Vec<(String, Target)>)>,
    fixes: Vec<FixSpec>,
    keys: Vec<FuzzEvent>,
}

#[derive(Debug, Arbitrary)]
enum Target {
    Fix(u8),
    Question(u8),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
struct FixSpec {
    title: String,
    error: String,
    cause: String,
    steps: Vec<String>,
    next: Option<Target>,
}

/// A TOML basic string holding `s` (escaped, so any text is valid TOML). Never empty: empty
/// texts are rejected, and the point is to reach the guide often.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"t");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn target(t: &Target, fixes: usize, questions: usize) -> String {
    match t {
        Target::Fix(i) if fixes > 0 => format!("\"fix:f{}\"", usize::from(*i) % fixes),
        Target::Question(i) if questions > 0 => {
            format!("\"question:q{}\"", usize::from(*i) % questions)
        }
        Target::Raw(s) => quoted(s),
        _ => "\"fix:f0\"".into(),
    }
}

/// `v2`: errors as `{ text, source }` tables and a `checked` date (flow format v2); otherwise the
/// first format (errors as strings). Both are tried, so the target works on either side of the
/// format change.
fn render(flow: &Flow, v2: bool) -> String {
    let fixes = flow.fixes.len().min(12);
    let questions = flow.questions.len().min(8);
    let mut out = format!(
        "id = \"gen\"\nname = {}\nsummary = \"generated\"\n",
        quoted(&flow.name)
    );
    for (label, t) in flow.symptoms.iter().take(8) {
        out.push_str(&format!(
            "\n[[symptom]]\nlabel = {}\nnext = {}\n",
            quoted(label),
            target(t, fixes, questions)
        ));
    }
    // One symptom per fix and question as well, so everything generated is reachable (an
    // unreachable entry is rejected, and most generated flows would never load).
    for i in 0..fixes {
        out.push_str(&format!(
            "\n[[symptom]]\nlabel = \"fix {i}\"\nnext = \"fix:f{i}\"\n"
        ));
    }
    for i in 0..questions {
        out.push_str(&format!(
            "\n[[symptom]]\nlabel = \"question {i}\"\nnext = \"question:q{i}\"\n"
        ));
    }
    for (i, (text, answers)) in flow.questions.iter().take(questions).enumerate() {
        out.push_str(&format!(
            "\n[question.q{i}]\ntext = {}\nanswers = [\n",
            quoted(text)
        ));
        for (label, t) in answers.iter().take(6) {
            out.push_str(&format!(
                "  {{ label = {}, next = {} }},\n",
                quoted(label),
                target(t, fixes, questions)
            ));
        }
        out.push_str("]\n");
    }
    for (i, fix) in flow.fixes.iter().take(fixes).enumerate() {
        let steps: Vec<String> = fix.steps.iter().take(4).map(|s| quoted(s)).collect();
        let (errors, checked) = if v2 {
            (
                format!(
                    "[{{ text = {}, source = \"https://example.com/e\" }}]",
                    quoted(&fix.error)
                ),
                "checked = 2026-12-01\n",
            )
        } else {
            (format!("[{}]", quoted(&fix.error)), "")
        };
        out.push_str(&format!(
            "\n[fix.f{i}]\ntitle = {}\nseen = \"login\"\nerrors = {errors}\ncause = {}\nsteps = [{}]\nsource = \"https://example.com/s\"\n{checked}",
            quoted(&fix.title),
            quoted(&fix.cause),
            steps.join(", ")
        ));
        if let Some(next) = &fix.next {
            out.push_str(&format!(
                "if_not_fixed = {}\n",
                target(next, fixes, questions)
            ));
        }
    }
    out
}

fuzz_target!(|flow: Flow| {
    let load = |v2| {
        let source = Source::new("generated.toml", render(&flow, v2), Layer::Extra(0));
        kb::load_sources(&[source])
    };
    let Ok(kb) = load(true).or_else(|_| load(false)) else {
        return;
    };
    if std::env::var_os("FUZZ_SAY_LOADED").is_some() {
        eprintln!("loaded");
    }
    let theme = Theme::new(oauth_triage::config::ThemeName::Default);
    let mut app = App::new(kb, None, theme, (80, 24));
    draw_and_check(&app);
    for event in flow.keys.iter().take(32) {
        if !send(&mut app, event.to_event()) {
            break;
        }
        app.size = (app.size.0.max(1), app.size.1.max(1));
        draw_and_check(&app);
    }
});
