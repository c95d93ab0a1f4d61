//! Unspool's core: turns the thread on a page into a clean [`model::Thread`], and writes it
//! as Markdown and, with the `pdf` feature, PDF.
//!
//! The core is DOM-agnostic: it parses the HTML a content script serialized ([`html`]),
//! recognises the site and extracts posts ([`sites`]), and assembles snapshots into one
//! thread ([`thread`]). Only `wasm.rs` knows about JavaScript.

mod dates;
pub mod html;
pub mod labels;
pub mod markdown;
pub mod model;
pub mod naming;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod sites;
pub mod thread;

#[cfg(target_arch = "wasm32")]
mod wasm;
