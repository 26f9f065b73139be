//! Files under `assets/` that are generated from the code: man pages and shell completions from
//! the clap definitions, screenshots from the TUI's own drawing code, the flow files' JSON Schema
//! from the loader's serde structs. One command writes them
//! ([`REFRESH`]); `tests/it/assets.rs` renders them again in memory and fails when a file differs.
//!
//! Not used by the `oauth-triage` binary: it only runs from the generator and the tests.

mod completions;
mod man;
mod schema;
pub mod screenshots;
mod svg;

use std::path::{Path, PathBuf};

/// The command that rewrites every generated asset; staleness messages name it.
pub const REFRESH: &str = "cargo run --example gen-assets";

/// One generated file: where it goes (relative to the repository root) and what is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

impl Asset {
    fn new(path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) -> Asset {
        Asset {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// The man pages: `oauth-triage.1` and one `oauth-triage-<subcommand>.1` per subcommand.
pub fn man_pages() -> Vec<Asset> {
    man::pages()
}

/// Completion scripts for bash, zsh and fish.
pub fn completions() -> Vec<Asset> {
    completions::scripts()
}

/// The README's pictures of the guide, drawn by its own view code on the shipped flows.
pub fn screenshots() -> Result<Vec<Asset>, String> {
    screenshots::all()
}

/// The JSON Schema of a flow file, for editors.
pub fn flow_schema() -> Asset {
    schema::flow_schema()
}

/// Every generated asset, in a fixed order.
pub fn all() -> Result<Vec<Asset>, String> {
    let mut assets = man_pages();
    assets.extend(completions());
    assets.push(flow_schema());
    assets.extend(screenshots()?);
    Ok(assets)
}

/// The directories that hold nothing but generated files: [`write`] removes any other file in
/// them (a page of a subcommand that is gone), and the staleness test flags one.
pub const GENERATED_DIRS: &[&str] = &[man::DIR, completions::DIR, screenshots::DIR];

/// Writes `assets` under `root`, creating directories as needed, and removes the files in
/// [`GENERATED_DIRS`] that are not among them. Returns the paths written and removed.
pub fn write(root: &Path, assets: &[Asset]) -> std::io::Result<Vec<(&'static str, PathBuf)>> {
    let mut done = Vec::new();
    for dir in GENERATED_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let entry = entry?;
            let path = Path::new(dir).join(entry.file_name());
            if entry.file_type()?.is_file() && !assets.iter().any(|a| a.path == path) {
                std::fs::remove_file(entry.path())?;
                done.push(("removed", path));
            }
        }
    }
    for asset in assets {
        let path = root.join(&asset.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &asset.contents).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        })?;
        done.push(("wrote", asset.path.clone()));
    }
    Ok(done)
}
