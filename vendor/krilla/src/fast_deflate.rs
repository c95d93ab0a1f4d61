//! Unspool: a fast zlib compressor for content streams.
//!
//! miniz_oxide (behind flate2) allocates and zeroes about 300 KB of state for every stream it
//! compresses, whatever the stream's size; a PDF of a long thread has a content stream per page
//! and that set-up cost more than the compression itself. This compressor keeps one hash table
//! between calls (entries from earlier calls are told apart by their position, so the table is
//! never cleared) and writes one block with the fixed Huffman codes of RFC 1951 §3.2.6 (no
//! code tables to build): greedy LZ77 with one probe per position, as fast levels do. PDF
//! content streams are operators and numbers that repeat: on Unspool's benchmark pages the
//! output is 5% bigger than miniz_oxide's level 1, made in less than half the time.

use std::cell::RefCell;

/// log2 of the hash table's size.
const HASH_BITS: u32 = 15;
/// The deflate window.
const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;

/// The compressor's state between calls: a hash table that is never cleared.
pub struct Table {
    /// Position + `base` of the last 4-byte sequence with each hash; anything below the
    /// current call's `base` is from an earlier call.
    last: Vec<u32>,
    /// Where the next call's positions start.
    next_base: u32,
}

thread_local! {
    static TABLE: RefCell<Table> = const { RefCell::new(Table::starting_at(0)) };
}

/// `data` as a zlib stream (RFC 1950) of one fixed-Huffman deflate block (RFC 1951).
pub fn zlib_compress(data: &[u8]) -> Vec<u8> {
    TABLE.with(|table| table.borrow_mut().zlib_compress(data))
}

impl Table {
    /// A table whose positions start at `next_base` (tests start it near the end of `u32`).
    pub const fn starting_at(next_base: u32) -> Table {
        Table {
            last: Vec::new(),
            next_base,
        }
    }

    /// `data` as a zlib stream (RFC 1950) of one fixed-Huffman deflate block (RFC 1951).
    pub fn zlib_compress(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = BitWriter::with_capacity(data.len() / 3 + 64);
        // CMF: deflate with a 32 KB window; FLG: fastest level, no dictionary, check bits.
        out.bytes.extend_from_slice(&[0x78, 0x01]);
        out.put(1, 1); // BFINAL
        out.put(1, 2); // BTYPE = 01, fixed Huffman codes
        self.compress_block(data, &mut out);
        out.put_symbol(256); // end of block
        out.flush();
        out.bytes.extend_from_slice(&adler32(data).to_be_bytes());
        out.bytes
    }

    fn compress_block(&mut self, data: &[u8], out: &mut BitWriter) {
        let len = data.len();
        // Positions are stored as `base + i`; the numbering restarts (and the table is
        // cleared) only when it would overflow.
        if self.last.is_empty()
            || (self.next_base as usize)
                .checked_add(len + 1)
                .is_none_or(|end| end > u32::MAX as usize)
        {
            self.last = vec![0; 1 << HASH_BITS];
            self.next_base = 1; // 0 is "never seen" in a fresh table
        }
        let base = self.next_base as usize;
        self.next_base = (base + len + 1) as u32;
        let last = &mut self.last;

        let mut i = 0;
        let mut literal_from = 0;
        while i + MIN_MATCH <= len {
            let word = read_u32(data, i);
            let slot = hash(word);
            let seen = last[slot] as usize;
            last[slot] = (base + i) as u32;
            if seen >= base {
                let candidate = seen - base;
                if i - candidate <= WINDOW && read_u32(data, candidate) == word {
                    let length =
                        MIN_MATCH + match_length(data, candidate + MIN_MATCH, i + MIN_MATCH);
                    for &byte in &data[literal_from..i] {
                        out.put_symbol(u16::from(byte));
                    }
                    out.put_match(length, i - candidate);
                    // The match's last two positions go into the table too, so that what
                    // follows a repeat is found again (all of them: 60% slower, 3% smaller).
                    let end = i + length;
                    for j in end - 2..end {
                        if j + MIN_MATCH <= len {
                            last[hash(read_u32(data, j))] = (base + j) as u32;
                        }
                    }
                    i = end;
                    literal_from = i;
                    continue;
                }
            }
            i += 1;
        }
        for &byte in &data[literal_from..] {
            out.put_symbol(u16::from(byte));
        }
    }
}

