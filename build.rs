//! Embeds every `flows/*.toml` into the binary so it works offline from any directory, and
//! prepares the built-in knowledge base: the shipped flows are parsed, checked and linked here
//! by the crate's own `kb` code (the modules below are the very files the binary compiles), so a
//! broken flow fails the build with its `file:line:col` message, and the binary loads the
//! result (serialised with postcard) without parsing TOML.

// The kb modules are shared with the crate; what only the crate uses is dead code here. Clippy
// lints them where they belong, in the crate itself (`#[allow(clippy::all, clippy::pedantic, clippy::restriction)]` below).
#![allow(dead_code, unused_imports)]

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/diagnose/mod.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod diagnose;
#[path = "src/kb/fingerprints.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod fingerprints;
#[path = "src/limits.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod limits;
#[path = "src/kb/model.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod model;
#[path = "src/kb/parse.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod parse;
#[path = "src/kb/raw.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod raw;
#[path = "src/kb/registry.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod registry;
#[path = "src/kb/resolve.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod resolve;
#[path = "src/server.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod server;
#[path = "src/kb/source.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod source;
#[path = "src/kb/template.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod template;
#[path = "src/text.rs"]
#[allow(clippy::all, clippy::pedantic, clippy::restriction)]
mod text;

/// Stands in for `src/kb/embedded.rs`, whose `include!` needs the file this script writes.
mod embedded {
    pub fn embedded() -> Vec<super::source::Source> {
        unreachable!("build.rs reads the flows from disk")
    }
}

/// What the shared modules reach as `crate::kb::…` (the crate's `kb/mod.rs` re-exports).
mod kb {
    pub use super::model::*;
    pub use super::source::{Diagnostic, Layer, Source};
    pub use super::template::{Rendered, Template};
    pub(crate) use super::{fingerprints, model, parse, raw, registry, resolve, source, template};
}

/// Files whose change must re-run this script: the flows and every module compiled above.
const CODE: &[&str] = &[
    "src/diagnose",
    "src/kb/fingerprints.rs",
    "src/kb/model.rs",
    "src/kb/parse.rs",
    "src/kb/raw.rs",
    "src/kb/registry.rs",
    "src/kb/resolve.rs",
    "src/kb/source.rs",
    "src/kb/template.rs",
    "src/limits.rs",
    "src/server.rs",
    "src/text.rs",
];

fn main() {
    let flows = Path::new("flows");
    println!("cargo:rerun-if-changed=flows");
    for file in CODE {
        println!("cargo:rerun-if-changed={file}");
    }
    let mut names: Vec<String> = std::fs::read_dir(flows)
        .expect("flows/ directory")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);

    let mut out = String::from("&[\n");
    let mut sources = Vec::new();
    for name in &names {
        println!("cargo:rerun-if-changed=flows/{name}");
        let path = std::fs::canonicalize(flows.join(name)).expect("flow path");
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(&[format!("flows/{name}: cannot read: {e}")]));
        // The same name and layer as `kb::source::embedded()` gives them.
        sources.push(source::Source::new(
            format!("flows/{name}"),
            text,
            source::Layer::BuiltIn,
        ));
    }
    out.push(']');
    std::fs::write(out_dir.join("embedded_flows.rs"), out).expect("write embedded_flows.rs");

    // What `kb::load_sources` does.
    let mut problems = Vec::new();
    let files = sources
        .iter()
        .map(|s| parse::parse(s, &mut problems))
        .collect();
    let kb = resolve::resolve(&sources, files, &mut problems);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        fail(&lines);
    }
    // The diagnosis index of that knowledge base, as `Diagnoser::new` would build it.
    let index = postcard::to_allocvec(&diagnose::Diagnoser::build(&kb))
        .expect("serialise the diagnosis index");
    std::fs::write(out_dir.join("prepared_index.postcard"), index).expect("write prepared_index");
    // The fixes each on their own, so the binary reads only those a command uses; the rest
    // of the knowledge base in one piece.
    let mut kb = kb;
    let (fixes, ends) = std::mem::take(&mut kb.fixes)
        .to_prepared()
        .unwrap_or_else(|e| fail(&[e]));
    std::fs::write(out_dir.join("prepared_fixes.postcard"), fixes).expect("write prepared_fixes");
    let ends = postcard::to_allocvec(&ends).expect("serialise the fix ends");
    std::fs::write(out_dir.join("prepared_fix_ends.postcard"), ends).expect("write fix ends");
    let bytes = postcard::to_allocvec(&kb).expect("serialise the knowledge base");
    std::fs::write(out_dir.join("prepared_kb.postcard"), bytes).expect("write prepared_kb");

    order_hot_code();
}

/// Asks the linker to lay the code of a typical `diagnose` out side by side
/// (`link/hot-symbols.txt`, written by `link/hot_symbols.py`). The kernel maps code in blocks
/// around each page touched, so scattered hot code kept three times its size resident.
///
/// Only where the linker is known to be lld (Rust's default for this target since 1.90) and
/// nobody chose another: GNU ld does not know the option and would fail the link.
fn order_hot_code() {
    const LIST: &str = "link/hot-symbols.txt";
    println!("cargo:rerun-if-changed={LIST}");
    println!("cargo:rerun-if-env-changed=OAUTH_TRIAGE_NO_SYMBOL_ORDER");
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let chosen_linker = !env("RUSTC_LINKER").is_empty()
        || ["linker", "fuse-ld", "link-self-contained"]
            .iter()
            .any(|flag| env("CARGO_ENCODED_RUSTFLAGS").contains(flag));
    let wanted = env("PROFILE") == "release"
        && env("TARGET") == "x86_64-unknown-linux-gnu"
        && env("OAUTH_TRIAGE_NO_SYMBOL_ORDER").is_empty()
        && !chosen_linker
        && rustc_minor().is_some_and(|minor| minor >= 90);
    let list = Path::new(&env("CARGO_MANIFEST_DIR")).join(LIST);
    if wanted && list.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        // A name the list has and the binary lacks (a stale list) only costs memory.
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// The minor version of the compiler building us (`90` of `rustc 1.90.0`).
fn rustc_minor() -> Option<u32> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = std::process::Command::new(rustc).arg("-vV").output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let release = text.lines().find_map(|l| l.strip_prefix("release: "))?;
    let mut parts = release.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

/// Stops the build with one message per line (cargo shows the script's stderr).
fn fail(lines: &[String]) -> ! {
    eprintln!("the shipped flows have {} problem(s):", lines.len());
    for line in lines {
        eprintln!("{line}");
    }
    std::process::exit(1);
}
