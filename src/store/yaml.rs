//! The one place that turns records into YAML text and back.
//!
//! Writing is canonical (field order from the type, empty optionals omitted, one-line
//! strings on one line), so loading and saving an unchanged record gives the same
//! bytes. Reading is strict: `yes` is not a boolean, unknown fields and wrong types
//! are errors, and every error carries the line it was found on.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::Problem;

/// The canonical text of a record.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    let mut text =
        serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Parses a record; `shown` is the path to name in the problem.
pub fn from_yaml<T: DeserializeOwned>(text: &str, shown: &str) -> Result<T, Problem> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let line = e.location().map(|l| l.line() as usize).filter(|&l| l > 0);
        Problem {
            path: shown.to_string(),
            line,
            message: tidy(&e.without_snippet().to_string()),
            hint: hint_for(&e.to_string()),
        }
    })
}

/// serde-saphyr's messages carry their own position ("at line 3, column 5"); the
/// problem already says `path:line:`, so that part is dropped.
fn tidy(message: &str) -> String {
    let mut m = message.trim().to_string();
    for marker in [" at line ", " at 'line "] {
        if let Some(i) = m.find(marker) {
            m.truncate(i);
        }
    }
    m.trim_end_matches(['.', ',', ':']).to_string()
}

fn hint_for(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("check the spelling; the fields a record may have are in the README".to_string())
    } else if message.contains("missing field") {
        Some("add the field, or recreate the record with propdesk".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Rec {
        id: String,
        flag: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        amount: crate::model::money::Money,
    }

    #[test]
    fn round_trip_is_byte_stable_for_hostile_strings() {
        for note in [
            "yes",
            "no",
            "null",
            "~",
            "1234",
            "a: b",
            "- x",
            "#c",
            "  lead",
            "多行\n文字",
            "'q\"",
            "",
            "tab\there",
            "\u{feff}bom",
        ] {
            let r = Rec {
                id: "A-1".into(),
                flag: false,
                note: Some(note.into()),
                amount: "12.30".parse().unwrap(),
            };
            let text = to_yaml(&r).unwrap();
            let back: Rec =
                from_yaml(&text, "x.yaml").unwrap_or_else(|p| panic!("{note:?}: {p:?}\n{text}"));
            assert_eq!(back, r, "{text}");
            assert_eq!(to_yaml(&back).unwrap(), text);
        }
    }

    #[test]
    fn money_is_read_exactly_from_plain_and_quoted_scalars() {
        for (src, minor) in [
            ("1234.50", 123450),
            ("\"1234.50\"", 123450),
            ("1200", 120000),
            ("0.1", 10),
        ] {
            let text = format!("id: A\nflag: true\namount: {src}\n");
            let r: Rec = from_yaml(&text, "x.yaml").unwrap();
            assert_eq!(r.amount.minor(), minor, "{src}");
        }
    }

    #[test]
    fn errors_carry_the_line() {
        let p = from_yaml::<Rec>("id: A\nflag: yes\namount: 1\n", "x.yaml").unwrap_err();
        assert_eq!(p.line, Some(2), "{p:?}");
        let p =
            from_yaml::<Rec>("id: A\nflag: true\namount: 1\ncolour: red\n", "x.yaml").unwrap_err();
        assert_eq!(p.line, Some(4), "{p:?}");
        assert!(p.message.contains("colour"), "{p:?}");
        let p = from_yaml::<Rec>("id: A\nflag: true\namount: 1.234\n", "x.yaml").unwrap_err();
        assert_eq!(p.line, Some(3), "{p:?}");
        assert!(p.message.contains("more than two decimals"), "{p:?}");
    }
}
