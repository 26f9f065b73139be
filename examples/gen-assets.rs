//! Regenerates every file under `assets/` that comes from the code (man pages, completions,
//! screenshots). Run from anywhere: `cargo run --example gen-assets`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let assets = match oauth_triage::assets::all() {
        Ok(assets) => assets,
        Err(e) => {
            eprintln!("gen-assets: {e}");
            return ExitCode::FAILURE;
        }
    };
    match oauth_triage::assets::write(root, &assets) {
        Ok(done) => {
            let mut out = std::io::stdout().lock();
            for (what, path) in done {
                // A closed pipe (`| head`) only cuts the list short; the files are written.
                let _ = writeln!(out, "{what} {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-assets: {e}");
            ExitCode::FAILURE
        }
    }
}
