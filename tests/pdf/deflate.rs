//! The content streams' compressor in the vendored krilla (`vendor/krilla/src/fast_deflate.rs`):
//! every output inflates back to its input with an independent decoder, alone and after other
//! streams (its hash table outlives each call), and text like a page's operators compresses.

use krilla::fast_deflate::{zlib_compress, Table};
use miniz_oxide::inflate::core::inflate_flags::{
    TINFL_FLAG_COMPUTE_ADLER32, TINFL_FLAG_PARSE_ZLIB_HEADER,
};
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use proptest::prelude::*;

/// Inflates `zlib` through a 32 KB ring buffer, as PDF readers' zlib does: a match reaching
/// further back than deflate's window reads the wrong bytes (a decoder with the whole output
/// in memory would not notice). The Adler-32 checksum is checked.
fn inflate(zlib: &[u8]) -> Vec<u8> {
    let mut decoder = DecompressorOxide::new();
    let mut window = vec![0u8; 32 * 1024];
    let mut out = Vec::new();
    let (mut input, mut at) = (zlib, 0);
    loop {
        let flags = TINFL_FLAG_PARSE_ZLIB_HEADER | TINFL_FLAG_COMPUTE_ADLER32;
        let (status, read, written) = decompress(&mut decoder, input, &mut window, at, flags);
        out.extend_from_slice(&window[at..at + written]);
        at = (at + written) % window.len();
        input = &input[read..];
        match status {
            TINFLStatus::Done => return out,
            TINFLStatus::HasMoreOutput => {}
            other => panic!("not a valid zlib stream: {other:?}"),
        }
    }
}

fn round_trip(table: &mut Table, data: &[u8]) -> usize {
    let compressed = table.zlib_compress(data);
    let back = inflate(&compressed);
    assert_eq!(back, data, "{} bytes came back different", data.len());
    compressed.len()
}

/// A page's worth of content-stream text, like krilla writes it.
fn page_text(lines: usize) -> Vec<u8> {
    let mut text = String::new();
    for i in 0..lines {
        text.push_str(&format!(
            "q 1 0 0 -1 0 841.89 cm 0.10980392 0.10980392 0.11764706 rg\nBT 0 Tr/f0 10.5 Tf 1 0 0 -1 112 {:.4} Tm[<00{:02x}>{}<000c000b>10<0006>]TJ\nET\nQ\n",
            100.0 + i as f32 * 14.25,
            i % 97,
            i % 13
        ));
    }
    text.into_bytes()
}

#[test]
fn edge_cases_inflate_back() {
    let mut table = Table::starting_at(0);
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        b"abc".to_vec(),
        b"abcd".to_vec(),
        b"abcdabcd".to_vec(),
        (0..=255).collect(),
        vec![b'x'; 258 + 4],
        vec![b'x'; 100_000], // runs of the longest match
        (0..70_000u32).map(|i| (i % 251) as u8).collect(), // repeats beyond 32 KB back
        // Adler-32's sums at their largest, over several of its 5,552-byte blocks and a
        // remainder that is not a whole group of eight.
        vec![0xFF; 3 * 5552 + 7],
        (0..3 * 5552 + 5).map(|i| (255 - i % 3) as u8).collect(),
    ];
    // The same text twice, 32 KB apart and 32 KB + 1 apart: a match exactly at the window's
    // edge, and one just past it that must not be taken.
    for gap in [32 * 1024 - 16, 32 * 1024 - 15, 32 * 1024 - 14] {
        let mut data = b"0123456789abcdef".to_vec();
        data.extend((0..gap).map(|i| (i * 7 % 256) as u8));
        data.extend_from_slice(b"0123456789abcdef");
        inputs.push(data);
    }
    for data in &inputs {
        round_trip(&mut table, data);
    }
    // What other calls left in the table is never taken for this call's data.
    for data in inputs.iter().rev() {
        round_trip(&mut table, data);
    }
}

#[test]
fn the_table_restarts_before_positions_overflow() {
    let mut table = Table::starting_at(u32::MAX - 1_000);
    let page = page_text(40);
    for _ in 0..3 {
        round_trip(&mut table, &page);
    }
}

#[test]
fn content_streams_compress() {
    let page = page_text(200);
    let size = round_trip(&mut Table::starting_at(0), &page);
    assert!(
        size * 5 < page.len(),
        "{} bytes of page text compressed to {size}",
        page.len()
    );
    // The shared table gives the same bytes as a fresh one.
    assert_eq!(
        zlib_compress(&page),
        Table::starting_at(0).zlib_compress(&page)
    );
}

proptest! {
    #[test]
    fn any_bytes_inflate_back(
        streams in prop::collection::vec(
            prop_oneof![
                prop::collection::vec(any::<u8>(), 0..3000),
                prop::collection::vec(prop::sample::select(b"ab c\n".to_vec()), 0..20_000),
            ],
            1..4,
        )
    ) {
        let mut table = Table::starting_at(0);
        for data in &streams {
            round_trip(&mut table, data);
        }
    }
}
