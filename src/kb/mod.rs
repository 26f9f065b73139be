//! The knowledge base: flow files parsed (`parse`), checked and linked (`resolve`) into one
//! validated graph (`model`). Nothing here knows about terminals.

mod embedded;
mod fingerprints;
mod model;
mod parse;
mod prepared;
pub(crate) mod raw;
mod registry;
mod resolve;
pub mod source;
pub mod template;

use std::path::{Path, PathBuf};

pub use model::{
    Answer, CopyIdx, CopyKind, CopyValue, ErrorCode, ErrorText, Fingerprints, Fix, FixIdx,
    HostPattern, KnowledgeBase, Node, OtherService, PathPattern, PreparedIndex, Provider,
    ProviderIdx, Question, QuestionIdx, Seen, Strength, quoted_values,
};
pub use registry::{
    FieldFacts, FieldTarget, FieldTemplate, Recognised, ScopeFacts, ScopeRules, normal_name,
};
pub use source::{Diagnostic, Layer, Source};
pub use template::{Rendered, Template};

/// Parses and validates `sources` (built-in first, then extra layers in order). Returns every
/// problem found, or the knowledge base when there are none.
pub fn load_sources(sources: &[Source]) -> Result<KnowledgeBase, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let files = sources
        .iter()
        .map(|s| parse::parse(s, &mut problems))
        .collect();
    let kb = resolve::resolve(sources, files, &mut problems);
    if problems.is_empty() {
        Ok(kb)
    } else {
        Err(problems)
    }
}

/// [`load`], with the problems as one message for a person: a line each, file:line:col first.
pub fn load_explained(extra: &[PathBuf]) -> Result<KnowledgeBase, String> {
    load(extra).map_err(|problems| {
        format!(
            "the flows have {} problem(s):\n{}",
            problems.len(),
            problem_lines(&problems).join("\n")
        )
    })
}

/// Problems listed one by one; past this, one line says how many more there are (a generated
/// file with 20,000 broken entries needs the first few, not 20,000 lines).
pub const MAX_PROBLEMS_LISTED: usize = 200;

/// One line per problem, at most [`MAX_PROBLEMS_LISTED`] and a count of the rest.
pub fn problem_lines(problems: &[Diagnostic]) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(MAX_PROBLEMS_LISTED)
        .map(ToString::to_string)
        .collect();
    if problems.len() > MAX_PROBLEMS_LISTED {
        lines.push(format!(
            "… and {} more problem(s)",
            problems.len() - MAX_PROBLEMS_LISTED
        ));
    }
    lines
}

/// The built-in flows plus every `*.toml` in each extra path (a directory, or a single file), in
/// order; a provider in a later path replaces one with the same id.
pub fn load(extra: &[PathBuf]) -> Result<KnowledgeBase, Vec<Diagnostic>> {
    let mut extra_sources = Vec::new();
    let mut problems = Vec::new();
    for (i, path) in extra.iter().enumerate() {
        match read_path(path, Layer::Extra(i)) {
            Ok(found) => extra_sources.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if extra_sources.is_empty() {
        return builtin();
    }
    // Extra flows can replace or refer to built-in providers, so everything is parsed and
    // checked together from the TOML text, exactly as the built-in flows alone once were.
    let mut sources = source::embedded();
    sources.extend(extra_sources);
    load_sources(&sources)
}

/// The built-in flows alone, as build.rs parsed and checked them (a broken flow fails the
/// build), so start-up parses no TOML. The `Result` is kept so a mismatched build says so.
pub fn builtin() -> Result<KnowledgeBase, Vec<Diagnostic>> {
    prepared::builtin()
}

fn read_path(path: &Path, layer: Layer) -> Result<Vec<Source>, Vec<Diagnostic>> {
    if path.is_dir() {
        source::read_dir(path, layer)
    } else {
        source::read_file(path, layer)
            .map(|s| vec![s])
            .map_err(|d| vec![d])
    }
}
