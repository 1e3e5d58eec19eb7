//! The Markdown editors write articles in, and its conversion to blocks.
//!
//! CommonMark, read by pulldown-cmark, with front matter and `:::` blocks around it (documented
//! in docs/format.md). What the format cannot hold — raw HTML above all, tables, code, deeper
//! headings, images inside paragraphs — is refused with its line, and what to write instead.
//!
//! ```text
//! ---
//! title: 暖如春風入心田
//! date: 2020-03-30
//! ---
//! ::: epigraph          ::: verse          ::: signature          ::: note
//! ## Section heading    > testimonial      ![caption](images/a.jpg "alt")    ![caption]()
//! Paragraph with *emphasis*, **strong** and [a link](https://example.org/).
//! - a bulleted item     1. a numbered item     (one level of nesting)
//! ```

use pulldown_cmark::{
    DefaultBrokenLinkCallback, Event, HeadingLevel, Options, Parser as Cmark, Tag, TagEnd,
};

use crate::model::{is_safe_link, markup_in, Block, ListItem, Span, Text};
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
    // One mistake is reported once, though the parser may meet it in several pieces.
    parser.problems.dedup();
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

    /// The body: `:::` blocks line by line, CommonMark between them.
    fn body(&mut self, lines: &[&str], start: usize) {
        let mut i = start;
        let mut run = start;
        while i < lines.len() {
            if let Some(name) = lines[i].trim().strip_prefix(":::") {
                self.markdown(lines, run, i);
                i = self.container(lines, i, name.trim());
                run = i;
            } else {
                i += 1;
            }
        }
        self.markdown(lines, run, lines.len());
    }

    /// `lines[from..to]` as CommonMark blocks.
    fn markdown(&mut self, lines: &[&str], from: usize, to: usize) {
        if lines[from..to].iter().all(|l| l.trim().is_empty()) {
            return;
        }
        let source = lines[from..to].join("\n");
        let starts: Vec<usize> = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let at = Lines {
            starts: &starts,
            first: from + 1,
        };
        let mut events = Cmark::new_ext(&source, Options::ENABLE_TABLES)
            .into_offset_iter()
            .peekable();
        while let Some((event, range)) = events.next() {
            let line = at.line(range.start);
            match event {
                Event::Start(Tag::Paragraph) => {
                    let inline = self.inline_events(&mut events, &source, &at, line);
                    match inline.figure {
                        Some(figure) if inline.text.0.is_empty() => self.push(figure, line),
                        Some(_) => self.problems.push(diag(
                            line,
                            "a photo must stand alone on its line: `![caption](path \"alt text\")`",
                        )),
                        None => self.push(Block::Paragraph { text: inline.text }, line),
                    }
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let inline = self.inline_events(&mut events, &source, &at, line);
                    if level == HeadingLevel::H2 && inline.figure.is_none() {
                        self.push(Block::Heading { text: inline.text }, line);
                    } else {
                        self.problems.push(diag(
                            line,
                            "only `## ` section headings are allowed (the title is in the front matter; write deeper headings as `## `)",
                        ));
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => self.quote(&mut events, &source, &at, line),
                Event::Start(Tag::List(first)) => {
                    if let Some(block) = self.list(&mut events, &source, &at, first.is_some(), 1)
                    {
                        self.push(block, line);
                    }
                }
                Event::Start(tag) => {
                    self.problems.push(diag(line, refusal(&tag)));
                    skip_to_end(&mut events);
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.problems.push(diag(line, RAW_HTML));
                }
                Event::Rule => self.problems.push(diag(
                    line,
                    "a line of `---` or `***` (a break) has no place in an article: leave a blank line, or start a `## ` section",
                )),
                _ => {}
            }
        }
    }

    /// `> …`: each paragraph a testimonial.
    fn quote(&mut self, events: &mut Events, source: &str, at: &Lines, line: usize) {
        while let Some((event, range)) = events.next() {
            let here = at.line(range.start);
            match event {
                Event::End(TagEnd::BlockQuote(_)) => return,
                Event::Start(Tag::Paragraph) => {
                    let inline = self.inline_events(events, source, at, here);
                    if inline.figure.is_some() {
                        self.problems
                            .push(diag(here, "a photo cannot be inside a `>` quote"));
                    }
                    self.push(Block::Quote { text: inline.text }, here);
                }
                Event::Start(_) => {
                    self.problems.push(diag(
                        here.max(line),
                        "a `>` quote holds paragraphs only (no headings, lists or nested quotes)",
                    ));
                    skip_to_end(events);
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.problems.push(diag(here, RAW_HTML));
                }
                _ => {}
            }
        }
    }

    /// A list after its start; `depth` 1 at the top. Items are texts, each with at most one
    /// nested list of texts.
    fn list(
        &mut self,
        events: &mut Events,
        source: &str,
        at: &Lines,
        ordered: bool,
        depth: usize,
    ) -> Option<Block> {
        let mut items = Vec::new();
        let mut fine = true;
        while let Some((event, range)) = events.next() {
            let line = at.line(range.start);
            match event {
                Event::End(TagEnd::List(_)) => break,
                Event::Start(Tag::Item) => {
                    let mut item = ListItem::text(Text::default());
                    let mut text = Inline::default();
                    let mut nested = 0;
                    while let Some((event, range)) = events.peek().cloned() {
                        let here = at.line(range.start);
                        match event {
                            Event::End(TagEnd::Item) => {
                                events.next();
                                break;
                            }
                            Event::Start(Tag::Paragraph) => {
                                events.next();
                                if !text.spans.is_empty() {
                                    text.soft_break();
                                }
                                self.inline_into(&mut text, events, source, at, here, true);
                            }
                            Event::Start(Tag::List(first)) if depth == 1 && nested == 0 => {
                                events.next();
                                nested += 1;
                                if let Some(Block::List { ordered, items }) =
                                    self.list(events, source, at, first.is_some(), 2)
                                {
                                    item.ordered = ordered;
                                    item.items = items.into_iter().map(|i| i.text).collect();
                                }
                            }
                            Event::Start(Tag::List(_)) => {
                                events.next();
                                self.problems.push(diag(
                                    here,
                                    "lists nest one level deep: make this a list of its own, or part of its item's text",
                                ));
                                skip_to_end(events);
                                fine = false;
                            }
                            Event::Start(tag) if !is_inline(&tag) => {
                                events.next();
                                self.problems.push(diag(
                                    here,
                                    format!("a list item holds text only: {}", refusal(&tag)),
                                ));
                                skip_to_end(events);
                                fine = false;
                            }
                            _ => self.inline_into(&mut text, events, source, at, here, false),
                        }
                    }
                    if text.figure.is_some() {
                        self.problems
                            .push(diag(line, "a photo cannot be inside a list"));
                    }
                    item.text = text.finish(&mut self.doc.fixes);
                    items.push(item);
                }
                _ => {}
            }
        }
        fine.then_some(Block::List { ordered, items })
    }

    /// The inline content of a paragraph or heading after its start, up to its end.
    fn inline_events(
        &mut self,
        events: &mut Events,
        source: &str,
        at: &Lines,
        line: usize,
    ) -> Parsed {
        let mut inline = Inline::default();
        self.inline_into(&mut inline, events, source, at, line, true);
        Parsed {
            figure: inline.figure.take(),
            text: inline.finish(&mut self.doc.fixes),
        }
    }

    /// Inline events into `inline`: up to the end of the enclosing block when `whole`, else
    /// the one event at hand (a tight list item's text comes without a paragraph around it).
    fn inline_into(
        &mut self,
        inline: &mut Inline,
        events: &mut Events,
        source: &str,
        at: &Lines,
        line: usize,
        whole: bool,
    ) {
        let mut depth = 0usize;
        while let Some((event, range)) = events.next() {
            let here = at.line(range.start).max(line);
            match event {
                Event::Start(Tag::Emphasis) => inline.em += 1,
                Event::End(TagEnd::Emphasis) => inline.em = inline.em.saturating_sub(1),
                Event::Start(Tag::Strong) => inline.strong += 1,
                Event::End(TagEnd::Strong) => inline.strong = inline.strong.saturating_sub(1),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    if !is_safe_link(&dest_url) {
                        self.problems.push(diag(
                            here,
                            format!(
                                "link {:?} is not allowed: links must be https, http or mailto",
                                dest_url.as_ref()
                            ),
                        ));
                    }
                    inline.link = Some(dest_url.into_string());
                }
                Event::End(TagEnd::Link) => inline.link = None,
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let caption = self.inline_events(events, source, at, here).text;
                    let alt = self.plain(&title, here);
                    inline.figure = Some(Block::Figure {
                        src: (!dest_url.is_empty()).then(|| dest_url.into_string()),
                        alt,
                        caption,
                        width: None,
                        height: None,
                        files: Vec::new(),
                    });
                }
                Event::Text(text) => {
                    if let Some(why) = markup_in(&source[range.clone()]).or(markup_in(&text)) {
                        self.problems
                            .push(diag(here, format!("raw HTML is not allowed: text {why}")));
                    }
                    inline.push(&text);
                }
                Event::SoftBreak => inline.soft_break(),
                Event::HardBreak => inline.hard_break(),
                Event::Code(_) => self.problems.push(diag(
                    here,
                    "`code` has no place in an article: write it as plain text, without backticks",
                )),
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.problems.push(diag(here, RAW_HTML));
                }
                Event::Start(tag) => {
                    depth += 1;
                    self.problems.push(diag(here, refusal(&tag)));
                }
                Event::End(_) if depth > 0 => depth -= 1,
                Event::End(_) => return,
                _ => {}
            }
            if !whole && depth == 0 {
                return;
            }
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

    /// One line of a `:::` block: inline Markdown only (a line that would start a list or a
    /// heading is taken as text).
    fn inline(&mut self, text: &str, line: usize) -> Text {
        let paragraph = |text: &str| {
            matches!(
                Cmark::new_ext(text, Options::ENABLE_TABLES).next(),
                Some(Event::Start(Tag::Paragraph))
            )
        };
        let mut source = text.to_owned();
        if !paragraph(&source) {
            // `1. ` `- ` `# ` `> ` `---`: escape the marker.
            let at = text
                .find(|c: char| !c.is_ascii_digit())
                .filter(|&at| at > 0)
                .unwrap_or(0);
            source.insert(at, '\\');
            if !paragraph(&source) {
                return Text::plain(self.plain(text, line));
            }
        }
        let starts = [0];
        let at = Lines {
            starts: &starts,
            first: line,
        };
        let mut events = Cmark::new_ext(&source, Options::ENABLE_TABLES)
            .into_offset_iter()
            .peekable();
        events.next();
        let inline = self.inline_events(&mut events, &source, &at, line);
        if inline.figure.is_some() {
            self.problems
                .push(diag(line, "a photo cannot be inside a `:::` block"));
        }
        inline.text
    }
}

