//! Recognising the log formats Connect and its content write (see the fact sheet
//! `connect-logs.md`), line by line, cheaply: most lines are looked at only here.
//!
//! Confirmed formats: the logrus TEXT service log (`time="…" level=… msg="…"`), the legacy
//! `YYYY/MM/DD HH:MM:SS message` log, job-log lines `YYYY/MM/DD HH:MM:SS.nnnnnnnnn message`,
//! and the job-log API's `{"entries":[{source,timestamp,data}]}`. Unconfirmed ones are handled
//! generically, without assuming field names beyond the obvious: one JSON object per line
//! (`time`/`timestamp`, `msg`/`message`/`log`/`data`), an RFC 3339 stamp in front of a line
//! (`docker logs -t`, Kubernetes `… stdout F …`), and syslog-style `Mon DD HH:MM:SS host
//! ident[pid]: …` (journalctl), whose inner text is read again.

// Reads text from pastes, logs and flow files: an index past the end would be a panic on
// hostile input, so every access here is checked (`get`, `first_chunk`, iterators).
#![warn(clippy::indexing_slicing)]

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// Which layout a line's header has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// logrus TEXT: `time="2022-07-06T19:54:05.988Z" level=info msg=…`.
    Logrus,
    /// `2019/01/10 22:25:07 message` (Connect before 2022.11).
    Legacy,
    /// `2023/09/12 12:13:44.541508100 message` (content job output).
    JobLog,
    /// One JSON object on the line.
    Json,
    /// Some other line starting with an ISO date and time.
    Iso,
    /// No header: a line of raw output, a traceback line, a pasted page.
    Plain,
}

/// What the start of a line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    pub format: Format,
    /// The time as written, when the header carries one.
    pub time: Option<&'a str>,
    /// The message after the header (the whole line when there is none); its indentation
    /// tells continuation lines apart.
    pub body: &'a str,
}

/// Reads the header of `line`. Prefixes that wrap a line (a container runtime's timestamp, a
/// syslog prefix) are peeled off and the inner text read again.
pub fn header(line: &str) -> Header<'_> {
    let mut outer_time = None;
    let mut rest = line;
    // At most two wrappers: `docker logs -t` around CRI, or syslog around anything.
    for _ in 0..2 {
        if let Some((time, after)) = iso_prefix(rest) {
            let after = cri_stream_tag(after).unwrap_or(after);
            if looks_like_inner_header(after) {
                outer_time = Some(time);
                rest = after;
                continue;
            }
            return Header {
                format: Format::Iso,
                time: Some(time),
                body: after,
            };
        }
        if let Some(after) = syslog_prefix(rest) {
            rest = after;
            continue;
        }
        break;
    }
    let mut h = inner_header(rest);
    if h.time.is_none() {
        h.time = outer_time;
    }
    if h.format == Format::Plain && outer_time.is_some() {
        h.format = Format::Iso;
    }
    h
}

fn looks_like_inner_header(s: &str) -> bool {
    s.starts_with("time=\"") || s.starts_with('{') || slash_prefix(s).is_some()
}

