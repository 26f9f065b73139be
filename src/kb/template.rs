//! Text with `{variable}` placeholders, filled in from the Connect address the engineer typed.
//!
//! Only `{identifier}` counts as a placeholder, so JSON and SQL in copy values (`{"name": …}`)
//! stay literal without escaping.

use crate::server::ConnectServer;
use crate::text::SafeText;

/// The variables a flow may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Var {
    /// The Connect base URL with any path prefix, no trailing slash: `https://host/rsc`.
    ConnectServer,
    /// The host name alone: `connect.example.com`.
    ConnectHost,
}

impl Var {
    pub const NAMES: [(&'static str, Var); 2] = [
        ("connect_server", Var::ConnectServer),
        ("connect_host", Var::ConnectHost),
    ];

    fn parse(name: &str) -> Option<Var> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// What is shown while no server is set: obviously a placeholder, never a plausible value.
    fn placeholder(self) -> &'static str {
        match self {
            Var::ConnectServer => "https://<connect-server>",
            Var::ConnectHost => "<connect-host>",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Segment {
    Literal(String),
    Var(Var),
}

/// Parsed from flow text already made safe to draw, so its literal parts are too.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Template {
    raw: SafeText,
    segments: Vec<Segment>,
}

/// A `{name}` that is not a known variable, with its byte offset in the template.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnknownVar {
    pub name: String,
    pub offset: usize,
}

/// The text of a template with its variables filled in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    pub text: SafeText,
    /// False when a placeholder stands in for a server that is not set yet.
    pub complete: bool,
}

impl Template {
    pub fn parse(raw: &SafeText) -> Result<Template, Vec<UnknownVar>> {
        let mut segments = Vec::new();
        let mut unknown = Vec::new();
        let mut literal = String::new();
        let mut rest = raw.as_str();
        let mut offset = 0;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let ident_len = after
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                .unwrap_or(after.len());
            let is_placeholder = ident_len > 0 && after[ident_len..].starts_with('}');
            if !is_placeholder {
                literal.push_str(&rest[..=open]);
                offset += open + 1;
                rest = after;
                continue;
            }
            literal.push_str(&rest[..open]);
            let name = &after[..ident_len];
            match Var::parse(name) {
                Some(var) => {
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Var(var));
                }
                None => unknown.push(UnknownVar {
                    name: name.to_string(),
                    offset: offset + open,
                }),
            }
            let consumed = open + 1 + ident_len + 1;
            offset += consumed;
            rest = &rest[consumed..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        if unknown.is_empty() {
            Ok(Template {
                raw: raw.clone(),
                segments,
            })
        } else {
            Err(unknown)
        }
    }

    /// The text as written in the flow, placeholders included.
    pub fn raw(&self) -> &SafeText {
        &self.raw
    }

    pub fn uses_server(&self) -> bool {
        self.segments.iter().any(|s| matches!(s, Segment::Var(_)))
    }

    /// The text with the server filled in. The server is run-time input, so the whole is
    /// cleaned; its normal form is printable ASCII, which cleaning only scans.
    pub fn render(&self, server: Option<&ConnectServer>) -> Rendered {
        let mut text = String::with_capacity(self.raw.len() + 32);
        let mut complete = true;
        for segment in &self.segments {
            match (segment, server) {
                (Segment::Literal(s), _) => text.push_str(s),
                (Segment::Var(Var::ConnectServer), Some(server)) => text.push_str(server.base()),
                (Segment::Var(Var::ConnectHost), Some(server)) => text.push_str(server.host()),
                (Segment::Var(var), None) => {
                    complete = false;
                    text.push_str(var.placeholder());
                }
            }
        }
        Rendered {
            text: SafeText::clean(&text),
            complete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_in_the_server_and_keeps_json_braces() {
        let t = Template::parse(&SafeText::clean(
            r#"x --json '{"redirect_urls": ["{connect_server}/cb"]}'"#,
        ))
        .unwrap();
        let server = ConnectServer::parse("Connect.Example.com/rsc/")
            .unwrap()
            .server;
        assert_eq!(
            t.render(Some(&server)).text,
            r#"x --json '{"redirect_urls": ["https://connect.example.com/rsc/cb"]}'"#
        );
        let unset = t.render(None);
        assert!(!unset.complete);
        assert!(unset.text.contains("https://<connect-server>/cb"));
    }

    #[test]
    fn names_unknown_variables_with_their_offset() {
        let err =
            Template::parse(&SafeText::clean("a {conect_server} b {connect_host}")).unwrap_err();
        assert_eq!(
            err,
            vec![UnknownVar {
                name: "conect_server".into(),
                offset: 2
            }]
        );
    }
}