const RAW_HTML: &str = "raw HTML is not allowed: text contains HTML markup (a tag); text must be plain, with emphasis and links as spans";

type Events<'s> = std::iter::Peekable<pulldown_cmark::OffsetIter<'s, DefaultBrokenLinkCallback>>;

/// Source lines of a run of Markdown: offsets to line numbers.
struct Lines<'a> {
    /// Where each line starts in the run's text.
    starts: &'a [usize],
    /// The file's line number of the run's first line.
    first: usize,
}

impl Lines<'_> {
    fn line(&self, offset: usize) -> usize {
        self.first
            + self
                .starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
    }
}

/// A paragraph's or heading's content: its text, or the photo it holds.
struct Parsed {
    text: Text,
    figure: Option<Block>,
}

/// Inline content being collected: spans, the styles open at this point, and a photo.
#[derive(Default)]
struct Inline {
    spans: Vec<Span>,
    em: usize,
    strong: usize,
    link: Option<String>,
    figure: Option<Block>,
    soft_break: bool,
}

impl Inline {
    /// Text in the styles now open; joined to the span before when that has the same style.
    fn push(&mut self, text: &str) {
        let mut text = text.to_owned();
        if self.soft_break {
            self.soft_break = false;
            let before = self.spans.last().and_then(|s| s.text().chars().next_back());
            if before
                .zip(text.chars().next())
                .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
            {
                text.insert(0, ' ');
            }
        }
        let span = match (&self.link, self.strong, self.em) {
            (Some(href), _, _) => Span::Link {
                text,
                href: href.clone(),
            },
            (None, 1.., _) => Span::Strong { strong: text },
            (None, 0, 1..) => Span::Emphasis { em: text },
            (None, 0, 0) => Span::Plain(text),
        };
        match (self.spans.last_mut(), span) {
            (Some(Span::Plain(a)), Span::Plain(b)) => a.push_str(&b),
            (Some(Span::Emphasis { em: a }), Span::Emphasis { em: b }) => a.push_str(&b),
            (Some(Span::Strong { strong: a }), Span::Strong { strong: b }) => a.push_str(&b),
            (Some(Span::Link { text: a, href: x }), Span::Link { text: b, href: y }) if *x == y => {
                a.push_str(&b)
            }
            (_, span) => self.spans.push(span),
        }
    }

