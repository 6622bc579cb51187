//! Personal numbers in a record's text: which fields hold them and how a record's
//! YAML reads with them masked. What `--dry-run` prints of a record and what `check`
//! quotes of a value go through here, so a phone or an ID number is never shown in full
//! by accident, wherever in a record it is (a party's phones and ID number, an
//! emergency contact's phone, a ticket reporter's phone).

use crate::model::party::{mask_id_number, mask_phone};

/// The fields whose values are personal numbers, in every kind of record: a party's
/// `phones` (a list) and `id_number`, and a `phone` anywhere (an emergency contact's,
/// a ticket reporter's).
pub const NUMBER_KEYS: [&str; 3] = ["phone", "phones", "id_number"];

/// Whether the field `key` holds a personal number.
pub fn is_number_key(key: &str) -> bool {
    NUMBER_KEYS.contains(&key)
}

/// `value` of the field `key` as shown masked: an ID number keeps its first and last
/// four characters, a phone its first three and last four.
pub fn mask_field(key: &str, value: &str) -> String {
    match key {
        "id_number" => mask_id_number(value),
        _ => mask_phone(value),
    }
}

/// A record's YAML text with every personal number masked, line for line (the same
/// lines in the same order, so that a diff of two masked texts lines up), and whether
/// anything was masked. Comments, quotes and the other fields are kept as they are.
pub fn mask_yaml(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut any = false;
    // Inside the block list of a number field: the column of its key, and the key.
    let mut list: Option<(usize, &'static str)> = None;
    for raw in text.split_inclusive('\n') {
        let (line, end) = split_end(raw);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            out.push_str(raw);
            continue;
        }
        if let Some((col, key)) = list {
            if indent >= col && (rest == "-" || rest.starts_with("- ")) {
                let body_at = indent + 1 + (rest.len() - 1 - rest[1..].trim_start().len());
                let (masked, changed) = mask_scalar(key, &line[body_at..]);
                any |= changed;
                out.push_str(&line[..body_at]);
                out.push_str(&masked);
                out.push_str(end);
                continue;
            }
            list = None;
        }
        // `key: value`, or `- key: value` (the first field of a list item).
        let body_at = match rest.strip_prefix("- ") {
            Some(after) => indent + 2 + (after.len() - after.trim_start().len()),
            None => indent,
        };
        let body = &line[body_at..];
        let Some((key, value_at)) = field_key(body) else {
            out.push_str(raw);
            continue;
        };
        let Some(key) = NUMBER_KEYS.iter().copied().find(|k| *k == key) else {
            out.push_str(raw);
            continue;
        };
        let value = &body[value_at..];
        let trimmed = value.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            list = Some((body_at, key));
            out.push_str(raw);
            continue;
        }
        let start = body_at + value_at + (value.len() - trimmed.len());
        let (masked, changed) = match trimmed.strip_prefix('[') {
            Some(items) => mask_flow_list(key, items),
            None => mask_scalar(key, trimmed),
        };
        any |= changed;
        out.push_str(&line[..start]);
        out.push_str(&masked);
        out.push_str(end);
    }
    (out, any)
}

/// A line without its line ending, and the ending.
fn split_end(raw: &str) -> (&str, &str) {
    let line = raw.trim_end_matches(['\n', '\r']);
    (line, &raw[line.len()..])
}

/// The key of a `key: value` (or `key:`) line and where its value starts.
fn field_key(body: &str) -> Option<(&str, usize)> {
    let i = body.find(':')?;
    let after = &body[i + 1..];
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    let key = body[..i].trim().trim_matches(['"', '\'']);
    Some((key, i + 1))
}

/// One scalar as written (quoted or plain, maybe with a comment after it), masked.
fn mask_scalar(key: &str, s: &str) -> (String, bool) {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            let close = closing_quote(inner, q).unwrap_or(inner.len());
            let value = &inner[..close];
            if value.is_empty() {
                return (s.to_string(), false);
            }
            return (
                format!("{q}{}{}", mask_field(key, value), &inner[close..]),
                true,
            );
        }
    }
    let (value, comment) = match s.find(" #") {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let value_trimmed = value.trim_end();
    if value_trimmed.is_empty() || matches!(value_trimmed, "~" | "null" | "Null" | "NULL") {
        return (s.to_string(), false);
    }
    let masked = mask_field(key, value_trimmed);
    (
        format!("{masked}{}{comment}", &value[value_trimmed.len()..]),
        true,
    )
}

/// Where the closing quote of a quoted scalar is (`inner` starts after the opening).
fn closing_quote(inner: &str, q: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            '\\' if q == '"' && !escaped => escaped = true,
            c if c == q && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// The items of a flow list (`["138...", "139..."]`, after its `[`), masked.
fn mask_flow_list(key: &str, items: &str) -> (String, bool) {
    let (list, tail) = match items.rfind(']') {
        Some(i) => (&items[..i], &items[i..]),
        None => (items, ""),
    };
    let mut any = false;
    let masked: Vec<String> = list
        .split(',')
        .map(|item| {
            let lead = &item[..item.len() - item.trim_start().len()];
            let (m, changed) = mask_scalar(key, item.trim());
            any |= changed;
            let trail = &item[lead.len() + item.trim().len()..];
            format!("{lead}{m}{trail}")
        })
        .collect();
    (format!("[{}{tail}", masked.join(",")), any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_party_reads_with_its_numbers_masked_and_nothing_else_changed() {
        let text = "id: P-20261102-1EKX7B\nkind: person\nname: 张三\nroles:\n- owner\nphones:\n- \"13812345678\"\n- '010-65881234'\n- 13900001111 # mobile\nid_number: 110101199003071234\nemergency_contacts:\n- name: 李四\n  phone: \"13900001111\"\n  relation: 配偶\n- phone: 13700001111\n  name: 王五\nnote: call 13812345678\n";
        let (masked, any) = mask_yaml(text);
        assert!(any);
        assert_eq!(
            masked,
            "id: P-20261102-1EKX7B\nkind: person\nname: 张三\nroles:\n- owner\nphones:\n- \"138****5678\"\n- '010*****1234'\n- 139****1111 # mobile\nid_number: 1101**********1234\nemergency_contacts:\n- name: 李四\n  phone: \"139****1111\"\n  relation: 配偶\n- phone: 137****1111\n  name: 王五\nnote: call 13812345678\n"
        );
        assert_eq!(masked.lines().count(), text.lines().count());
    }

    #[test]
    fn lists_indented_under_their_key_flow_lists_and_crlf_are_masked() {
        let (m, _) = mask_yaml("phones:\r\n  - \"13812345678\"\r\nkind: person\r\n");
        assert_eq!(m, "phones:\r\n  - \"138****5678\"\r\nkind: person\r\n");
        let (m, _) = mask_yaml("phones: [\"13812345678\", 13900001111]\n");
        assert_eq!(m, "phones: [\"138****5678\", 139****1111]\n");
        let (m, _) = mask_yaml("reporter: 王先生\nphone: '13812345678'\nchannel: phone\n");
        assert_eq!(
            m,
            "reporter: 王先生\nphone: '138****5678'\nchannel: phone\n"
        );
    }

    #[test]
    fn a_record_without_numbers_is_left_alone() {
        let text = "id: A-101\nbuilding: A\nphone:\nphones: []\nid_number: ''\n";
        assert_eq!(mask_yaml(text), (text.to_string(), false));
    }
}
