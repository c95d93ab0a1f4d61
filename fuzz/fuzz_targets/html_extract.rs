//! Any bytes as a page: extraction through the extension's entry point (a collection session
//! fed snapshots), then everything the reader asks of it. The first byte picks the page's URL
//! (a thread on each site, and pages that are not threads); a `\0\0` pair splits the rest into
//! two snapshots, as the collection loop sends while scrolling. Only a panic fails.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspool::thread::Collector;

/// The page cases' URLs (the seeds in `corpus/html_extract/` start with their index, see
/// `make-seeds.py`), then pages that are not threads.
const URLS: [&str; 14] = [
    "https://x.com/svpino/status/1334505698712617481",
    "https://x.com/hanasato_dev/status/2028502356127122401",
    "https://x.com/ines_codes/status/2029197672308542512",
    "https://x.com/lenafischer_dev/status/2028637279911677029",
    "https://x.com/tomasz_builds/status/2024759678491166617",
    "https://x.com/svpino/status/1334507068706521841",
    "https://x.com/UaSmart/status/934106870834454529",
    "https://x.com/home",
    "https://bsky.app/profile/mayalindqvist.bsky.social/post/3m4s6wy3gd2ny",
    "https://bsky.app/profile/mayalindqvist.bsky.social/post/3m4s74zoij2h7",
    "https://hachyderm.io/@ljharper/113468995452845265",
    "https://threadreaderapp.com/thread/1334505698712617481.html",
    "https://bsky.app/profile/mayalindqvist.bsky.social",
    "https://example.com/blog/post",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let url = URLS[usize::from(pick) % URLS.len()];
    let html = String::from_utf8_lossy(rest);
    let Ok(mut collector) = Collector::new(url) else {
        return;
    };
    for snapshot in html.splitn(3, "\0\0") {
        if collector.add_snapshot(snapshot).is_err() {
            return;
        }
    }
    let progress = collector.progress();
    let _ = serde_json::to_string(&progress);
    let thread = collector.thread();
    let _ = unspool::markdown::render(&thread);
    let _ = unspool::markdown::title(&thread, 60);
    let _ = unspool::naming::file_stem(&thread);
});
