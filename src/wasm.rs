//! The JavaScript boundary: the only module with `#[wasm_bindgen]` exports.
//!
//! JS holds an opaque [`Collection`] per tab; everything it reads back is a plain object
//! serialized from the core's serde structs (camelCase). Errors become JS `Error`s whose
//! `name` is a stable code (`unsupported`, `not-a-thread`, `unreadable`, `internal`). A panic
//! hook keeps the panic message so the service worker can show it in the overlay.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::thread::{CollectError, Collector};

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
    fn from(e: CollectError) -> JsValue {
        error(e.code(), &e.to_string())
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error("internal", &e.to_string()))
}

/// A collection in progress on one page: feed it snapshots of the page's HTML.
#[wasm_bindgen]
pub struct Collection {
    inner: Collector,
}

#[wasm_bindgen]
impl Collection {
    /// Starts a collection for the page at `url`; throws `unsupported` for a URL that is not
    /// http(s). Pages of unknown hosts are recognised (or refused) by their first snapshot.
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str) -> Result<Collection, JsValue> {
        Ok(Collection {
            inner: Collector::new(url)?,
        })
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
        crate::markdown::render(&self.inner.thread())
    }

    /// The file name, without extension, for exports: `<Author> – <first words> (<date>)`.
    #[wasm_bindgen(js_name = fileStem)]
    pub fn file_stem(&self) -> String {
        crate::naming::file_stem(&self.inner.thread())
    }

    /// The thread's title (its first words).
    pub fn title(&self) -> String {
        crate::markdown::title(&self.inner.thread(), 60)
    }
}
