//! Dates as the exports show them ("3 March 2026", "20:03", "2026-03-03 20:03 UTC+1") and
//! the PDF records them (metadata), from the ISO 8601 strings of the model, in the reader's
//! time zone.

/// A moment, broken down, in the reader's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Moment {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Offset from UTC in minutes of the zone the fields are in.
    pub offset_minutes: i32,
}

impl Moment {
    /// Parses `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]` and moves it to `offset_minutes`.
    pub fn parse(iso: &str, offset_minutes: i32) -> Option<Moment> {
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let s = iso.get(range)?;
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let year = num(0..4)?;
        let month = num(5..7)?;
        let day = num(8..10)?;
        if iso.get(4..5) != Some("-") || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (hour, minute, second) = if matches!(iso.get(10..11), Some("T" | " ")) {
            (num(11..13)?, num(14..16)?, num(17..19).unwrap_or(0))
        } else {
            (0, 0, 0)
        };
        // The zone the string is in (default UTC).
        let rest = iso.get(16..).unwrap_or("");
        let zone = rest
            .rfind(['+', '-'])
            .filter(|&i| rest.get(i + 1..).is_some_and(|z| z.len() >= 5))
            .and_then(|i| {
                let z = rest.get(i..)?;
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let h: i64 = z.get(1..3)?.parse().ok()?;
                let m: i64 = z.get(4..6)?.parse().ok()?;
                Some(sign * (h * 60 + m))
            })
            .unwrap_or(0);
        let minutes_utc = days_from_civil(year, month, day) * 1440 + hour * 60 + minute - zone;
        let local = minutes_utc + i64::from(offset_minutes);
        let (y, m, d) = civil_from_days(local.div_euclid(1440));
        let in_day = local.rem_euclid(1440);
        Some(Moment {
            year: i32::try_from(y).ok()?,
            month: u8::try_from(m).ok()?,
            day: u8::try_from(d).ok()?,
            hour: u8::try_from(in_day / 60).ok()?,
            minute: u8::try_from(in_day % 60).ok()?,
            second: u8::try_from(second.clamp(0, 59)).ok()?,
            offset_minutes,
        })
    }

    /// "3 March 2026", in the words of `labels`.
    #[cfg(any(feature = "pdf", test))]
    pub fn long_date(&self, labels: &crate::labels::Labels) -> String {
        labels.date(self.day, self.month, self.year)
    }

    /// "2026-03-03".
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The zone the fields are in: "UTC", "UTC+1", "UTC-5", "UTC+5:30".
    pub fn zone(&self) -> String {
        let offset = self.offset_minutes;
        if offset == 0 {
            return "UTC".to_owned();
        }
        let sign = if offset < 0 { '-' } else { '+' };
        let (hours, minutes) = (offset.abs() / 60, offset.abs() % 60);
        if minutes == 0 {
            format!("UTC{sign}{hours}")
        } else {
            format!("UTC{sign}{hours}:{minutes:02}")
        }
    }

    /// "20:03".
    pub fn time(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// The same moment for the PDF's metadata.
    #[cfg(feature = "pdf")]
    pub fn to_pdf(self) -> krilla::metadata::DateTime {
        let offset = self.offset_minutes;
        let hours = i8::try_from(offset / 60).unwrap_or(0);
        let minutes = u8::try_from((offset % 60).abs()).unwrap_or(0);
        krilla::metadata::DateTime::new(u16::try_from(self.year.clamp(0, 9999)).unwrap_or(0))
            .month(self.month)
            .day(self.day)
            .hour(self.hour)
            .minute(self.minute)
            .second(self.second)
            .utc_offset_hour(hours)
            .utc_offset_minute(minutes)
    }
}

/// The date of `time` in the zone `utc_offset_minutes` east of UTC: "2026-03-04" (the ISO
/// string as it is when it is not one).
pub(crate) fn local_date(time: &str, utc_offset_minutes: i32) -> String {
    Moment::parse(time, utc_offset_minutes).map_or_else(
        || time.get(..10).unwrap_or(time).to_owned(),
        |m| m.iso_date(),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_moves_to_the_readers_zone() {
        let m = Moment::parse("2026-03-03T20:03:00.000Z", 0).unwrap();
        assert_eq!(
            (m.long_date(&crate::labels::Labels::default()), m.time()),
            ("3 March 2026".into(), "20:03".into())
        );
        // Five hours later in Tokyo's +09:00 is the next day.
        let tokyo = Moment::parse("2026-03-03T20:03:00.000Z", 9 * 60).unwrap();
        assert_eq!(
            (
                tokyo.long_date(&crate::labels::Labels::default()),
                tokyo.time()
            ),
            ("4 March 2026".into(), "05:03".into())
        );
        let west = Moment::parse("2020-12-03T01:30:00-05:00", 0).unwrap();
        assert_eq!(west.time(), "06:30");
        assert_eq!(
            Moment::parse("2021-01-01", 0)
                .unwrap()
                .long_date(&crate::labels::Labels::default()),
            "1 January 2021"
        );
        assert_eq!(
            (tokyo.iso_date(), tokyo.zone(), m.zone()),
            ("2026-03-04".into(), "UTC+9".into(), "UTC".into())
        );
        let zones =
            [-300, 330, -570].map(|offset| Moment::parse("2021-01-01", offset).unwrap().zone());
        assert_eq!(zones, ["UTC-5", "UTC+5:30", "UTC-9:30"]);
        assert!(Moment::parse("yesterday", 0).is_none());
        assert!(Moment::parse("2021-13-01", 0).is_none());
    }
}