fn inner_header(line: &str) -> Header<'_> {
    if let Some(after) = line.strip_prefix("time=\"")
        && let Some(close) = after.find('"')
    {
        return Header {
            format: Format::Logrus,
            time: Some(&after[..close]),
            body: after[close + 1..].trim_start(),
        };
    }
    if let Some((time, fraction, body)) = slash_prefix(line) {
        return Header {
            format: if fraction {
                Format::JobLog
            } else {
                Format::Legacy
            },
            time: Some(time),
            body,
        };
    }
    let trimmed = line.trim_end();
    if trimmed.starts_with('{') && trimmed.ends_with('}') {
        return Header {
            format: Format::Json,
            time: None,
            body: line,
        };
    }
    if let Some((time, body)) = iso_prefix(line) {
        return Header {
            format: Format::Iso,
            time: Some(time),
            body,
        };
    }
    Header {
        format: Format::Plain,
        time: None,
        body: line,
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> bool {
    b.get(at..at + n)
        .is_some_and(|run| run.iter().all(u8::is_ascii_digit))
}

/// Where the run of digits starting at `from` ends.
fn digits_end(b: &[u8], from: usize) -> usize {
    from + b
        .iter()
        .skip(from)
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// `YYYY/MM/DD HH:MM:SS[.fff…] ` → (time, has fraction, body after one space).
fn slash_prefix(line: &str) -> Option<(&str, bool, &str)> {
    let b = line.as_bytes();
    let shape = digits(b, 0, 4)
        && b.get(4) == Some(&b'/')
        && digits(b, 5, 2)
        && b.get(7) == Some(&b'/')
        && digits(b, 8, 2)
        && b.get(10) == Some(&b' ')
        && digits(b, 11, 2)
        && b.get(13) == Some(&b':')
        && digits(b, 14, 2)
        && b.get(16) == Some(&b':')
        && digits(b, 17, 2);
    if !shape {
        return None;
    }
    let mut end = 19;
    let fraction = b.get(19) == Some(&b'.') && digits(b, 20, 1);
    if fraction {
        end = digits_end(b, 20);
    }
    match b.get(end) {
        None => Some((&line[..end], fraction, "")),
        Some(b' ') => Some((&line[..end], fraction, &line[end + 1..])),
        _ => None,
    }
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.,fff][Z|±hh:mm|±hhmm] ` → (time, body after one space).
fn iso_prefix(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    let shape = digits(b, 0, 4)
        && b.get(4) == Some(&b'-')
        && digits(b, 5, 2)
        && b.get(7) == Some(&b'-')
        && digits(b, 8, 2)
        && matches!(b.get(10), Some(b'T' | b' '))
        && digits(b, 11, 2)
        && b.get(13) == Some(&b':')
        && digits(b, 14, 2)
        && b.get(16) == Some(&b':')
        && digits(b, 17, 2);
    if !shape {
        return None;
    }
    let mut end = 19;
    if matches!(b.get(end), Some(b'.' | b',')) && digits(b, end + 1, 1) {
        end = digits_end(b, end + 1);
    }
    match b.get(end) {
        Some(b'Z') => end += 1,
        Some(b'+' | b'-') if digits(b, end + 1, 2) => {
            end += 3;
            if b.get(end) == Some(&b':') && digits(b, end + 1, 2) {
                end += 3;
            } else if digits(b, end, 2) {
                end += 2;
            }
        }
        _ => {}
    }
    match b.get(end) {
        None => Some((&line[..end], "")),
        Some(b' ') => Some((&line[..end], &line[end + 1..])),
        _ => None,
    }
}

/// Kubernetes' CRI log layout after its timestamp: `stdout F message`.
fn cri_stream_tag(s: &str) -> Option<&str> {
    for stream in ["stdout ", "stderr "] {
        if let Some(after) = s.strip_prefix(stream)
            && let Some(rest) = after
                .strip_prefix("F ")
                .or_else(|| after.strip_prefix("P "))
        {
            return Some(rest);
        }
    }
    None
}

/// `Apr 26 09:40:29 host ident[pid]: message` → message.
fn syslog_prefix(line: &str) -> Option<&str> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let b = line.as_bytes().first_chunk::<16>()?;
    if !MONTHS.iter().any(|m| line.starts_with(m)) {
        return None;
    }
    let day_ok = b[3] == b' ' && (b[4] == b' ' || b[4].is_ascii_digit()) && b[5].is_ascii_digit();
    let time_ok = b[6] == b' '
        && digits(b, 7, 2)
        && b[9] == b':'
        && digits(b, 10, 2)
        && b[12] == b':'
        && digits(b, 13, 2)
        && b[15] == b' ';
    if !(day_ok && time_ok) {
        return None;
    }
    let after_host = line[16..].split_once(' ')?.1;
    let (ident, message) = after_host.split_once(": ")?;
    let ident_ok = !ident.is_empty()
        && ident.len() <= 64
        && !ident.contains(' ')
        && ident
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.[]/@".contains(c));
    ident_ok.then_some(message)
}

/// Parses a time as written in a header or a JSON field. Times without a zone (the legacy and
/// job-log layouts) are read as UTC: Connect's server writes UTC, and nothing in the line says
/// otherwise.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    let normalised: String = text
        .chars()
        .map(|c| match c {
            '/' => '-',
            ',' => '.',
            c => c,
        })
        .collect();
    if let Ok(ts) = normalised.parse::<Timestamp>() {
        return Some(ts);
    }
    // A zone written `+0000` is not RFC 3339; put the colon in.
    // (The last five bytes may end inside a character: `split_at_checked` says so.)
    if let Some((head, zone)) = normalised.split_at_checked(normalised.len().saturating_sub(5))
        && zone.len() == 5
        && zone.starts_with(['+', '-'])
        && zone.bytes().skip(1).all(|b| b.is_ascii_digit())
        && let (Some(hours), Some(minutes)) = (zone.get(..3), zone.get(3..))
        && let Ok(ts) = format!("{head}{hours}:{minutes}").parse::<Timestamp>()
    {
        return Some(ts);
    }
    let civil: DateTime = normalised.replacen(' ', "T", 1).parse().ok()?;
    civil.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_ending_inside_a_character_is_no_time_and_no_panic() {
        assert_eq!(parse_time("4048-EE\u{fffd}\u{fffd}:"), None);
        assert_eq!(parse_time("2024-12-06 10:00:01 +0\u{e9}00"), None);
        assert_eq!(
            parse_time("2024-12-06T10:00:01+0100").map(|t| t.to_string()),
            Some("2024-12-06T09:00:01Z".to_string())
        );
    }

    #[test]
    fn logrus_text() {
        let h = header(r#"time="2025-11-06T13:05:18.626Z" level=info msg="Starting""#);
        assert_eq!(h.format, Format::Logrus);
        assert_eq!(h.time, Some("2025-11-06T13:05:18.626Z"));
        assert!(h.body.starts_with("level=info"));
    }

    #[test]
    fn legacy_and_job_log() {
        let h = header("2019/01/10 22:25:07 Starting HTTP listener on :3939");
        assert_eq!(
            (h.format, h.time, h.body),
            (
                Format::Legacy,
                Some("2019/01/10 22:25:07"),
                "Starting HTTP listener on :3939"
            )
        );
        let h = header("2023/09/12 12:13:44.541508100   File \"app.py\", line 3");
        assert_eq!(h.format, Format::JobLog);
        assert_eq!(h.body, "  File \"app.py\", line 3");
    }

    #[test]
    fn container_and_journal_wrappers() {
        let h = header(
            r#"2025-11-06T13:05:18.626123456Z time="2025-11-06T13:05:18.626Z" level=error msg=x"#,
        );
        assert_eq!(h.format, Format::Logrus);
        assert_eq!(h.time, Some("2025-11-06T13:05:18.626Z"));
        let h =
            header("2025-11-06T13:05:18.626123456Z stderr F Traceback (most recent call last):");
        assert_eq!(h.format, Format::Iso);
        assert_eq!(h.body, "Traceback (most recent call last):");
        let h = header(
            r#"Apr 26 09:40:29 connect01 rstudio-connect[812]: time="2025-04-26T09:40:29.000Z" level=error msg=x"#,
        );
        assert_eq!(h.format, Format::Logrus);
        let h = header("Apr 26 09:40:29 connect01 systemd[1]: Started.");
        assert_eq!((h.format, h.body), (Format::Plain, "Started."));
    }

    #[test]
    fn json_and_plain() {
        assert_eq!(
            header(r#"{"level":"error","msg":"x"}"#).format,
            Format::Json
        );
        let h = header("  File \"x.py\", line 1");
        assert_eq!(h.format, Format::Plain);
        assert!(h.body.starts_with("  "));
    }

    #[test]
    fn times_parse_in_every_layout() {
        let utc = |s: &str| parse_time(s).map(|t| t.to_string());
        assert_eq!(
            utc("2025-11-06T13:05:18.626Z").as_deref(),
            Some("2025-11-06T13:05:18.626Z")
        );
        assert_eq!(
            utc("2019/01/10 22:25:07").as_deref(),
            Some("2019-01-10T22:25:07Z")
        );
        assert_eq!(
            utc("2023/09/12 12:13:44.541508100").as_deref(),
            Some("2023-09-12T12:13:44.5415081Z")
        );
        assert_eq!(
            utc("2024-01-02 03:04:05,250").as_deref(),
            Some("2024-01-02T03:04:05.25Z")
        );
        assert_eq!(
            utc("2024-01-02T03:04:05+0100").as_deref(),
            Some("2024-01-02T02:04:05Z")
        );
        assert_eq!(utc("yesterday"), None);
    }
}
