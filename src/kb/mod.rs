//! The knowledge base: flow files parsed (`parse`), checked and linked (`resolve`) into one
//! validated graph (`model`). Nothing here knows about terminals.

mod fingerprints;
mod model;
mod parse;
pub(crate) mod raw;
mod resolve;
pub mod source;
pub mod template;

use std::path::{Path, PathBuf};

pub use model::{
    Answer, CopyIdx, CopyKind, CopyValue, ErrorText, Fingerprints, Fix, FixIdx, HostPattern,
    KnowledgeBase, Node, OtherService, PathPattern, Provider, ProviderIdx, Question, QuestionIdx,
    Seen, Strength,
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

/// The built-in flows plus every `*.toml` in each extra path (a directory, or a single file), in
/// order; a provider in a later path replaces one with the same id.
pub fn load(extra: &[PathBuf]) -> Result<KnowledgeBase, Vec<Diagnostic>> {
    let mut sources = source::embedded();
    let mut problems = Vec::new();
    for (i, path) in extra.iter().enumerate() {
        match read_path(path, Layer::Extra(i)) {
            Ok(found) => sources.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    load_sources(&sources)
}

/// The built-in flows alone. They are checked by the test suite, so this cannot fail in a
/// released binary; the `Result` is kept so a broken build says what is wrong.
pub fn builtin() -> Result<KnowledgeBase, Vec<Diagnostic>> {
    load(&[])
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
