//! Parties: the people and companies the desk deals with: owners (业主), tenants
//! (租户), contractors (装修单位). A party has phones, an ID-document number (ID card,
//! passport, or a company's business licence / credit code) and emergency contacts
//! (紧急联络人). Its file is `parties/<ID>.yaml`.
//!
//! Phones and ID numbers are personal data: tables, exports and notices show them
//! masked (`138****5678`) unless the user asks with `--reveal`.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::history::Entry;
use crate::model::record::FieldProblem;
use crate::model::record::Record;

/// An owner, tenant or contractor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub kind: PartyKind,
    /// Person's name or company's registered name.
    pub name: String,
    pub roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// ID card, passport, or business-licence number (身份证号 / 统一社会信用代码).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// A company's contact person (联系人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Emergency contacts (紧急联络单).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emergency_contacts: Vec<EmergencyContact>,
    /// The language the party's notices are written in, if not the office's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<crate::model::locale::Locale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Entry>,
}

impl Record for Party {
    const DIR: &'static str = "parties";
    const WHAT: &'static str = "party";
    fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyContact {
    pub name: String,
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

impl FromStr for EmergencyContact {
    type Err = String;
    /// `NAME:PHONE[:RELATION]`, as typed on the command line or in a CSV cell.
    fn from_str(s: &str) -> Result<EmergencyContact, String> {
        let parts: Vec<&str> = s.split([':', '：']).map(str::trim).collect();
        match parts.as_slice() {
            [name, phone] | [name, phone, ""] if !name.is_empty() => Ok(EmergencyContact {
                name: name.to_string(),
                phone: phone.to_string(),
                relation: None,
            }),
            [name, phone, relation] if !name.is_empty() => Ok(EmergencyContact {
                name: name.to_string(),
                phone: phone.to_string(),
                relation: Some(relation.to_string()),
            }),
            // Masked as a phone: what was typed is most likely one.
            _ => Err(format!(
                "invalid emergency contact {:?}: expected NAME:PHONE or NAME:PHONE:RELATION",
                mask_phone(s)
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    Person,
    Company,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 业主.
    Owner,
    /// 租户 / 住户.
    Tenant,
    /// 装修单位 / 施工单位.
    Contractor,
}

impl PartyKind {
    pub const ALL: [PartyKind; 2] = [PartyKind::Person, PartyKind::Company];
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Company => "company",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            PartyKind::Person => "个人",
            PartyKind::Company => "公司",
        }
    }
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Tenant, Role::Contractor];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Tenant => "tenant",
            Role::Contractor => "contractor",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Role::Owner => "业主",
            Role::Tenant => "租户",
            Role::Contractor => "装修单位",
        }
    }
}

named_enum!(PartyKind, "party kind");
named_enum!(Role, "role");

/// Checks a phone number as typed: digits with an optional leading `+` and
/// separators (space, dash, parentheses); 5 to 20 digits. The message shows the number
/// masked and says what is wrong with it (the character that is not a digit, or how
/// many digits it has), so that it never quotes a phone in full.
pub fn check_phone(phone: &str) -> Result<(), String> {
    let expected = "expected 5 to 20 digits, like 13812345678 or 010-65881234";
    let bad = phone.chars().enumerate().find(|&(i, c)| {
        !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0))
    });
    if let Some((i, c)) = bad {
        return Err(format!(
            "invalid phone {:?}: {c:?} (character {}) is not a digit; {expected}",
            mask_phone(phone),
            i + 1
        ));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits) {
        return Err(format!(
            "invalid phone {:?} ({digits} digits): {expected}",
            mask_phone(phone)
        ));
    }
    Ok(())
}

/// Checks an ID-document number: letters and digits, 5 to 30 of them. The message
/// shows the number masked, as [`check_phone`]'s does.
pub fn check_id_number(n: &str) -> Result<(), String> {
    let expected = "expected 5 to 30 letters and digits";
    if let Some((i, c)) = n
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(format!(
            "invalid ID number {:?}: {c:?} (character {}) is not a letter or digit; {expected}",
            mask_id_number(n),
            i + 1
        ));
    }
    if !(5..=30).contains(&n.len()) {
        return Err(format!(
            "invalid ID number {:?} ({} characters): {expected}",
            mask_id_number(n),
            n.len()
        ));
    }
    Ok(())
}

