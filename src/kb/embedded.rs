//! The flow files compiled into the binary, so it works offline from any directory.

use super::source::{Layer, Source};

/// (file name, contents) of every `flows/*.toml`, written by build.rs.
const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_flows.rs"));

/// The built-in flow files.
pub fn embedded() -> Vec<Source> {
    EMBEDDED
        .iter()
        .map(|(name, text)| Source::new(format!("flows/{name}"), *text, Layer::BuiltIn))
        .collect()
}
