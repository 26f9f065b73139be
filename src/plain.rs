//! `--plain`: the walk as numbered menus on stdout, answers read line by line from stdin. No
//! alternate screen, no raw mode, no colour: for screen readers, `TERM=dumb`, piped input and
//! pasting into tickets.
//!
//! At any prompt: a number chooses, `b` goes back, `q` quits, and anything longer is read as a
//! pasted error and diagnosed. End of input ends the session cleanly.
//!
//! A paste of several lines is one error, not one reply per line: from a terminal, the lines
//! that arrived together with the first (a paste arrives at once, typing does not); from a pipe,
//! the lines after it up to a blank line or a line that is a reply (a number, y/n, b, q). A blank
//! line always ends a paste.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::exit::{CommandResult, Failure, Outcome};
use crate::kb::{KnowledgeBase, Node};
use crate::server::ConnectServer;
use crate::walk::{NotFixed, Walk};

/// Runs plain mode on the process's stdin and stdout.
pub fn run(
    kb: &KnowledgeBase,
    server: Option<&ConnectServer>,
    error: Option<&str>,
) -> CommandResult {
    let stdin = io::stdin();
    // Piped answers are echoed after each prompt so the output reads like a conversation.
    let echo = !stdin.is_terminal();
    let stdout = io::stdout();
    let mut session = Session {
        kb,
        server,
        input: stdin.lock(),
        out: stdout.lock(),
        echo,
    };
    session.run(error).map_err(|e| {
        // `read_line` reports bytes that are not UTF-8 as InvalidData; that is the input's
        // fault, not the output's.
        Failure::usage(match e.kind() {
            io::ErrorKind::InvalidData => {
                "standard input is not UTF-8 text; --plain reads its answers as text".to_string()
            }
            _ => format!("cannot read standard input or write standard output: {e}"),
        })
    })?;
    Ok(Outcome::Success)
}

/// One plain-mode conversation over any input and output (tests use byte buffers).
pub struct Session<'a, R, W> {
    pub kb: &'a KnowledgeBase,
    pub server: Option<&'a ConnectServer>,
    pub input: R,
    pub out: W,
    pub echo: bool,
}

/// What the person typed at a prompt.
enum Reply {
    Number(usize),
    Back,
    Quit,
    /// Anything else: a pasted error (or a word to look for).
    Text(String),
    /// End of input.
    End,
}

/// Where the conversation stands.
enum Place {
    Home,
    Walk(Walk),
}

