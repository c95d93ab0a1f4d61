//! The JavaScript boundary: the only module with `#[wasm_bindgen]` exports.
//!
//! JS holds an opaque [`Collection`] per tab; everything it reads back is a plain object
//! serialized from the core's serde structs (camelCase). Errors become JS `Error`s whose
//! `name` is a stable code (`unsupported`, `not-a-thread`, `unreadable`, `internal`). A panic
//! hook keeps the panic message so the service worker can show it in the overlay.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::thread::CollectError;
#[cfg(not(feature = "pdf"))]
use crate::thread::Collector;

/// Talc instead of Rust's default dlmalloc in both Wasm modules: a PDF export 2% faster in an
/// A/B of the two PDF modules (80 rounds; layout and krilla allocate per line and per run),
/// the modules 3-4 KB smaller gzipped, the 1,000-post export's memory peak 74 -> 75 MB.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        gloo::console::error!(format!("Unspool core panicked: {message}"));
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(message));
    }));
}

/// The message of the last panic, if the core panicked (then the instance must be dropped).
#[wasm_bindgen(js_name = takePanic)]
pub fn take_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow_mut().take())
}

/// The core's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

fn error(code: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name(code);
    e.into()
}

impl From<CollectError> for JsValue {
    /// The error, named by its code; a page that is not a thread also says what it is —
    /// `page` ("home", "profile", …), `site` and `example` — for the reader to say in its own
    /// language.
    fn from(e: CollectError) -> JsValue {
        let value = error(e.code(), &e.to_string());
        if let CollectError::NotAThread(what) = &e {
            for (key, field) in [
                ("page", what.page.name()),
                ("site", what.site),
                ("example", what.example),
            ] {
                let _ = js_sys::Reflect::set(&value, &key.into(), &field.into());
            }
        }
        value
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error("internal", &e.to_string()))
}

/// The content script's hooks (`{scope, row, post, …}`) for the page at `url` when its host
/// names the site, else `null`: the first snapshot can then be just the part the site reads.
#[cfg(not(feature = "pdf"))]
#[wasm_bindgen(js_name = hooksFor)]
pub fn hooks_for(url: &str) -> Result<JsValue, JsValue> {
    match crate::sites::hooks_for_url(url) {
        Some(hooks) => to_js(&hooks),
        None => Ok(JsValue::NULL),
    }
}

/// A small X conversation page (two posts, in X's DOM shape) as `[url, html]`, for the worker
/// to run through a [`Collection`] while it waits for the first real snapshot: the first call
/// of each Wasm function compiles it, and on a just-started worker that is most of the first
/// snapshot's time.
#[cfg(not(feature = "pdf"))]
#[wasm_bindgen(js_name = warmUpPage)]
pub fn warm_up_page() -> Vec<String> {
    vec![
        crate::sites::x::SAMPLE_URL.to_owned(),
        crate::sites::x::SAMPLE_PAGE.to_owned(),
    ]
}

/// A collection in progress on one page: feed it snapshots of the page's HTML. (Not in the
/// PDF module, built with the `pdf` feature: it gets the finished thread and must stay small.)
#[cfg(not(feature = "pdf"))]
#[wasm_bindgen]
pub struct Collection {
    inner: Collector,
    /// The words of its Markdown, title and file name ([`Self::set_labels`]).
    labels: crate::labels::Labels,
    /// The reader's time zone when it started, for the Markdown's dates and the file name's.
    utc_offset_minutes: i32,
}