/// `13812345678` → `138****5678`; keeps the first 3 and the last 4 digits.
pub fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

/// `110101199003071234` → `1101**********1234`.
pub fn mask_id_number(n: &str) -> String {
    mask(n, 4, 4)
}

fn mask(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        // Too short to show both ends: keep only the last two.
        let keep = chars.len().min(2);
        return "*".repeat(chars.len() - keep)
            + &chars[chars.len() - keep..].iter().collect::<String>();
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

impl Party {
    /// Rules a party keeps on its own.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut add = |field, message: String| out.push(FieldProblem { field, message });
        if self.name.trim().is_empty() {
            add("name", "name is empty".to_string());
        }
        if self.roles.is_empty() {
            add(
                "roles",
                "no role: a party is an owner, tenant or contractor".to_string(),
            );
        }
        for (i, r) in self.roles.iter().enumerate() {
            if self.roles[..i].contains(r) {
                add("roles", format!("role {r} is listed twice"));
            }
        }
        for p in &self.phones {
            if let Err(e) = check_phone(p) {
                add("phones", e);
            }
        }
        if let Some(Err(e)) = self.id_number.as_deref().map(check_id_number) {
            add("id_number", e);
        }
        for c in &self.emergency_contacts {
            if let Err(e) = check_phone(&c.phone) {
                add("emergency_contacts", e);
            }
        }
        out
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A party as shown unless `--reveal`: phones and ID numbers masked.
pub fn masked(p: &Party, reveal: bool) -> Party {
    if reveal {
        return p.clone();
    }
    let mut m = p.clone();
    m.phones = p.phones.iter().map(|x| mask_phone(x)).collect();
    m.id_number = p.id_number.as_deref().map(mask_id_number);
    for c in &mut m.emergency_contacts {
        c.phone = mask_phone(&c.phone);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_id_numbers_are_masked() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("010-65881234"), "010*****1234");
        assert_eq!(mask_id_number("110101199003071234"), "1101**********1234");
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn phones_are_checked() {
        assert!(check_phone("13812345678").is_ok());
        assert!(check_phone("+86 138-1234-5678").is_ok());
        assert!(check_phone("(010) 6588 1234").is_ok());
        assert!(check_phone("1234").is_err());
        assert!(check_phone("138x1234567").is_err());
        assert!(check_phone("138+1234567").is_err());
    }

    #[test]
    fn a_bad_number_is_quoted_masked_with_what_is_wrong() {
        assert_eq!(
            check_phone("138x1234567").unwrap_err(),
            "invalid phone \"138****4567\": 'x' (character 4) is not a digit; expected 5 to 20 digits, like 13812345678 or 010-65881234"
        );
        assert_eq!(
            check_phone("1381234567890123456789").unwrap_err(),
            "invalid phone \"138***************6789\" (22 digits): expected 5 to 20 digits, like 13812345678 or 010-65881234"
        );
        assert_eq!(
            check_id_number("11010119900307123-").unwrap_err(),
            "invalid ID number \"1101**********123-\": '-' (character 18) is not a letter or digit; expected 5 to 30 letters and digits"
        );
        let e = "13900001111".parse::<EmergencyContact>().unwrap_err();
        assert!(
            e.contains("\"139****1111\"") && !e.contains("13900001111"),
            "{e}"
        );
    }

    #[test]
    fn emergency_contacts_parse_from_name_phone_relation() {
        let c: EmergencyContact = "李四:13900001111:配偶".parse().unwrap();
        assert_eq!(c.relation.as_deref(), Some("配偶"));
        let c: EmergencyContact = "Li Si：13900001111".parse().unwrap();
        assert_eq!((c.name.as_str(), c.relation), ("Li Si", None));
        assert!("13900001111".parse::<EmergencyContact>().is_err());
    }
}
