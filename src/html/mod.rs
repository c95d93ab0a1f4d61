//! The parsed document and the few query helpers extractors use.
//!
//! The service worker has no `DOMParser`, so the core parses HTML itself. Pages reach us as
//! browser-serialized markup (`outerHTML`, or a saved page), which is regular enough for a
//! small, forgiving tree builder: no spec-exact error recovery, but every input gives a tree
//! and none makes it panic.
//!
//! Nodes live in one arena in document order (pre-order). Every node records where its subtree
//! ends, so "all descendants" is an index range, "is X inside Y" is two comparisons and the
//! next sibling of a node is the index its subtree ends at.

mod entities;
mod parse;

pub use entities::decode_entities;

/// Index of a node in its [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(u32);

impl NodeId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// The document root.
    Document,
    /// An element with its lower-case tag name and attributes (names lower-cased, values
    /// with character references decoded).
    Element {
        /// Tag name, lower case.
        name: String,
        /// Attributes in source order.
        attrs: Vec<(String, String)>,
    },
    /// Text, character references decoded.
    Text(String),
}

#[derive(Debug, Clone)]
struct Node {
    parent: u32,
    /// One past the last node of this node's subtree.
    end: u32,
    kind: NodeKind,
}

/// A parsed HTML document.
#[derive(Debug, Clone)]
pub struct Document {
    nodes: Vec<Node>,
}

impl Document {
    /// Parses HTML. Never fails: malformed markup gives the most plausible tree.
    pub fn parse(html: &str) -> Document {
        parse::parse(html)
    }

    /// The document root.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// How many nodes the document has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the document has nothing but its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    /// What kind of node `id` is.
    pub fn kind(&self, id: NodeId) -> Option<&NodeKind> {
        self.node(id).map(|n| &n.kind)
    }

    /// A view of `id` as an element, if it is one.
    pub fn element(&self, id: NodeId) -> Option<Element<'_>> {
        match self.kind(id)? {
            NodeKind::Element { name, attrs } => Some(Element {
                doc: self,
                id,
                name,
                attrs,
            }),
            _ => None,
        }
    }

    /// The text of a text node.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match self.kind(id)? {
            NodeKind::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The parent of `id` (none for the root).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        if id.0 == 0 {
            return None;
        }
        self.node(id).map(|n| NodeId(n.parent))
    }

    /// `id`'s ancestors, nearest first, ending with the root.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), move |&p| self.parent(p))
    }

    /// True when `id` is `ancestor` or inside it.
    pub fn is_within(&self, id: NodeId, ancestor: NodeId) -> bool {
        match self.node(ancestor) {
            Some(a) => id.0 >= ancestor.0 && id.0 < a.end,
            None => false,
        }
    }

    /// All nodes inside `id` (not `id` itself), in document order.
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> {
        let end = self.node(id).map_or(id.0, |n| n.end);
        (id.0.saturating_add(1)..end).map(NodeId)
    }

    /// The direct children of `id`, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.node(id).map_or(id.0, |n| n.end);
        let mut next = id.0.saturating_add(1);
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let current = next;
            next = self.nodes.get(current as usize).map_or(end, |n| n.end);
            Some(NodeId(current))
        })
    }

    /// The elements inside `id` (not `id` itself), in document order.
    pub fn elements_within(&self, id: NodeId) -> impl Iterator<Item = Element<'_>> + '_ {
        self.descendants(id).filter_map(move |d| self.element(d))
    }

    /// The first element inside `id` for which `pred` holds.
    pub fn find<'a>(
        &'a self,
        id: NodeId,
        pred: impl Fn(&Element<'a>) -> bool,
    ) -> Option<Element<'a>> {
        self.elements_within(id).find(|e| pred(e))
    }

    /// Every element inside `id` for which `pred` holds, in document order.
    pub fn find_all<'a>(
        &'a self,
        id: NodeId,
        pred: impl Fn(&Element<'a>) -> bool + 'a,
    ) -> impl Iterator<Item = Element<'a>> + 'a {
        self.elements_within(id).filter(move |e| pred(e))
    }

    /// The nearest ancestor element of `id` (not `id` itself) for which `pred` holds.
    pub fn closest<'a>(
        &'a self,
        id: NodeId,
        pred: impl Fn(&Element<'a>) -> bool,
    ) -> Option<Element<'a>> {
        self.ancestors(id)
            .filter_map(|a| self.element(a))
            .find(|e| pred(e))
    }

    /// The concatenated text of every text node inside `id` (like DOM `textContent`),
    /// skipping `<script>` and `<style>`.
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut skip_until = 0u32;
        for d in self.descendants(id) {
            if d.0 < skip_until {
                continue;
            }
            match self.kind(d) {
                Some(NodeKind::Text(t)) => out.push_str(t),
                Some(NodeKind::Element { name, .. }) if name == "script" || name == "style" => {
                    skip_until = self.node(d).map_or(0, |n| n.end);
                }
                _ => {}
            }
        }
        out
    }
}

/// A borrowed view of one element.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    doc: &'a Document,
    id: NodeId,
    name: &'a str,
    attrs: &'a [(String, String)],
}

impl<'a> Element<'a> {
    /// The element's node id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Its document.
    pub fn doc(&self) -> &'a Document {
        self.doc
    }

    /// Lower-case tag name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// True when the tag name is `name` (lower case).
    pub fn is(&self, name: &str) -> bool {
        self.name == name
    }

    /// The value of attribute `name` (lower case).
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// True when attribute `name` is exactly `value`.
    pub fn attr_is(&self, name: &str, value: &str) -> bool {
        self.attr(name) == Some(value)
    }

    /// True when the `class` attribute lists `class` as one of its tokens.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|t| t == class))
    }

    /// The `data-testid` attribute.
    pub fn test_id(&self) -> Option<&'a str> {
        self.attr("data-testid")
    }

    /// True when `data-testid` is exactly `value`.
    pub fn has_test_id(&self, value: &str) -> bool {
        self.test_id() == Some(value)
    }

    /// `textContent` of the element.
    pub fn text(&self) -> String {
        self.doc.text_content(self.id)
    }

    /// The first element inside this one for which `pred` holds.
    pub fn find(&self, pred: impl Fn(&Element<'a>) -> bool) -> Option<Element<'a>> {
        self.doc.find(self.id, pred)
    }

    /// Every element inside this one for which `pred` holds.
    pub fn find_all(
        &self,
        pred: impl Fn(&Element<'a>) -> bool + 'a,
    ) -> impl Iterator<Item = Element<'a>> + 'a {
        self.doc.find_all(self.id, pred)
    }

    /// The first element inside this one with `data-testid` = `test_id`.
    pub fn find_test_id(&self, test_id: &str) -> Option<Element<'a>> {
        self.find(|e| e.has_test_id(test_id))
    }

    /// The nearest ancestor for which `pred` holds.
    pub fn closest(&self, pred: impl Fn(&Element<'a>) -> bool) -> Option<Element<'a>> {
        self.doc.closest(self.id, pred)
    }

    /// True when this element is `other` or inside it.
    pub fn is_within(&self, other: NodeId) -> bool {
        self.doc.is_within(self.id, other)
    }

    /// The direct children (all node kinds).
    pub fn children(&self) -> impl Iterator<Item = NodeId> + 'a {
        self.doc.children(self.id)
    }
}

#[cfg(test)]
mod tests;
