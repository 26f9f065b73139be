//! Man pages from the clap definitions, with `clap_mangen`. The main page gets the sections a
//! reader of `man oauth-triage` looks for and clap does not describe: exit status, environment,
//! files, examples.

use clap::CommandFactory;

use super::Asset;
use crate::cli::Cli;

/// The directory the pages go in.
pub const DIR: &str = "assets/man";

/// Replaces clap's one-line description on the main page.
const DESCRIPTION: &str = "\
With no subcommand, opens the interactive guide: pick a provider, pick the symptom, answer the \
one or two questions that tell causes apart, and land on a fix with numbered steps and the values \
to paste (the redirect URI for the customer's Connect address, scope lists). Pasting any error \
text into the guide, or giving it with --error, jumps to the matching fix. The footer shows the \
keys of the current screen; ? lists them all.

The subcommands do the same from scripts: diagnose matches an error text, show prints one fix \
with its values filled in, and the field checks (check-redirect, token, check-scopes) work on \
pasted values. Everything is offline: the knowledge is compiled into the binary and nothing is \
sent over the network.";

/// The main page's own sections, in roff, put before clap's VERSION section.
const MAIN_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
No match, or a field check found a problem.
.TP
\fB2\fR
Bad usage or bad input; a message on standard error says what and where.
.SH ENVIRONMENT
.TP
\fBCONNECT_SERVER\fR
The customer's Connect address, as \fB\-\-server\fR.
.TP
\fBOAUTH_TRIAGE_FLOWS\fR
Extra flow directories, separated by colons, as \fB\-\-flows\fR.
.TP
\fBOAUTH_TRIAGE_CONFIG\fR
The config file to use, as \fB\-\-config\fR.
.TP
\fBNO_COLOR\fR
When set and not empty, draws the guide without colour.
.PP
Command\-line options beat environment variables, which beat the config file.
\fBoauth\-triage paths\fR shows what is in use and why.
.SH FILES
.TP
\fI$XDG_CONFIG_HOME/oauth\-triage/config.toml\fR
The optional config file (\fI~/.config/oauth\-triage/config.toml\fR when \fBXDG_CONFIG_HOME\fR
is not set): \fBserver\fR, \fBflows\fR, \fBclipboard\fR, \fBtheme\fR, \fBmouse\fR.
A \fIflows\fR directory next to it is read too.
.SH EXAMPLES
.nf
.RS
oauth\-triage \-\-server connect.example.com
oauth\-triage diagnose 'AADSTS50011: The redirect URI ...'
pbpaste | oauth\-triage diagnose \-\-json
oauth\-triage show azure/redirect\-uri\-mismatch \-\-server connect.example.com
oauth\-triage redirect\-uri https://example.com/rsc/
oauth\-triage validate ./my\-flows
.RE
.fi
"#;

/// The main page and one per subcommand, named as `man` expects (`oauth-triage-show.1`).
pub fn pages() -> Vec<Asset> {
    // As `clap_mangen::generate_to` does, but in memory: building the command gives every
    // subcommand its display name (`oauth-triage-show`), which names its page.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect();
    // The examples become their own section, unwrapped (clap's EXTRA section wraps them).
    let main = command.long_about(DESCRIPTION).after_help(None::<&str>);
    let mut pages = vec![page(main, MAIN_SECTIONS)];
    pages.extend(subcommands.into_iter().map(|sub| page(sub, "")));
    pages
}

fn page(command: clap::Command, extra_sections: &str) -> Asset {
    // Every page names the program and its version in the footer (clap would give a
    // subcommand's page only the subcommand's name).
    let source = format!("oauth-triage {}", env!("CARGO_PKG_VERSION"));
    let man = clap_mangen::Man::new(command).source(source);
    let mut roff = Vec::new();
    // Rendering into a Vec cannot fail: the writer never returns an error.
    man.render(&mut roff)
        .unwrap_or_else(|e| unreachable!("writing to memory failed: {e}"));
    let mut text = String::from_utf8(roff)
        .unwrap_or_else(|e| unreachable!("clap_mangen wrote invalid UTF-8: {e}"));
    if !extra_sections.is_empty() {
        let at = text.find(".SH VERSION").unwrap_or(text.len());
        text.insert_str(at, extra_sections);
    }
    Asset::new(format!("{DIR}/{}", man.get_filename()), text)
}