fn read_u32(data: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&data[at..at + 4]);
    u32::from_le_bytes(word)
}

fn hash(word: u32) -> usize {
    (word.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// How many bytes from `a` and `b` on (`a < b`) are equal, at most `MAX_MATCH - MIN_MATCH`.
fn match_length(data: &[u8], a: usize, b: usize) -> usize {
    let limit = (MAX_MATCH - MIN_MATCH).min(data.len() - b);
    let mut n = 0;
    while n + 8 <= limit {
        let mut x = [0u8; 8];
        let mut y = [0u8; 8];
        x.copy_from_slice(&data[a + n..a + n + 8]);
        y.copy_from_slice(&data[b + n..b + n + 8]);
        let diff = u64::from_le_bytes(x) ^ u64::from_le_bytes(y);
        if diff != 0 {
            return n + (diff.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < limit && data[a + n] == data[b + n] {
        n += 1;
    }
    n
}

fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    // The largest n such that 255 n (n + 1) / 2 + (n + 1) (MOD - 1) fits in a u32.
    const NMAX: usize = 5552;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(NMAX) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Fixed Huffman codes (RFC 1951 §3.2.6), bit-reversed for least-significant-bit-first output:
/// `(code, length)` for literal/length symbols 0–287.
static FIXED: [(u16, u8); 288] = fixed_codes();

const fn fixed_codes() -> [(u16, u8); 288] {
    let mut table = [(0u16, 0u8); 288];
    let mut symbol = 0;
    while symbol < 288 {
        let (code, length) = match symbol {
            0..=143 => (0x30 + symbol, 8),
            144..=255 => (0x190 + symbol - 144, 9),
            256..=279 => (symbol - 256, 7),
            _ => (0xC0 + symbol - 280, 8),
        };
        table[symbol as usize] = (reverse(code as u16, length), length as u8);
        symbol += 1;
    }
    table
}

const fn reverse(code: u16, length: u32) -> u16 {
    code.reverse_bits() >> (16 - length)
}

struct BitWriter {
    bytes: Vec<u8>,
    buffer: u64,
    count: u32,
}

impl BitWriter {
    fn with_capacity(capacity: usize) -> BitWriter {
        BitWriter {
            bytes: Vec::with_capacity(capacity),
            buffer: 0,
            count: 0,
        }
    }

    /// Appends the low `bits` bits of `value`, least significant first (`bits` ≤ 32).
    fn put(&mut self, value: u32, bits: u32) {
        self.buffer |= u64::from(value) << self.count;
        self.count += bits;
        if self.count >= 32 {
            self.bytes
                .extend_from_slice(&(self.buffer as u32).to_le_bytes());
            self.buffer >>= 32;
            self.count -= 32;
        }
    }

    fn put_symbol(&mut self, symbol: u16) {
        let (code, length) = FIXED[symbol as usize];
        self.put(u32::from(code), u32::from(length));
    }

    /// A match of `length` (3–258) bytes `distance` (1–32768) back.
    fn put_match(&mut self, length: usize, distance: usize) {
        let l = (length - 3) as u32;
        let (symbol, extra_bits, extra) = if l < 8 {
            (257 + l, 0, 0)
        } else if l == 255 {
            (285, 0, 0)
        } else {
            let top = 31 - l.leading_zeros(); // 3..=7
            let extra_bits = top - 2;
            (257 + 4 * (top - 1) + ((l >> extra_bits) & 3), extra_bits, l & ((1 << extra_bits) - 1))
        };
        self.put_symbol(symbol as u16);
        if extra_bits > 0 {
            self.put(extra, extra_bits);
        }
        let d = (distance - 1) as u32;
        let (code, extra_bits, extra) = if d < 4 {
            (d, 0, 0)
        } else {
            let top = 31 - d.leading_zeros(); // 2..=14
            let extra_bits = top - 1;
            (2 * top + ((d >> extra_bits) & 1), extra_bits, d & ((1 << extra_bits) - 1))
        };
        // Distance codes are 5 bits, bit-reversed.
        self.put(u32::from(reverse(code as u16, 5)), 5);
        if extra_bits > 0 {
            self.put(extra, extra_bits);
        }
    }

    fn flush(&mut self) {
        while self.count > 0 {
            self.bytes.push(self.buffer as u8);
            self.buffer >>= 8;
            self.count = self.count.saturating_sub(8);
        }
    }
}
