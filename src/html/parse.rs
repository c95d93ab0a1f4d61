//! A forgiving HTML tokenizer and tree builder.
//!
//! It understands what browser-serialized pages contain: elements, attributes (quoted or
//! not), character references, comments, doctypes, CDATA, void elements, raw-text elements
//! (`script`, `style`, …) and self-closing foreign elements. Error recovery is simple: an end
//! tag closes the nearest open element of that name (or is ignored), and a few start tags
//! close what the HTML spec closes implicitly (`<p>`, `<li>`, table cells, options).

use super::entities::decode_entities;
use super::{Document, Node, NodeKind};

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame",
];

/// Elements whose content is not markup: everything up to the matching end tag is text.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Builds the arena as the tokenizer goes.
struct Builder {
    nodes: Vec<Node>,
    /// Open elements, innermost last; index 0 is the document.
    open: Vec<u32>,
}

impl Builder {
    fn current(&self) -> u32 {
        self.open.last().copied().unwrap_or(0)
    }

    fn current_name(&self) -> Option<&str> {
        match self.nodes.get(self.current() as usize).map(|n| &n.kind) {
            Some(NodeKind::Element { name, .. }) => Some(name),
            _ => None,
        }
    }

    fn push_node(&mut self, kind: NodeKind) -> u32 {
        let index = self.nodes.len() as u32;
        self.nodes.push(Node {
            parent: self.current(),
            end: index + 1,
            kind,
        });
        index
    }

    fn text(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        // Merge with a text node that directly precedes it in the same parent.
        let last = self.nodes.len().saturating_sub(1);
        let current = self.current();
        if last > 0 && last as u32 != current {
            if let Some(Node {
                kind: NodeKind::Text(prev),
                parent,
                ..
            }) = self.nodes.get_mut(last)
            {
                if *parent == current {
                    prev.push_str(&text);
                    return;
                }
            }
        }
        self.push_node(NodeKind::Text(text));
    }

    fn close_top(&mut self) {
        if self.open.len() > 1 {
            if let Some(index) = self.open.pop() {
                let end = self.nodes.len() as u32;
                if let Some(node) = self.nodes.get_mut(index as usize) {
                    node.end = end;
                }
            }
        }
    }

    fn is_open_name(&self, index: u32, name: &str) -> bool {
        matches!(
            self.nodes.get(index as usize).map(|n| &n.kind),
            Some(NodeKind::Element { name: n, .. }) if n == name
        )
    }

    /// Closes elements up to and including the nearest open `name`; false when none is open.
    fn close_named(&mut self, name: &str) -> bool {
        let Some(depth) = self
            .open
            .iter()
            .rposition(|&i| i != 0 && self.is_open_name(i, name))
        else {
            return false;
        };
        while self.open.len() > depth {
            self.close_top();
        }
        true
    }

    fn implied_end_tags(&mut self, name: &str) {
        let closes: &[&str] = match name {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "option" => &["option"],
            "optgroup" => &["option", "optgroup"],
            "tr" => &["td", "th", "tr"],
            "td" | "th" => &["td", "th"],
            "thead" | "tbody" | "tfoot" => &["td", "th", "tr", "thead", "tbody", "tfoot"],
            _ => &[],
        };
        if CLOSES_P.contains(&name) && self.current_name() == Some("p") {
            self.close_top();
        }
        // Close through the listed elements while they are innermost.
        while let Some(current) = self.current_name() {
            if closes.contains(&current) {
                let is_same = current == name
                    || matches!(
                        (current, name),
                        ("dt", "dd") | ("dd", "dt") | ("td", "th") | ("th", "td")
                    );
                self.close_top();
                if is_same {
                    break;
                }
            } else {
                break;
            }
        }
    }

    fn start(&mut self, name: String, attrs: Vec<(String, String)>, self_closing: bool) -> u32 {
        self.implied_end_tags(&name);
        let void = VOID.contains(&name.as_str());
        let index = self.push_node(NodeKind::Element { name, attrs });
        if !void && !self_closing {
            self.open.push(index);
        }
        index
    }

    fn finish(mut self) -> Document {
        while self.open.len() > 1 {
            self.close_top();
        }
        let end = self.nodes.len() as u32;
        if let Some(root) = self.nodes.first_mut() {
            root.end = end;
        }
        Document { nodes: self.nodes }
    }
}

pub(super) fn parse(html: &str) -> Document {
    let mut b = Builder {
        nodes: Vec::with_capacity(html.len() / 24 + 1),
        open: vec![0],
    };
    b.nodes.push(Node {
        parent: 0,
        end: 1,
        kind: NodeKind::Document,
    });
    let bytes = html.as_bytes();
    let mut pos = 0;
    let mut text_start = 0;
    while pos < bytes.len() {
        let Some(offset) = memchr(b'<', bytes.get(pos..).unwrap_or_default()) else {
            break;
        };
        let lt = pos + offset;
        let Some(tag) = read_tag(html, lt) else {
            pos = lt + 1;
            continue;
        };
        if lt > text_start {
            b.text(decode_entities(
                html.get(text_start..lt).unwrap_or_default(),
            ));
        }
        pos = tag.end;
        text_start = pos;
        match tag.kind {
            TagKind::Skip => {}
            TagKind::End(name) => {
                b.close_named(&name);
            }
            TagKind::Start {
                name,
                attrs,
                self_closing,
            } => {
                let raw = RAW_TEXT.contains(&name.as_str()) && !self_closing;
                let plaintext = name == "plaintext";
                let raw_name = name.clone();
                let index = b.start(name, attrs, self_closing);
                if raw {
                    let (content_end, after) = if plaintext {
                        (bytes.len(), bytes.len())
                    } else {
                        find_end_tag(html, pos, &raw_name)
                    };
                    let content = html.get(pos..content_end).unwrap_or_default();
                    // script/style are verbatim; the RCDATA ones decode references.
                    let text = if matches!(raw_name.as_str(), "textarea" | "title") {
                        decode_entities(content)
                    } else {
                        content.to_owned()
                    };
                    b.text(text);
                    if b.current() == index {
                        b.close_top();
                    }
                    pos = after;
                    text_start = pos;
                }
            }
        }
    }
    if text_start < bytes.len() {
        b.text(decode_entities(html.get(text_start..).unwrap_or_default()));
    }
    b.finish()
}