#[cfg(not(feature = "pdf"))]
#[wasm_bindgen]
impl Collection {
    /// Starts a collection for the page at `url`; throws `unsupported` for a URL that is not
    /// http(s). Pages of unknown hosts are recognised (or refused) by their first snapshot.
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str) -> Result<Collection, JsValue> {
        Ok(Collection {
            inner: Collector::new(url)?,
            labels: crate::labels::Labels::default(),
            utc_offset_minutes: -(js_sys::Date::new_0().get_timezone_offset() as i32),
        })
    }

    /// The words its Markdown, title and file name use, in the reader's language (an object
    /// of [`crate::labels::Labels`]' fields; English for any left out, and by default).
    #[wasm_bindgen(js_name = setLabels)]
    pub fn set_labels(&mut self, labels: JsValue) {
        // Read field by field (serde-wasm-bindgen's deserializer would add 13 KB gzipped to
        // the reader's module for this one call); what is not a string stays empty: English.
        let mut read = crate::labels::Labels::default();
        for (_, field) in read.named_mut() {
            field.clear();
        }
        read.months.clear();
        if labels.is_object() {
            let get = |name: &str| js_sys::Reflect::get(&labels, &name.into()).ok();
            for (name, field) in read.named_mut() {
                *field = get(name).and_then(|v| v.as_string()).unwrap_or_default();
            }
            if let Some(months) = get("months").filter(js_sys::Array::is_array) {
                read.months = js_sys::Array::from(&months)
                    .iter()
                    .map(|m| m.as_string().unwrap_or_default())
                    .collect();
            }
        }
        self.labels = read.or_english();
    }

    /// The site id (`"x"`).
    #[wasm_bindgen(getter)]
    pub fn site(&self) -> String {
        self.inner.site().to_owned()
    }

    /// The page URL.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    /// Merges a snapshot of the page's HTML; returns the status
    /// `{postCount, lastPostId, needs, done, hooks}` (the thread itself: [`Self::progress`]).
    #[wasm_bindgen(js_name = addSnapshot)]
    pub fn add_snapshot(&mut self, html: &str) -> Result<JsValue, JsValue> {
        let status = self.inner.add_snapshot(html)?;
        to_js(&status)
    }

    /// `{thread, needs, done}` without a new snapshot.
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.progress())
    }

    /// The thread as Markdown.
    pub fn markdown(&self) -> String {
        crate::markdown::render(&self.inner.thread(), &self.labels, self.utc_offset_minutes)
    }

    /// The file name, without extension, for exports: `<Author> – <first words> (<date>)`.
    #[wasm_bindgen(js_name = fileStem)]
    pub fn file_stem(&self) -> String {
        crate::naming::file_stem(&self.inner.thread(), &self.labels, self.utc_offset_minutes)
    }

    /// The thread's title (its first words).
    pub fn title(&self) -> String {
        crate::markdown::title(&self.inner.thread(), 60, &self.labels)
    }
}

// --- PDF export (feature `pdf`: the second Wasm module, loaded when the user exports) --------

/// Reads a serde struct handed over as a JavaScript object (`what` names it in the error). It
/// crosses as one `JSON.stringify` string that serde_json parses: serde-wasm-bindgen reads an
/// object with one call into JavaScript per value, and for a 200-post thread that was 12% of
/// the whole export (a CPU profile of the PDF benchmark). Lone surrogates (page text cut
/// mid-emoji) arrive as U+FFFD, as they would through serde-wasm-bindgen.
#[cfg(feature = "pdf")]
fn from_js_json<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let unreadable = |why: &str| error("unreadable", &format!("{what}: {why}"));
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .ok_or_else(|| unreadable("not JSON"))?;
    serde_json::from_str(&crate::model::mend_lone_surrogates(&json))
        .map_err(|e| unreadable(&e.to_string()))
}

/// Reads the `Thread` object the reader already has.
#[cfg(feature = "pdf")]
fn thread_from_js(thread: JsValue) -> Result<crate::model::Thread, JsValue> {
    from_js_json(&thread, "not a thread")
}

/// Reads PDF options (`undefined` for the defaults); fills in the creation time and the
/// reader's time zone from the JS clock when not given, and English for any label left out.
#[cfg(feature = "pdf")]
fn pdf_options_from_js(options: JsValue) -> Result<crate::pdf::PdfOptions, JsValue> {
    let mut parsed: crate::pdf::PdfOptions = if options.is_undefined() || options.is_null() {
        crate::pdf::PdfOptions::default()
    } else {
        from_js_json(&options, "bad PDF options")?
    };
    let now = js_sys::Date::new_0();
    if parsed.created.is_none() {
        parsed.created = now.to_iso_string().as_string();
    }
    if parsed.utc_offset_minutes.is_none() {
        parsed.utc_offset_minutes = Some(-(now.get_timezone_offset() as i32));
    }
    parsed.labels = parsed.labels.or_english();
    Ok(parsed)
}