impl<R: BufRead, W: Write> Session<'_, R, W> {
    pub fn run(&mut self, error: Option<&str>) -> io::Result<()> {
        writeln!(
            self.out,
            "oauth-triage: Posit Connect OAuth troubleshooting (plain mode)"
        )?;
        match self.server {
            Some(s) => writeln!(self.out, "Connect server: {}", s.base())?,
            None => writeln!(
                self.out,
                "Connect server: not set (start with --server URL to fill in every URI)"
            )?,
        }
        writeln!(
            self.out,
            "At any prompt: a number chooses, b goes back, q quits; paste an error to diagnose it."
        )?;
        let mut place = Place::Home;
        if let Some(error) = error
            && let Some(walk) = self.diagnose(error)?
        {
            place = Place::Walk(walk);
        }
        loop {
            place = match place {
                Place::Home => match self.home()? {
                    Some(next) => next,
                    None => return Ok(()),
                },
                Place::Walk(walk) => match self.walk(walk)? {
                    Some(next) => next,
                    None => return Ok(()),
                },
            };
        }
    }

    fn home(&mut self) -> io::Result<Option<Place>> {
        writeln!(self.out, "\nWhich provider?")?;
        let providers: Vec<_> = self.kb.providers().collect();
        for (i, (_, provider)) in providers.iter().enumerate() {
            writeln!(
                self.out,
                "  {}. {} — {}",
                i + 1,
                provider.name.to_one_line(),
                provider.summary.to_one_line()
            )?;
        }
        loop {
            match self.ask()? {
                Reply::Number(n) if (1..=providers.len()).contains(&n) => {
                    return Ok(Some(Place::Walk(Walk::at_provider(
                        self.kb,
                        providers[n - 1].0,
                    ))));
                }
                Reply::Number(_) | Reply::Back => {
                    writeln!(self.out, "Type a number from the list.")?
                }
                Reply::Text(text) => {
                    if let Some(walk) = self.diagnose(&text)? {
                        return Ok(Some(Place::Walk(walk)));
                    }
                }
                Reply::Quit | Reply::End => return Ok(None),
            }
        }
    }

    /// Shows where the walk stands and acts on one reply.
    fn walk(&mut self, mut walk: Walk) -> io::Result<Option<Place>> {
        let crumbs = walk.breadcrumb(self.kb).join(" > ");
        writeln!(self.out, "\n[{crumbs}]")?;
        match walk.current() {
            Node::Question(q) => {
                let question = self.kb.question(q);
                let text = if self.kb.provider(question.provider).root == q {
                    "What do you see?".to_string()
                } else {
                    question.text.to_one_line().into_string()
                };
                writeln!(self.out, "{text}")?;
                for (i, answer) in question.answers.iter().enumerate() {
                    writeln!(self.out, "  {}. {}", i + 1, answer.label.to_one_line())?;
                }
                loop {
                    match self.ask()? {
                        Reply::Number(n) if (1..=question.answers.len()).contains(&n) => {
                            walk.choose(self.kb, n - 1);
                            return Ok(Some(Place::Walk(walk)));
                        }
                        Reply::Number(_) => writeln!(self.out, "Type a number from the list.")?,
                        Reply::Back => return Ok(Some(back(walk))),
                        Reply::Text(text) => {
                            if let Some(found) = self.diagnose(&text)? {
                                return Ok(Some(Place::Walk(found)));
                            }
                        }
                        Reply::Quit | Reply::End => return Ok(None),
                    }
                }
            }
            Node::Fix(f) => {
                writeln!(self.out)?;
                write!(
                    self.out,
                    "{}",
                    crate::text::clean(&crate::report::fix_text(self.kb, f, self.server))
                )?;
                writeln!(self.out, "\nDid this fix it? [y/n]")?;
                match self.ask_yes_no()? {
                    Some(YesNo::Yes) => {
                        writeln!(self.out, "Resolved. Good luck with the rest of the call.")?;
                        Ok(None)
                    }
                    Some(YesNo::No) => match walk.not_fixed(self.kb) {
                        NotFixed::Next(_) => {
                            writeln!(self.out, "That did not help; the next likely cause is:")?;
                            Ok(Some(Place::Walk(walk)))
                        }
                        NotFixed::Escalate(provider) => {
                            writeln!(
                                self.out,
                                "\nNothing more in the knowledge base fits. Collect these before escalating:"
                            )?;
                            for item in self.kb.escalation(Some(provider)) {
                                writeln!(self.out, "  [ ] {}", item.to_one_line())?;
                            }
                            Ok(None)
                        }
                    },
                    Some(YesNo::Back) => Ok(Some(back(walk))),
                    None => Ok(None),
                }
            }
        }
    }

    /// Diagnoses pasted text. Returns the walk to a clear winner; otherwise lists the candidates
    /// (or says the error is not known) and returns `None` so the caller asks again.
    fn diagnose(&mut self, text: &str) -> io::Result<Option<Walk>> {
        let matches = crate::diagnose::Diagnoser::new(self.kb).diagnose(text);
        match matches.as_slice() {
            [] => {
                writeln!(
                    self.out,
                    "Not a known error: nothing in the knowledge base matches that text."
                )?;
                Ok(None)
            }
            [only] => Ok(Some(Walk::jump_to(self.kb, Node::Fix(only.fix)))),
            [best, second, ..] if best.score - second.score >= 0.2 => {
                Ok(Some(Walk::jump_to(self.kb, Node::Fix(best.fix))))
            }
            several => {
                writeln!(self.out, "Several known problems match:")?;
                for (i, m) in several.iter().enumerate() {
                    let fix = self.kb.fix(m.fix);
                    writeln!(
                        self.out,
                        "  {}. ({}) {}  [{}]",
                        i + 1,
                        crate::tui::view::likelihood(m.score),
                        fix.title.to_one_line(),
                        fix.id
                    )?;
                }
                loop {
                    match self.ask()? {
                        Reply::Number(n) if (1..=several.len()).contains(&n) => {
                            return Ok(Some(Walk::jump_to(self.kb, Node::Fix(several[n - 1].fix))));
                        }
                        Reply::Number(_) | Reply::Text(_) => {
                            writeln!(self.out, "Type a number from the list, or b.")?
                        }
                        Reply::Back | Reply::Quit | Reply::End => return Ok(None),
                    }
                }
            }
        }
    }

    fn read_line(&mut self) -> io::Result<Option<String>> {
        write!(self.out, "> ")?;
        self.out.flush()?;
        let Some(line) = read_line_bounded(&mut self.input)? else {
            writeln!(self.out)?;
            return Ok(None);
        };
        let line = crate::text::one_line(&line);
        if self.echo {
            writeln!(self.out, "{line}")?;
        }
        Ok(Some(line))
    }

    fn ask(&mut self) -> io::Result<Reply> {
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(Reply::End);
            };
            let reply = match line.to_ascii_lowercase().as_str() {
                "" => continue,
                "q" | "quit" => Reply::Quit,
                "b" | "back" => Reply::Back,
                other => match other.parse::<usize>() {
                    Ok(n) => Reply::Number(n),
                    Err(_) => Reply::Text(self.rest_of_paste(line)?),
                },
            };
            return Ok(reply);
        }
    }

    /// `first` and the lines of the same paste after it, joined (see the module comment).
    fn rest_of_paste(&mut self, first: String) -> io::Result<String> {
        let mut total = first.len();
        let mut lines = vec![first];
        loop {
            let more = if self.echo {
                // Piped: look at the next line before taking it.
                match self.peek_line()? {
                    None => false,
                    Some(next) if next.trim().is_empty() => {
                        self.skip_line()?;
                        false
                    }
                    Some(next) => !is_reply(&next),
                }
            } else {
                input_waiting()
            };
            if !more {
                break;
            }
            let Some(line) = read_line_bounded(&mut self.input)? else {
                break;
            };
            let line = crate::text::one_line(&line);
            if line.trim().is_empty() {
                break;
            }
            // A paste is held to the size `diagnose` accepts; the rest is not read.
            total += line.len();
            if total > usize::try_from(crate::limits::ERROR_TEXT_BYTES).unwrap_or(usize::MAX) {
                writeln!(
                    self.out,
                    "(the pasted error is longer than {} MB; the rest is left out)",
                    crate::limits::ERROR_TEXT_BYTES / (1024 * 1024)
                )?;
                break;
            }
            if self.echo {
                writeln!(self.out, "  {line}")?;
            }
            lines.push(line);
        }
        if lines.len() > 1 {
            writeln!(self.out, "(read {} pasted lines as one error)", lines.len())?;
        }
        Ok(lines.join("\n"))
    }

    /// The next line of input, without taking it (as far as it is buffered).
    fn peek_line(&mut self) -> io::Result<Option<String>> {
        let buffered = self.input.fill_buf()?;
        if buffered.is_empty() {
            return Ok(None);
        }
        let end = buffered
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(buffered.len());
        Ok(Some(String::from_utf8_lossy(&buffered[..end]).into_owned()))
    }

    fn skip_line(&mut self) -> io::Result<()> {
        read_line_bounded(&mut self.input).map(|_| ())
    }

    fn ask_yes_no(&mut self) -> io::Result<Option<YesNo>> {
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(None);
            };
            match line.to_ascii_lowercase().as_str() {
                "y" | "yes" => return Ok(Some(YesNo::Yes)),
                "n" | "no" => return Ok(Some(YesNo::No)),
                "b" | "back" => return Ok(Some(YesNo::Back)),
                "q" | "quit" => return Ok(None),
                _ => writeln!(self.out, "Type y or n (b goes back, q quits).")?,
            }
        }
    }
}