enum TagKind {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
    /// Comment, doctype, processing instruction, CDATA.
    Skip,
}

struct Tag {
    kind: TagKind,
    /// Byte offset just after the tag.
    end: usize,
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find_sub(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    haystack.get(from..)?.find(needle).map(|i| i + from)
}

/// Finds `</name` (any case) from `from`; returns (content end, position after the end tag).
fn find_end_tag(html: &str, from: usize, name: &str) -> (usize, usize) {
    let bytes = html.as_bytes();
    let mut pos = from;
    while let Some(off) = memchr(b'<', bytes.get(pos..).unwrap_or_default()) {
        let lt = pos + off;
        let after_slash = lt + 2;
        let name_end = after_slash + name.len();
        if bytes.get(lt + 1) == Some(&b'/')
            && bytes
                .get(after_slash..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_end)
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        {
            let close = memchr(b'>', bytes.get(name_end..).unwrap_or_default())
                .map_or(bytes.len(), |i| name_end + i + 1);
            return (lt, close);
        }
        pos = lt + 1;
    }
    (bytes.len(), bytes.len())
}

fn read_tag(html: &str, lt: usize) -> Option<Tag> {
    let bytes = html.as_bytes();
    let next = *bytes.get(lt + 1)?;
    if next == b'!' {
        let end = if html.get(lt..)?.starts_with("<!--") {
            find_sub(html, lt + 4, "-->").map_or(html.len(), |i| i + 3)
        } else if html.get(lt..)?.starts_with("<![CDATA[") {
            find_sub(html, lt + 9, "]]>").map_or(html.len(), |i| i + 3)
        } else {
            find_sub(html, lt, ">").map_or(html.len(), |i| i + 1)
        };
        return Some(Tag {
            kind: TagKind::Skip,
            end,
        });
    }
    if next == b'?' {
        let end = find_sub(html, lt, ">").map_or(html.len(), |i| i + 1);
        return Some(Tag {
            kind: TagKind::Skip,
            end,
        });
    }
    let is_end = next == b'/';
    let name_start = if is_end { lt + 2 } else { lt + 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        if is_end {
            // `</ >` and the like: a bogus comment up to `>`.
            let end = find_sub(html, lt, ">").map_or(html.len(), |i| i + 1);
            return Some(Tag {
                kind: TagKind::Skip,
                end,
            });
        }
        return None;
    }
    let mut pos = name_start;
    while bytes
        .get(pos)
        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>' && *c != b'/')
    {
        pos += 1;
    }
    let name = html.get(name_start..pos)?.to_ascii_lowercase();
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut self_closing = false;
    loop {
        while bytes.get(pos).is_some_and(|c| c.is_ascii_whitespace()) {
            pos += 1;
        }
        match bytes.get(pos) {
            None => break,
            Some(b'>') => {
                pos += 1;
                break;
            }
            Some(b'/') => {
                pos += 1;
                if bytes.get(pos) == Some(&b'>') {
                    self_closing = true;
                    pos += 1;
                    break;
                }
                continue;
            }
            Some(_) => {}
        }
        let attr_start = pos;
        // An attribute name may start with '=' per spec; it never ends there.
        pos += 1;
        while bytes
            .get(pos)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
        {
            pos += 1;
        }
        let attr_name = html
            .get(attr_start..pos)
            .unwrap_or_default()
            .to_ascii_lowercase();
        while bytes.get(pos).is_some_and(|c| c.is_ascii_whitespace()) {
            pos += 1;
        }
        let mut value = String::new();
        if bytes.get(pos) == Some(&b'=') {
            pos += 1;
            while bytes.get(pos).is_some_and(|c| c.is_ascii_whitespace()) {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = pos + 1;
                    let end = memchr(q, bytes.get(start..).unwrap_or_default())
                        .map_or(bytes.len(), |i| start + i);
                    value = decode_entities(html.get(start..end).unwrap_or_default());
                    pos = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = pos;
                    while bytes
                        .get(pos)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        pos += 1;
                    }
                    value = decode_entities(html.get(start..pos).unwrap_or_default());
                }
            }
        }
        // The first of duplicate attributes wins, as in browsers.
        if !attr_name.is_empty() && !attrs.iter().any(|(n, _)| *n == attr_name) {
            attrs.push((attr_name, value));
        }
    }
    let kind = if is_end {
        TagKind::End(name)
    } else {
        TagKind::Start {
            name,
            attrs,
            self_closing,
        }
    };
    Some(Tag { kind, end: pos })
}
