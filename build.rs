//! Embeds every `flows/*.toml` into the binary so it works offline from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let flows = Path::new("flows");
    println!("cargo:rerun-if-changed=flows");
    let mut names: Vec<String> = std::fs::read_dir(flows)
        .expect("flows/ directory")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        println!("cargo:rerun-if-changed=flows/{name}");
        let path = std::fs::canonicalize(flows.join(name)).expect("flow path");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded_flows.rs");
    std::fs::write(dest, out).expect("write embedded_flows.rs");
}