/// Whether `line` is something typed at a prompt rather than a line of an error.
fn is_reply(line: &str) -> bool {
    let line = line.trim().to_ascii_lowercase();
    matches!(
        line.as_str(),
        "y" | "yes" | "n" | "no" | "b" | "back" | "q" | "quit"
    ) || line.parse::<usize>().is_ok()
}

/// How long after a line more of the same paste may still be arriving.
const PASTE_GAP_MS: i32 = 30;

/// Whether more input is already waiting on stdin (a terminal): the rest of a paste arrives
/// with its first line, while a person types the next answer much later.
#[cfg(unix)]
fn input_waiting() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, for the duration of the call.
    let ready = unsafe { libc::poll(&mut fds, 1, PASTE_GAP_MS) };
    ready > 0 && fds.revents & libc::POLLIN != 0
}

#[cfg(not(unix))]
fn input_waiting() -> bool {
    false
}

enum YesNo {
    Yes,
    No,
    Back,
}

fn back(mut walk: Walk) -> Place {
    match walk.back() {
        Some(_) => Place::Walk(walk),
        None => Place::Home,
    }
}

/// One line of at most [`crate::limits::ERROR_TEXT_BYTES`] bytes (`None` at the end of input);
/// the rest of a longer line is read past in pieces, never held, so a line without end cannot
/// grow memory. Text that is not UTF-8 is an `InvalidData` error, as `read_line` reports it.
fn read_line_bounded<R: BufRead>(input: &mut R) -> io::Result<Option<String>> {
    let limit = crate::limits::ERROR_TEXT_BYTES;
    let mut bytes = Vec::new();
    let read = <&mut R as io::Read>::take(input, limit).read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if read as u64 == limit && !bytes.ends_with(b"\n") {
        // Cut mid-line: drop a character split at the cut, then skip to the line's end.
        if let Err(e) = std::str::from_utf8(&bytes)
            && e.error_len().is_none()
        {
            bytes.truncate(e.valid_up_to());
        }
        loop {
            let buffered = input.fill_buf()?;
            if buffered.is_empty() {
                break;
            }
            match memchr::memchr(b'\n', buffered) {
                Some(at) => {
                    input.consume(at + 1);
                    break;
                }
                None => {
                    let all = buffered.len();
                    input.consume(all);
                }
            }
        }
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
