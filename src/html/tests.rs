use super::*;

fn names(doc: &Document, id: NodeId) -> Vec<String> {
    doc.children(id)
        .map(|c| match doc.kind(c) {
            Some(NodeKind::Element { name, .. }) => name.clone(),
            Some(NodeKind::Text(t)) => format!("#{t}"),
            _ => "?".into(),
        })
        .collect()
}

#[test]
fn builds_a_tree_with_attributes_and_text() {
    let doc = Document::parse(
        r#"<!DOCTYPE html><html><body><div data-testid="a" class=x>Hi &amp; <b>there</b><img alt="&quot;x&quot;" src=y.png>!</div></body></html>"#,
    );
    let div = doc.find(doc.root(), |e| e.has_test_id("a")).unwrap();
    assert_eq!(div.attr("class"), Some("x"));
    assert_eq!(names(&doc, div.id()), ["#Hi & ", "b", "img", "#!"]);
    assert_eq!(div.text(), "Hi & there!");
    let img = div.find(|e| e.is("img")).unwrap();
    assert_eq!(img.attr("alt"), Some("\"x\""));
    assert!(img.is_within(div.id()));
    assert!(!div.is_within(img.id()));
    assert_eq!(
        doc.closest(img.id(), |e| e.is("body")).map(|e| e.name()),
        Some("body")
    );
}

#[test]
fn raw_text_elements_are_not_markup() {
    let doc = Document::parse("<p>a<script>if (a < b && c > d) { x('</p>') }</script>b</p>");
    let p = doc.find(doc.root(), |e| e.is("p")).unwrap();
    let script = p.find(|e| e.is("script")).unwrap();
    assert_eq!(script.text(), "if (a < b && c > d) { x('</p>') }");
    assert_eq!(p.text(), "ab");
}

#[test]
fn recovers_from_misnested_and_unclosed_tags() {
    let doc = Document::parse("<ul><li>one<li>two</ul><p>x<div>y</span></div><p>z");
    let ul = doc.find(doc.root(), |e| e.is("ul")).unwrap();
    assert_eq!(names(&doc, ul.id()), ["li", "li"]);
    let ps: Vec<_> = doc.find_all(doc.root(), |e| e.is("p")).collect();
    assert_eq!(ps.len(), 2);
    assert_eq!(ps[0].text(), "x");
    assert_eq!(names(&doc, doc.root()), ["ul", "p", "div", "p"]);
}

#[test]
fn self_closing_svg_and_void_elements() {
    let doc = Document::parse(r#"<svg><path d="M0"/><g><path/></g></svg><br><span>t</span>"#);
    let svg = doc.find(doc.root(), |e| e.is("svg")).unwrap();
    assert_eq!(names(&doc, svg.id()), ["path", "g"]);
    assert_eq!(names(&doc, doc.root()), ["svg", "br", "span"]);
}

#[test]
fn character_references() {
    assert_eq!(
        decode_entities("a&lt;b&gt;c &amp;amp; &#128512; &#x1F923; &#150; &nbsp;"),
        "a<b>c &amp; 😀 🤣 – \u{a0}"
    );
    assert_eq!(
        decode_entities("AT&T &unknown; &#; &#xZZ; &copy 5 &#0;"),
        "AT&T &unknown; &#; &#xZZ; © 5 \u{fffd}"
    );
    assert_eq!(decode_entities("&#99999999999;"), "\u{fffd}");
}

#[test]
fn never_panics_on_truncated_or_odd_input() {
    for input in [
        "",
        "<",
        "</",
        "<!",
        "<!--",
        "<a",
        "<a b",
        "<a b=",
        "<a b='",
        "<a b=\"x",
        "&",
        "&#",
        "&#x",
        "<script>",
        "<script></scr",
        "<p></p></p></div>",
        "<é>",
        "<a é=é>",
        "<!DOCTYPE",
        "<![CDATA[x",
        "< a>",
        "</ a>",
        "<?xml ?>",
        "<plaintext><b>",
        "日本<b>語</b>",
    ] {
        let doc = Document::parse(input);
        let _ = doc.text_content(doc.root());
    }
}

#[test]
fn children_and_descendants_follow_document_order() {
    let doc = Document::parse("<a><b><c></c></b><d></d></a><e></e>");
    let a = doc.find(doc.root(), |e| e.is("a")).unwrap();
    let inside: Vec<_> = doc.elements_within(a.id()).map(|e| e.name()).collect();
    assert_eq!(inside, ["b", "c", "d"]);
    assert_eq!(names(&doc, a.id()), ["b", "d"]);
}
