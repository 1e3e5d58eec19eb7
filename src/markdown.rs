//! The Markdown editors write articles in, and its conversion to blocks.
//!
//! A deliberately small dialect (documented in docs/format.md) parsed line by line, so every
//! problem has a line number and nothing outside the dialect — raw HTML above all — gets through.
//!
//! ```text
//! ---
//! title: 暖如春風入心田
//! date: 2020-03-30
//! ---
//! ::: epigraph          ::: verse          ::: signature          ::: note
//! ## Section heading    > testimonial      ![caption](images/a.jpg "alt")    ![caption]()
//! Paragraph with *emphasis* and [a link](https://example.org/).
//! ```

use crate::model::{is_safe_link, markup_in, Block, Span, Text};
use crate::typography::{normalize, Fixes};

/// A problem at a line of the source (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub message: String,
}

fn diag(line: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        line,
        message: message.into(),
    }
}

/// `key: value` pairs between `---` lines, with the line of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub fields: Vec<(String, String, usize)>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, _)| v.as_str())
    }

    /// Reports keys outside `allowed` (typos would otherwise be silently ignored).
    pub fn check_keys(&self, allowed: &[&str], problems: &mut Vec<Diagnostic>) {
        for (key, _, line) in &self.fields {
            if !allowed.contains(&key.as_str()) {
                problems.push(diag(
                    *line,
                    format!(
                        "unknown front matter key {key:?} (known: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
    }
}

/// A parsed source file: its front matter, and blocks with the line each starts at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub front: FrontMatter,
    pub blocks: Vec<Block>,
    pub lines: Vec<usize>,
    pub fixes: Fixes,
}

/// Parses a source file. Every problem is collected; the result is usable only if there are
/// none.
pub fn parse(source: &str) -> (Document, Vec<Diagnostic>) {
    let mut parser = Parser {
        doc: Document::default(),
        problems: Vec::new(),
    };
    let lines: Vec<&str> = source.lines().collect();
    let body_start = parser.front_matter(&lines);
    parser.body(&lines, body_start);
    (parser.doc, parser.problems)
}

struct Parser {
    doc: Document,
    problems: Vec<Diagnostic>,
}

const CONTAINERS: [&str; 4] = ["epigraph", "verse", "signature", "note"];

impl Parser {
    /// Returns the index of the first body line.
    fn front_matter(&mut self, lines: &[&str]) -> usize {
        if lines
            .first()
            .map(|l| l.trim_start_matches('\u{feff}').trim())
            != Some("---")
        {
            return 0;
        }
        for (i, raw) in lines.iter().enumerate().skip(1) {
            let line = raw.trim();
            if line == "---" {
                return i + 1;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once(':') {
                Some((key, value)) => {
                    let value = value.trim();
                    let value = value
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(value);
                    self.doc
                        .front
                        .fields
                        .push((key.trim().to_owned(), value.to_owned(), i + 1));
                }
                None => self
                    .problems
                    .push(diag(i + 1, "front matter lines are `key: value`")),
            }
        }
        self.problems
            .push(diag(1, "front matter is not closed with a `---` line"));
        lines.len()
    }

    fn body(&mut self, lines: &[&str], start: usize) {
        let mut i = start;
        while i < lines.len() {
            let line_no = i + 1;
            let line = lines[i].trim();
            if line.is_empty() {
                i += 1;
                continue;
            }
            if let Some(name) = line.strip_prefix(":::") {
                i = self.container(lines, i, name.trim());
                continue;
            }
            if let Some(rest) = line.strip_prefix('#') {
                match rest.strip_prefix("# ") {
                    Some(text) if !text.starts_with('#') => {
                        let text = self.inline(text.trim(), line_no);
                        self.push(Block::Heading { text }, line_no);
                    }
                    _ => self.problems.push(diag(
                        line_no,
                        "only `## ` section headings are allowed (the title is in the front matter)",
                    )),
                }
                i += 1;
                continue;
            }
            if line.starts_with("![") {
                self.figure(line, line_no);
                i += 1;
                continue;
            }
            // Quotes and paragraphs run to the next blank line.
            let quote = line.starts_with('>');
            let mut parts = Vec::new();
            while i < lines.len() && !lines[i].trim().is_empty() {
                let l = lines[i].trim();
                if quote != l.starts_with('>')
                    || (!parts.is_empty() && (l.starts_with(":::") || l.starts_with("## ")))
                {
                    break;
                }
                parts.push(l.strip_prefix('>').map_or(l, str::trim));
                i += 1;
            }
            let text = self.inline(&join_lines(&parts), line_no);
            let block = if quote {
                Block::Quote { text }
            } else {
                Block::Paragraph { text }
            };
            self.push(block, line_no);
        }
    }

    /// `::: name` … `:::`. Returns the index after the closing line.
    fn container(&mut self, lines: &[&str], open: usize, name: &str) -> usize {
        let line_no = open + 1;
        if !CONTAINERS.contains(&name) {
            let message = if name.is_empty() {
                "a `:::` without an open block".to_owned()
            } else {
                format!(
                    "unknown block `::: {name}` (known: {})",
                    CONTAINERS.join(", ")
                )
            };
            self.problems.push(diag(line_no, message));
        }
        let mut content = Vec::new();
        let mut i = open + 1;
        loop {
            let Some(raw) = lines.get(i) else {
                self.problems.push(diag(
                    line_no,
                    format!("`::: {name}` is not closed with `:::`"),
                ));
                break;
            };
            let line = raw.trim();
            i += 1;
            if line == ":::" {
                break;
            }
            if !line.is_empty() {
                content.push((line, i));
            }
        }
        let lines_of = |p: &mut Parser| -> Vec<Text> {
            content.iter().map(|&(l, at)| p.inline(l, at)).collect()
        };
        match name {
            "epigraph" => {
                let lines = lines_of(self);
                self.push(Block::Epigraph { lines }, line_no);
            }
            "verse" => {
                let lines = lines_of(self);
                self.push(Block::Verse { lines }, line_no);
            }
            "signature" | "note" => {
                let joined = join_lines(&content.iter().map(|(l, _)| *l).collect::<Vec<_>>());
                let text = self.inline(&joined, line_no + 1);
                let block = if name == "signature" {
                    Block::Signature { text }
                } else {
                    Block::Note { text }
                };
                self.push(block, line_no);
            }
            _ => {}
        }
        i
    }

    /// `![caption](src "alt")`; an empty `()` is a figure whose photo is missing.
    fn figure(&mut self, line: &str, line_no: usize) {
        let parsed = line
            .strip_prefix("![")
            .and_then(|rest| rest.split_once("]("))
            .and_then(|(caption, rest)| rest.strip_suffix(')').map(|target| (caption, target)));
        let Some((caption, target)) = parsed else {
            self.problems.push(diag(
                line_no,
                "a figure is `![caption](path \"alt text\")` alone on its line",
            ));
            return;
        };
        let (src, alt) = match target.split_once(" \"") {
            Some((src, alt)) => (src.trim(), alt.strip_suffix('"').unwrap_or(alt)),
            None => (target.trim(), ""),
        };
        let caption = self.inline(caption, line_no);
        let alt = self.plain(alt, line_no);
        self.push(
            Block::Figure {
                src: (!src.is_empty()).then(|| src.to_owned()),
                alt,
                caption,
                width: None,
                height: None,
                files: Vec::new(),
            },
            line_no,
        );
    }

    fn push(&mut self, block: Block, line: usize) {
        self.doc.blocks.push(block);
        self.doc.lines.push(line);
    }

    /// Normalised text, refusing markup.
    fn plain(&mut self, text: &str, line: usize) -> String {
        if let Some(why) = markup_in(text) {
            self.problems
                .push(diag(line, format!("raw HTML is not allowed: text {why}")));
        }
        normalize(text, &mut self.doc.fixes)
    }

    /// Inline spans: `*emphasis*`, `[text](https://…)`, `\` escapes; everything else plain.
    fn inline(&mut self, text: &str, line: usize) -> Text {
        let mut spans = Vec::new();
        let mut plain = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            match c {
                '\\' if rest.len() > 1 => {
                    let escaped = rest[1..].chars().next().unwrap_or('\\');
                    plain.push(escaped);
                    rest = &rest[1 + escaped.len_utf8()..];
                }
                '*' => match rest[1..].find('*') {
                    Some(end) if end > 0 => {
                        flush(self, &mut plain, &mut spans, line);
                        let em = self.plain(&rest[1..1 + end], line);
                        spans.push(Span::Emphasis { em });
                        rest = &rest[end + 2..];
                    }
                    _ => {
                        plain.push('*');
                        rest = &rest[1..];
                    }
                },
                '[' => match link_at(rest) {
                    Some((label, href, len)) => {
                        flush(self, &mut plain, &mut spans, line);
                        if !is_safe_link(href) {
                            self.problems.push(diag(
                                line,
                                format!("link {href:?} is not allowed: links must be https, http or mailto"),
                            ));
                        }
                        let text = self.plain(label, line);
                        spans.push(Span::Link {
                            text,
                            href: href.to_owned(),
                        });
                        rest = &rest[len..];
                    }
                    None => {
                        plain.push('[');
                        rest = &rest[1..];
                    }
                },
                _ => {
                    plain.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        flush(self, &mut plain, &mut spans, line);
        return Text(spans);

        fn flush(p: &mut Parser, plain: &mut String, spans: &mut Vec<Span>, line: usize) {
            if !plain.is_empty() {
                let text = p.plain(plain, line);
                spans.push(Span::Plain(text));
                plain.clear();
            }
        }
    }
}

/// `[label](href)` at the start of `s`: label, href, and the length consumed.
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') {
        return None;
    }
    let after = &s[close + 2..];
    // Balanced parentheses, as in CommonMark: `(javascript:alert(1))` is one destination.
    let mut depth = 0usize;
    let end = after.char_indices().find_map(|(i, c)| match c {
        '(' => {
            depth += 1;
            None
        }
        ')' if depth == 0 => Some(i),
        ')' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    Some((label, after[..end].trim(), close + 2 + end + 1))
}

/// Joins wrapped source lines: no space between Chinese, one between Latin words.
fn join_lines(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        let needs_space = out
            .chars()
            .next_back()
            .zip(part.chars().next())
            .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
        if needs_space {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}