    /// A line end inside a paragraph: nothing between Chinese, a space between Latin words.
    fn soft_break(&mut self) {
        self.soft_break = true;
    }

    /// A line break the editor asked for (two spaces or `\` at the line's end).
    fn hard_break(&mut self) {
        self.soft_break = false;
        match self.spans.last_mut() {
            Some(Span::Plain(text)) => text.push('\n'),
            _ => self.spans.push(Span::Plain("\n".into())),
        }
    }

    /// The spans, each with its typography repaired (over the whole span, so a repair sees
    /// the characters around it).
    fn finish(self, fixes: &mut Fixes) -> Text {
        Text(
            self.spans
                .into_iter()
                .map(|span| match span {
                    Span::Plain(s) => Span::Plain(normalize(&s, fixes)),
                    Span::Emphasis { em } => Span::Emphasis {
                        em: normalize(&em, fixes),
                    },
                    Span::Strong { strong } => Span::Strong {
                        strong: normalize(&strong, fixes),
                    },
                    Span::Link { text, href } => Span::Link {
                        text: normalize(&text, fixes),
                        href,
                    },
                })
                .filter(|span| !span.text().is_empty())
                .collect(),
        )
    }
}

/// Whether a tag is inline (inside a paragraph's text) rather than a block.
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough
    )
}

/// Consumes events up to the end of the element whose start was just read.
fn skip_to_end(events: &mut Events) {
    let mut depth = 1usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// Why a block of CommonMark the format cannot hold is refused, and what to write instead.
fn refusal(tag: &Tag) -> String {
    match tag {
        Tag::CodeBlock(_) => "code blocks have no place in an article: write the text as paragraphs (an indented line is a code block too: do not indent)".into(),
        Tag::Table(_) => "tables do not fit on a phone: write the rows as a list or as paragraphs".into(),
        Tag::HtmlBlock => RAW_HTML.into(),
        Tag::Heading { .. } => "only `## ` section headings are allowed".into(),
        Tag::BlockQuote(_) => "a `>` quote cannot be inside another block".into(),
        Tag::Image { .. } => "a photo must stand alone on its line: `![caption](path \"alt text\")`".into(),
        _ => "this Markdown is not part of the article format (see docs/format.md)".into(),
    }
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
