//! TOML text → raw flow structs. Each entry (`[fix.x]`, `[[copy]]`, …) is deserialised on its
//! own, so a file with three broken fixes yields three messages, each with its own line.

use serde::Deserialize;
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::raw::{RawCopy, RawEscalation, RawFix, RawHeader, RawQuestion, RawSymptom};
use super::source::{Diagnostic, Source};

/// A parsed flow file. Entries that failed to parse are absent and reported in the diagnostics.
#[derive(Debug, Default)]
pub struct RawFile {
    pub header: Option<RawHeader>,
    pub copies: Vec<RawCopy>,
    pub symptoms: Vec<RawSymptom>,
    pub questions: Vec<(Spanned<String>, RawQuestion)>,
    pub fixes: Vec<(Spanned<String>, RawFix)>,
    pub escalation: Option<RawEscalation>,
    /// Ids of `[fix.x]` / `[question.x]` entries that failed to parse. They are still declared,
    /// so references to them do not add a second, misleading "unknown fix" message.
    pub broken_fixes: Vec<Spanned<String>>,
    pub broken_questions: Vec<Spanned<String>>,
}

const COLLECTIONS: [&str; 5] = ["fix", "question", "copy", "symptom", "escalation"];

pub fn parse(source: &Source, problems: &mut Vec<Diagnostic>) -> RawFile {
    let (document, syntax_errors) = DeTable::parse_recoverable(&source.text);
    if !syntax_errors.is_empty() {
        for error in syntax_errors {
            problems.push(toml_error(source, &error));
        }
        return RawFile::default();
    }
    let document_span = document.span();
    let mut table = document.into_inner();
    let mut file = RawFile::default();
    if let Some(fixes) = table.remove("fix") {
        for (slug, value) in named_entries(source, "fix", fixes, problems) {
            match entry::<RawFix>(source, value, problems) {
                Some(fix) => file.fixes.push((slug, fix)),
                None => file.broken_fixes.push(slug),
            }
        }
    }
    if let Some(questions) = table.remove("question") {
        for (slug, value) in named_entries(source, "question", questions, problems) {
            match entry::<RawQuestion>(source, value, problems) {
                Some(question) => file.questions.push((slug, question)),
                None => file.broken_questions.push(slug),
            }
        }
    }
    if let Some(copies) = table.remove("copy") {
        for value in array_entries(source, "copy", copies, problems) {
            file.copies
                .extend(entry::<RawCopy>(source, value, problems));
        }
    }
    if let Some(symptoms) = table.remove("symptom") {
        for value in array_entries(source, "symptom", symptoms, problems) {
            file.symptoms
                .extend(entry::<RawSymptom>(source, value, problems));
        }
    }
    if let Some(escalation) = table.remove("escalation") {
        file.escalation = entry::<RawEscalation>(source, escalation, problems);
    }
    debug_assert!(COLLECTIONS.iter().all(|k| table.get(*k).is_none()));
    file.header = entry::<RawHeader>(
        source,
        Spanned::new(document_span, DeValue::Table(table)),
        problems,
    );
    file
}

fn entry<T: for<'de> Deserialize<'de>>(
    source: &Source,
    value: Spanned<DeValue<'_>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            problems.push(toml_error(source, &error));
            None
        }
    }
}

/// The entries of a `[fix.<slug>]`-style table, in file order.
fn named_entries<'i>(
    source: &Source,
    key: &str,
    value: Spanned<DeValue<'i>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(Spanned<String>, Spanned<DeValue<'i>>)> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Table(table) => table
            .into_iter()
            .map(|(name, value)| {
                let name_span = name.span();
                (
                    Spanned::new(name_span, name.into_inner().into_owned()),
                    value,
                )
            })
            .collect(),
        _ => {
            problems.push(source.at(
                span,
                format!("`{key}` must be a table of `[{key}.<id>]` entries"),
            ));
            Vec::new()
        }
    }
}

/// The entries of a `[[copy]]`-style array of tables.
fn array_entries<'i>(
    source: &Source,
    key: &str,
    value: Spanned<DeValue<'i>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Spanned<DeValue<'i>>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items.into_iter().collect(),
        _ => {
            problems.push(source.at(
                span,
                format!("`{key}` must be an array of `[[{key}]]` tables"),
            ));
            Vec::new()
        }
    }
}

fn toml_error(source: &Source, error: &toml::de::Error) -> Diagnostic {
    // serde's messages end in a period or a newline-separated hint; keep the first line only.
    let message = error
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim_end_matches('.');
    match error.span() {
        Some(span) => source.at(span, message),
        None => Diagnostic {
            file: source.name.clone(),
            line: 0,
            col: 0,
            message: message.into(),
        },
    }
}
