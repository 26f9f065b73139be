//! Field checks: `check-redirect`, `token`, `check-scopes`.
//!
//! Each builds a [`FieldReport`] in `crate::field` and prints it the same way: as text for a
//! person, or with `--json` as the report plus an `"ok"` flag. Exit 1 when a finding is a
//! problem, 2 when the input could not be read at all.

use clap::Args;
use serde_json::Value;

use super::{CommandResult, Failure, Outcome};
use crate::field::{FieldReport, Severity, redirect, scopes, token};
use crate::kb::KnowledgeBase;
use crate::server::ConnectServer;
use crate::text::one_line;

#[derive(Debug, Args)]
pub struct CheckRedirectArgs {
    /// The Connect address.
    #[arg(long)]
    pub server: String,
    /// A redirect URI registered at the provider (repeatable), or a pasted authorize URL.
    #[arg(long = "registered", value_name = "URI", required = true)]
    pub registered: Vec<String>,
    /// The provider the URIs are registered at (azure, okta, keycloak, snowflake, google,
    /// github, databricks, salesforce, or another whose flow names a redirect fix), to point at its fix.
    /// An authorize URL names it anyway.
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// Print the report as JSON, with an "ok" flag.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The token; read from stdin when absent.
    pub token: Option<String>,
    /// A scope the token should grant (repeatable); `<resource>/.default` checks the audience.
    #[arg(long = "expect-scope", value_name = "SCOPE")]
    pub expect_scope: Vec<String>,
    /// Print the report as JSON, with an "ok" flag.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckScopesArgs {
    /// The provider or template (azure, snowflake, okta, …).
    #[arg(long)]
    pub provider: String,
    /// The integration is a Service Account (client credentials) one, not Viewer.
    #[arg(long)]
    pub service_account: bool,
    /// The scope list, space- or comma-separated.
    #[arg(required = true)]
    pub scopes: Vec<String>,
    /// Print the report as JSON, with an "ok" flag.
    #[arg(long)]
    pub json: bool,
}

pub fn check_redirect(args: &CheckRedirectArgs, kb: &KnowledgeBase) -> CommandResult {
    let parsed =
        ConnectServer::parse(&args.server).map_err(|e| Failure::usage(format!("--server: {e}")))?;
    for warning in &parsed.warnings {
        warnln!("warning: {warning}");
    }
    if args.registered.iter().any(|r| r.trim().is_empty()) {
        return Err(Failure::usage("--registered: a value is empty"));
    }
    let provider = match &args.provider {
        Some(name) => Some(redirect::Provider::parse(kb, name).ok_or_else(|| {
            Failure::usage(format!(
                "--provider: unknown provider '{name}'; known providers: {}",
                redirect::Provider::ids(kb).join(", ")
            ))
        })?),
        None => None,
    };
    let report = redirect::check_for(kb, &parsed.server, &args.registered, provider);
    emit(&report, args.json, Some(kb))
}

pub fn token(args: &TokenArgs) -> CommandResult {
    let text = super::text_or_stdin(
        args.token.as_deref(),
        "token",
        crate::limits::TOKEN_BYTES as u64,
        super::Decode::Strict,
    )?;
    // Said on stderr so it reaches the person even when stdout goes into a ticket.
    warnln!(
        "note: a token is a secret; do not paste it into tickets or chats (nothing is sent anywhere)"
    );
    let report = token::inspect_expecting(&text, jiff::Timestamp::now(), &args.expect_scope)
        .map_err(|e| Failure::usage(format!("token: {e}")))?;
    emit(&report, args.json, None)
}

pub fn check_scopes(args: &CheckScopesArgs, kb: &KnowledgeBase) -> CommandResult {
    let joined = args.scopes.join(" ");
    let report = scopes::check(kb, &args.provider, &joined, args.service_account)
        .map_err(|e| Failure::usage(e.to_string()))?;
    emit(&report, args.json, Some(kb))
}

/// Prints `report` and turns it into the exit outcome.
fn emit(report: &FieldReport, json: bool, kb: Option<&KnowledgeBase>) -> CommandResult {
    if json {
        outln!("{}", to_json(report)?);
    } else {
        out!("{}", render(report, kb));
    }
    Ok(if report.has_problem() {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}

/// The report as serialised, plus `"ok": true` when no finding is a problem.
fn to_json(report: &FieldReport) -> Result<Value, Failure> {
    let mut value = serde_json::to_value(report)
        .map_err(|e| Failure::usage(format!("cannot serialise the report: {e}")))?;
    if let Value::Object(map) = &mut value {
        map.insert("ok".to_string(), Value::Bool(!report.has_problem()));
    }
    Ok(value)
}

/// A text marker per severity, so the meaning never rests on colour.
fn marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Ok => "[ok]     ",
        Severity::Info => "[info]   ",
        Severity::Warning => "[warning]",
        Severity::Problem => "[PROBLEM]",
    }
}

/// The human-readable form: title, aligned details, then findings worst first. Every value is
/// passed through [`one_line`], because it came from a paste and may hold escape sequences.
fn render(report: &FieldReport, kb: Option<&KnowledgeBase>) -> String {
    let mut out = format!("{}\n\n", one_line(&report.title));
    let width = report
        .details
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in &report.details {
        out.push_str(&format!(
            "  {:<width$} : {}\n",
            one_line(label),
            one_line(value)
        ));
    }
    if !report.details.is_empty() {
        out.push('\n');
    }
    let mut findings: Vec<_> = report.findings.iter().collect();
    // Worst first; the sort is stable, so findings of one severity keep their order.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for finding in findings {
        out.push_str(&format!(
            "{} {}\n",
            marker(finding.severity),
            one_line(&finding.message)
        ));
        if let Some(fix) = &finding.fix {
            let known = kb.is_none_or(|kb| kb.fix_by_id(fix).is_some());
            let note = if known {
                ""
            } else {
                "  (not in the loaded flows)"
            };
            out.push_str(&format!("          → see: oauth-triage show {fix}{note}\n"));
        }
    }
    let verdict = if report.has_problem() {
        "Problem found."
    } else {
        "No problem found."
    };
    out.push_str(&format!("\n{verdict}\n"));
    out
}
