//! A ratatui [`Buffer`] as an SVG picture of a dark terminal window: every cell's symbol at its
//! own column, with its foreground and background colour, bold, italic, dim, underline and
//! reverse video, so the image shows exactly what the guide draws.
//!
//! Characters are placed one by one (SVG's per-character `x` list) rather than trusting the
//! viewer's monospace font to have the width the layout was made for, so box-drawing and
//! arrow glyphs taken from a fallback font cannot shift the rest of a line.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};

/// Cell size in pixels, for a 14 px font (DejaVu Sans Mono advances 0.602 em).
const CELL_W: f64 = 8.4;
const CELL_H: f64 = 18.0;
const FONT_SIZE: f64 = 14.0;
/// From a cell's top to the text baseline.
const BASELINE: f64 = 13.5;
const PAD_X: f64 = 14.0;
const PAD_Y: f64 = 10.0;
const TITLE_BAR: f64 = 30.0;
const FONT: &str =
    "'DejaVu Sans Mono', 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace";

/// A dark palette for the 16 ANSI colours (the guide uses only named colours, so the
/// picture looks as it would in a dark terminal theme).
const BACKGROUND: Rgb = Rgb(0x1e, 0x1e, 0x2e);
const FOREGROUND: Rgb = Rgb(0xcd, 0xd6, 0xf4);
const TITLE_BAR_BG: Rgb = Rgb(0x18, 0x18, 0x25);
const ANSI: [Rgb; 16] = [
    Rgb(0x45, 0x47, 0x5a), // black
    Rgb(0xf3, 0x8b, 0xa8), // red
    Rgb(0xa6, 0xe3, 0xa1), // green
    Rgb(0xf9, 0xe2, 0xaf), // yellow
    Rgb(0x89, 0xb4, 0xfa), // blue
    Rgb(0xf5, 0xc2, 0xe7), // magenta
    Rgb(0x89, 0xdc, 0xeb), // cyan
    Rgb(0xba, 0xc2, 0xde), // white (ratatui's Gray)
    Rgb(0x58, 0x5b, 0x70), // bright black (DarkGray)
    Rgb(0xf3, 0x8b, 0xa8), // bright red
    Rgb(0xa6, 0xe3, 0xa1), // bright green
    Rgb(0xf9, 0xe2, 0xaf), // bright yellow
    Rgb(0x89, 0xb4, 0xfa), // bright blue
    Rgb(0xf5, 0xc2, 0xe7), // bright magenta
    Rgb(0x94, 0xe2, 0xd5), // bright cyan
    Rgb(0xa6, 0xad, 0xc8), // bright white
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    /// Halfway to the background: how terminals commonly draw `DIM`.
    fn dimmed(self) -> Rgb {
        let mix = |a: u8, b: u8| u8::try_from((u16::from(a) + u16::from(b)) / 2).unwrap_or(u8::MAX);
        Rgb(
            mix(self.0, BACKGROUND.0),
            mix(self.1, BACKGROUND.1),
            mix(self.2, BACKGROUND.2),
        )
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

fn rgb(color: Color, default: Rgb) -> Rgb {
    match color {
        Color::Reset => default,
        Color::Black => ANSI[0],
        Color::Red => ANSI[1],
        Color::Green => ANSI[2],
        Color::Yellow => ANSI[3],
        Color::Blue => ANSI[4],
        Color::Magenta => ANSI[5],
        Color::Cyan => ANSI[6],
        Color::Gray => ANSI[7],
        Color::DarkGray => ANSI[8],
        Color::LightRed => ANSI[9],
        Color::LightGreen => ANSI[10],
        Color::LightYellow => ANSI[11],
        Color::LightBlue => ANSI[12],
        Color::LightMagenta => ANSI[13],
        Color::LightCyan => ANSI[14],
        Color::White => ANSI[15],
        Color::Rgb(r, g, b) => Rgb(r, g, b),
        Color::Indexed(n) => indexed(n),
    }
}

/// The xterm 256-colour palette: 16 ANSI colours, a 6×6×6 cube, then 24 greys.
fn indexed(n: u8) -> Rgb {
    match n {
        0..=15 => ANSI[usize::from(n)],
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            let i = n - 16;
            Rgb(level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (n - 232) * 10;
            Rgb(v, v, v)
        }
    }
}

/// How one cell's text is drawn once colours and modifiers are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: Rgb,
    bg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    strike: bool,
    hidden: bool,
}

fn look(cell: &Cell) -> Look {
    let m = cell.modifier;
    let mut fg = rgb(cell.fg, FOREGROUND);
    let mut bg = rgb(cell.bg, BACKGROUND);
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    if m.contains(Modifier::DIM) {
        fg = fg.dimmed();
    }
    Look {
        fg,
        bg,
        bold: m.contains(Modifier::BOLD),
        italic: m.contains(Modifier::ITALIC),
        underline: m.contains(Modifier::UNDERLINED),
        strike: m.contains(Modifier::CROSSED_OUT),
        hidden: m.contains(Modifier::HIDDEN),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML; the buffer should hold none.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn px(v: f64) -> String {
    // One decimal place, without a trailing ".0": small, stable output.
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The whole picture: a window with `title` in its title bar and the buffer inside.
pub fn render(buffer: &Buffer, title: &str) -> String {
    let area = buffer.area;
    let width = PAD_X * 2.0 + f64::from(area.width) * CELL_W;
    let height = TITLE_BAR + PAD_Y * 2.0 + f64::from(area.height) * CELL_H;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="{FONT_SIZE}" xml:space="preserve">"#,
        w = px(width),
        h = px(height),
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(title));
    window(&mut svg, width, height, title);
    let top = TITLE_BAR + PAD_Y;
    for y in 0..area.height {
        let cells: Vec<(u16, &Cell)> = (0..area.width)
            .filter_map(|x| buffer.cell((area.x + x, area.y + y)).map(|c| (x, c)))
            .collect();
        let row_top = top + f64::from(y) * CELL_H;
        backgrounds(&mut svg, &cells, row_top);
        texts(&mut svg, &cells, row_top + BASELINE);
    }
    svg.push_str("</svg>\n");
    svg
}

fn window(svg: &mut String, width: f64, height: f64, title: &str) {
    let _ = writeln!(
        svg,
        r#"<rect width="{}" height="{}" rx="8" fill="{BACKGROUND}"/>"#,
        px(width),
        px(height)
    );
    let _ = writeln!(
        svg,
        r#"<path d="M0 8a8 8 0 0 1 8-8h{w}a8 8 0 0 1 8 8v{TITLE_BAR}h-{full}z" fill="{TITLE_BAR_BG}"/>"#,
        w = px(width - 16.0),
        full = px(width),
    );
    for (i, colour) in ["#ff5f57", "#febc2e", "#28c840"].iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<circle cx="{}" cy="15" r="6" fill="{colour}"/>"#,
            px(20.0 + 20.0 * i as f64)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="20" text-anchor="middle" font-size="13" fill="{}">{}</text>"#,
        px(width / 2.0),
        FOREGROUND.dimmed(),
        escape(title)
    );
}

/// One rectangle per run of cells with the same background, where it differs from the
/// window's.
fn backgrounds(svg: &mut String, cells: &[(u16, &Cell)], row_top: f64) {
    let mut i = 0;
    while i < cells.len() {
        let bg = look(cells[i].1).bg;
        let start = cells[i].0;
        let mut end = i + 1;
        while end < cells.len() && look(cells[end].1).bg == bg {
            end += 1;
        }
        if bg != BACKGROUND {
            let columns = cells[end - 1].0 - start + 1;
            let _ = writeln!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{bg}"/>"#,
                px(PAD_X + f64::from(start) * CELL_W),
                px(row_top),
                px(f64::from(columns) * CELL_W),
                px(CELL_H)
            );
        }
        i = end;
    }
}

/// One `<text>` per run of cells that look the same, each character at its cell's column.
fn texts(svg: &mut String, cells: &[(u16, &Cell)], baseline: f64) {
    let mut i = 0;
    while i < cells.len() {
        let style = look(cells[i].1);
        let mut end = i + 1;
        while end < cells.len() && look(cells[end].1) == style {
            end += 1;
        }
        text_run(svg, &cells[i..end], style, baseline);
        i = end;
    }
}

fn text_run(svg: &mut String, run: &[(u16, &Cell)], style: Look, baseline: f64) {
    if style.hidden {
        return;
    }
    let mut text = String::new();
    let mut xs = Vec::new();
    for (x, cell) in run {
        let symbol = cell.symbol();
        let cell_x = px(PAD_X + f64::from(*x) * CELL_W);
        for c in symbol.chars() {
            text.push(c);
            // A combining mark sits on its base character's column.
            xs.push(cell_x.clone());
        }
    }
    // Spaces draw nothing unless underlined or struck through; trim them off both ends.
    let decorated = style.underline || style.strike;
    let leading = if decorated {
        0
    } else {
        text.chars().take_while(|c| *c == ' ').count()
    };
    let chars: Vec<char> = text.chars().skip(leading).collect();
    let kept = if decorated {
        chars.len()
    } else {
        chars.len() - chars.iter().rev().take_while(|c| **c == ' ').count()
    };
    if kept == 0 {
        return;
    }
    let text: String = chars[..kept].iter().collect();
    let xs = xs[leading..leading + kept].join(" ");
    let mut attributes = format!(r#"x="{xs}" y="{}""#, px(baseline));
    if style.fg != FOREGROUND {
        let _ = write!(attributes, r#" fill="{}""#, style.fg);
    } else {
        let _ = write!(attributes, r#" fill="{FOREGROUND}""#);
    }
    if style.bold {
        attributes.push_str(r#" font-weight="bold""#);
    }
    if style.italic {
        attributes.push_str(r#" font-style="italic""#);
    }
    match (style.underline, style.strike) {
        (true, true) => attributes.push_str(r#" text-decoration="underline line-through""#),
        (true, false) => attributes.push_str(r#" text-decoration="underline""#),
        (false, true) => attributes.push_str(r#" text-decoration="line-through""#),
        (false, false) => {}
    }
    let _ = writeln!(svg, "<text {attributes}>{}</text>", escape(&text));
}
