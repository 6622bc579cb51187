//! The agenda as an iCalendar file (RFC 5545), so the desk's calendar shows the
//! deadlines: one VEVENT per item. A timed item starts at its deadline (in UTC) and
//! lasts 30 minutes; a day's item is an all-day event. The UID is the item's stable
//! identity (kind, record, key) plus a hash of the office's name, so importing the
//! next morning's file updates events instead of duplicating them. DTSTAMP is the
//! agenda's clock, so the same records and clock give the same bytes.
//!
//! Lines end in CRLF and are folded at 75 octets without splitting a character;
//! text escapes backslash, semicolon, comma and newline.

use chrono::{Days, Duration, Utc};

use super::{Due, Item, Window, lateness};
use crate::messages::Say;
use crate::model::locale::Locale;

/// The calendar of `items`.
pub fn calendar(items: &[Item], w: &Window, office: &str, locale: Locale) -> String {
    let mut out = String::new();
    let mut line = |s: &str| fold(s, &mut out);
    let domain = format!("{:016x}.propdesk", fnv1a(office.as_bytes()));
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//propdesk//agenda//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    let title = match locale {
        Locale::ZhCn => format!("{office} 待办"),
        Locale::En => format!("{office} agenda"),
    };
    line(&format!("X-WR-CALNAME:{}", text(&title)));
    line(&format!("X-WR-TIMEZONE:{}", w.tz.name()));
    let stamp = utc(w.now);
    for i in items {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@{domain}", text(&i.uid())));
        line(&format!("DTSTAMP:{stamp}"));
        match i.due {
            Due::At(t) => {
                line(&format!("DTSTART:{}", utc(t)));
                line(&format!("DTEND:{}", utc(t + Duration::minutes(30))));
            }
            Due::Day(d) => {
                line(&format!("DTSTART;VALUE=DATE:{}", d.format("%Y%m%d")));
                let next = d.checked_add_days(Days::new(1)).unwrap_or(d);
                line(&format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
            }
        }
        let mut summary = format!("{} {}", i.kind.label(locale), i.unit);
        if i.record != i.unit {
            summary = format!("{summary} {}", i.record);
        }
        line(&format!("SUMMARY:{}", text(summary.trim())));
        let description = format!(
            "{}\n{}: {}\n{}",
            i.detail,
            match locale {
                Locale::ZhCn => "经办",
                Locale::En => "who",
            },
            i.who.label(locale),
            lateness(w, i.due).say(locale)
        );
        line(&format!("DESCRIPTION:{}", text(&description)));
        line(&format!("CATEGORIES:{}", text(i.who.as_str())));
        line(&format!("X-PROPDESK-KIND:{}", i.kind.as_str()));
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn utc(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon, comma and newline escaped. RFC 5545 allows no
/// other control character in TEXT: one that reached a record by hand (ESC in a
/// note) is written as its escape (`\e`), its backslash escaped in turn.
fn text(s: &str) -> String {
    let s = crate::error::escape_controls(s, &['\n', '\r', '\t']);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (continuations start with a space, which counts
/// toward their 75), never inside a UTF-8 character, ending in CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// FNV-1a, 64 bits: a short stable name for the office in UIDs.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "漏水".repeat(40));
        fold(&long, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(text("x\u{1b}[2J\u{7}"), "x\\\\e[2J\\\\a");
    }

    #[test]
    fn the_office_hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