/// Copies a `Map<string, Uint8Array | ArrayBuffer>` into `(key, bytes)` pairs.
#[cfg(feature = "pdf")]
fn byte_map(map: &js_sys::Map) -> Vec<(String, Vec<u8>)> {
    let mut entries = Vec::with_capacity(map.size() as usize);
    map.for_each(&mut |value, key| {
        if let Some(key) = key.as_string() {
            // A Uint8Array is copied into Wasm memory once; `new Uint8Array(array)` would first
            // copy it in JavaScript too (an ArrayBuffer is only viewed).
            let bytes = match value.dyn_into::<js_sys::Uint8Array>() {
                Ok(array) => array.to_vec(),
                Err(value) => js_sys::Uint8Array::new(&value).to_vec(),
            };
            entries.push((key, bytes));
        }
    });
    entries
}

/// The font files (names under the extension's `fonts/`) a PDF of `thread` with `options`
/// needs: always the base set, plus a script's font (CJK, Devanagari, …) only when the thread
/// — or the PDF's own words, `options.labels` — has text in that script.
#[cfg(feature = "pdf")]
#[wasm_bindgen(js_name = pdfFontFiles)]
pub fn pdf_font_files(thread: JsValue, options: JsValue) -> Result<Vec<String>, JsValue> {
    let thread = thread_from_js(thread)?;
    let options = pdf_options_from_js(options)?;
    Ok(crate::pdf::font_files(&thread, &options.labels)
        .into_iter()
        .map(str::to_owned)
        .collect())
}

/// The images to fetch for a PDF of `thread` (avatar, photos, posters, card images, without
/// repeats), each with the boxes it is drawn in: `[{url, boxes: [{width, height, cover}]}]`
/// (points); empty when `options.images` is false. `pdfFittedSize` takes the boxes.
#[cfg(feature = "pdf")]
#[wasm_bindgen(js_name = pdfImageRequests)]
pub fn pdf_image_requests(thread: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let thread = thread_from_js(thread)?;
    let options = pdf_options_from_js(options)?;
    to_js(&crate::pdf::image_requests(&thread, &options))
}

/// The size `[width, height]` in pixels to scale an image of `width` × `height` pixels down
/// to before the PDF embeds it (it would be drawn finer than the page can use in every one
/// of `boxes`, from `pdfImageRequests`), or `undefined` to keep it as it is.
#[cfg(feature = "pdf")]
#[wasm_bindgen(js_name = pdfFittedSize)]
pub fn pdf_fitted_size(
    boxes: JsValue,
    width: u32,
    height: u32,
) -> Result<Option<Vec<u32>>, JsValue> {
    let boxes: Vec<crate::pdf::DrawBox> = serde_wasm_bindgen::from_value(boxes)
        .map_err(|e| error("internal", &format!("bad image boxes: {e}")))?;
    Ok(crate::pdf::fitted_size(width, height, &boxes).map(|(w, h)| vec![w, h]))
}

/// Writes the PDF: `thread` is the reader's `Thread` object, `options` `{paper: "a4" |
/// "letter", postNumbers, images, language?, created?, utcOffsetMinutes?}`, `images` a
/// `Map` from URL to the fetched bytes (missing or broken ones become placeholders), `fonts` a
/// `Map` from file name to bytes for the files `pdfFontFiles` listed. Returns the PDF bytes;
/// throws `unreadable`, `empty-thread`, `missing-font` or `internal`.
#[cfg(feature = "pdf")]
#[wasm_bindgen(js_name = renderPdf)]
pub fn render_pdf(
    thread: JsValue,
    options: JsValue,
    images: &js_sys::Map,
    fonts: &js_sys::Map,
) -> Result<Vec<u8>, JsValue> {
    let thread = thread_from_js(thread)?;
    let options = pdf_options_from_js(options)?;
    let mut image_store = crate::pdf::ImageStore::new();
    for (url, bytes) in byte_map(images) {
        image_store.insert(url, bytes);
    }
    let mut font_set = crate::pdf::FontSet::new();
    for (name, bytes) in byte_map(fonts) {
        font_set.insert(name, bytes);
    }
    crate::pdf::render_pdf(&thread, &options, &image_store, &font_set)
        .map_err(|e| error(e.code(), &e.to_string()))
}
