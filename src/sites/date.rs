//! Dates for extractors: Unix times to ISO 8601, and the English date strings sites show when
//! nothing better is on the page.
//!
//! Sites show localized dates ("1:03 PM · Jan 26, 2026") in the reader's time zone, which the
//! page does not state. Extractors therefore prefer what encodes an exact instant — a
//! `datetime` attribute, or the post id itself (tweet snowflakes, Mastodon ids, Bluesky TIDs) —
//! and parse display strings only as a last resort, giving a local time without an offset.

/// Milliseconds since the Unix epoch of 9999-12-31T23:59:59.999Z: later times are not dates.
const MAX_MS: i64 = 253_402_300_799_999;

/// `2026-01-26T12:03:52.687Z` for a Unix time in milliseconds; `None` outside years 1970–9999.
pub fn iso_from_unix_ms(ms: i64) -> Option<String> {
    if !(0..=MAX_MS).contains(&ms) {
        return None;
    }
    let secs = ms / 1000;
    let milli = ms % 1000;
    let days = secs / 86_400;
    let of_day = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    ))
}

/// Year, month, day of a count of days since 1970-01-01 (non-negative, bounded by [`MAX_MS`]).
/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The time a tweet id encodes (X snowflakes, from November 2010 on), as ISO 8601.
pub fn iso_from_tweet_id(id: &str) -> Option<String> {
    let id: u64 = id.parse().ok()?;
    // Ids below this predate snowflakes: sequential numbers that encode no time.
    if id < 30_000_000_000 {
        return None;
    }
    let ms = i64::try_from(id >> 22)
        .ok()?
        .checked_add(1_288_834_974_657)?;
    iso_from_unix_ms(ms)
}

/// The month (1–12) an English month name or its three-letter abbreviation names.
fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word == "sept" {
        return Some(9);
    }
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(&word)))?;
    u32::try_from(index + 1).ok()
}

/// Parses an English date with a clock time as sites display them — "January 26, 2026 at
/// 3:30 PM", "1:03 PM · Jan 26, 2026", "26 Jan 2026 15:30" — into a local ISO 8601 time
/// without an offset ("2026-01-26T15:30:00"): the display's time zone is the reader's, which
/// the page does not state.
pub fn parse_display_datetime(text: &str) -> Option<String> {
    let mut year = None;
    let mut month_no = None;
    let mut day = None;
    let mut clock: Option<(u32, u32)> = None;
    let mut pm = None;
    for raw in text.split(|c: char| c.is_whitespace() || c == ',' || c == '·') {
        let word = raw.trim();
        if word.is_empty() {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        if let Some((h, m)) = word.split_once(':') {
            let digits: String = m.chars().take_while(char::is_ascii_digit).collect();
            if let (Ok(h), Ok(m)) = (h.parse::<u32>(), digits.parse::<u32>()) {
                clock = Some((h, m));
            }
            let rest = m_suffix(&lower);
            if rest == "pm" || rest == "am" {
                pm = Some(rest == "pm");
            }
        } else if lower == "am" || lower == "pm" {
            pm = Some(lower == "pm");
        } else if let Some(m) = month(word) {
            month_no = Some(m);
        } else if let Ok(n) = word
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
        {
            if n > 31 {
                year = Some(n);
            } else {
                day = Some(n);
            }
        }
    }
    let (year, month_no, day) = (year?, month_no?, day?);
    let (mut hour, minute) = clock?;
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || !(1000..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month_no:02}-{day:02}T{hour:02}:{minute:02}:00"
    ))
}

/// The letters after a clock time written together with it ("3:30pm" → "pm").
fn m_suffix(word: &str) -> &str {
    word.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_iso() {
        assert_eq!(
            iso_from_unix_ms(0).as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
        assert_eq!(
            iso_from_unix_ms(1_769_429_032_687).as_deref(),
            Some("2026-01-26T12:03:52.687Z")
        );
        // A leap day.
        assert_eq!(
            iso_from_unix_ms(1_709_164_800_000).as_deref(),
            Some("2024-02-29T00:00:00.000Z")
        );
        assert_eq!(iso_from_unix_ms(-1), None);
        assert_eq!(iso_from_unix_ms(i64::MAX), None);
    }

    #[test]
    fn tweet_ids_encode_their_time() {
        // x.com/Forbes/status/2016058596782670275 shows 2026-01-27T08:00:00.000Z: X's
        // `datetime` stops at seconds, the id keeps the milliseconds.
        assert_eq!(
            iso_from_tweet_id("2016058596782670275").as_deref(),
            Some("2026-01-27T08:00:00.687Z")
        );
        assert_eq!(iso_from_tweet_id("20"), None);
        assert_eq!(iso_from_tweet_id("abc"), None);
        assert_eq!(iso_from_tweet_id("99999999999999999999999"), None);
    }

    #[test]
    fn display_dates_parse_without_an_offset() {
        let p = |s: &str| parse_display_datetime(s);
        assert_eq!(
            p("January 26, 2026 at 3:30 PM").as_deref(),
            Some("2026-01-26T15:30:00")
        );
        assert_eq!(
            p("1:03 PM · Jan 26, 2026").as_deref(),
            Some("2026-01-26T13:03:00")
        );
        assert_eq!(
            p("12:15 AM · Sept 3, 2024").as_deref(),
            Some("2024-09-03T00:15:00")
        );
        assert_eq!(
            p("26 Jan 2026 15:30").as_deref(),
            Some("2026-01-26T15:30:00")
        );
        assert_eq!(
            p("Dec 03, 2020, 02:07 pm").as_deref(),
            Some("2020-12-03T14:07:00")
        );
        assert_eq!(p("3 Dec"), None);
        assert_eq!(p("1d"), None);
        assert_eq!(p("January 40, 2026 at 3:30 PM"), None);
        assert_eq!(p("25:61 Jan 2, 2026"), None);
    }
}
