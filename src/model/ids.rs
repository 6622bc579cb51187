//! Record IDs: short enough to read over the phone, sortable by date, unique across
//! desks that merge through git, and safe to use as a file name.
//!
//! An allocated ID is a kind prefix, the office-local date and six random Crockford
//! base32 characters: `T-20261123-JZ9XGK`. Allocation reads nothing: the store
//! publishes the new file with an exclusive create and, on the rare collision, asks for
//! another ID. Six characters give about a billion IDs per kind and day, so two desks
//! that never talk still almost never collide; when they do, git reports the add/add
//! conflict and `check` reports the duplicate. People may type any unique part of an ID
//! (`JZ9XGK`, `jz9x`); [`resolve`] finds the one record it names.
//!
//! Units are the exception: their ID is the office's own unit number (`A-1203`).

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};

use chrono::NaiveDate;

/// The kinds of record that get allocated IDs, with their prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Party,
    MoveIn,
    Ticket,
    Permit,
    MoveOut,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Party => "P",
            IdKind::MoveIn => "MI",
            IdKind::Ticket => "T",
            IdKind::Permit => "PM",
            IdKind::MoveOut => "MO",
        }
    }
}

/// Crockford's base32 alphabet: no I, L, O or U, so IDs read aloud without confusion.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_CHARS: usize = 6;
const MAX_ID_LEN: usize = 40;

/// A small random source: OS-seeded, or pinned by the caller (`PROPDESK_SEED`) so that
/// tests and replays allocate the same IDs.
#[derive(Debug, Clone)]
pub struct IdRng(u64);

impl IdRng {
    pub fn from_os() -> IdRng {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(u64::from(std::process::id()));
        IdRng(h.finish())
    }

    pub fn seeded(seed: u64) -> IdRng {
        IdRng(seed)
    }

    /// splitmix64: tiny, fast and well distributed; not for secrets, only for IDs.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A new ID of `kind` for the office-local `date`.
pub fn allocate(kind: IdKind, date: NaiveDate, rng: &mut IdRng) -> String {
    let random = random_chars(rng, RANDOM_CHARS);
    format!("{}-{}-{random}", kind.prefix(), date.format("%Y%m%d"))
}

/// `n` (at most 12) random Crockford base32 characters.
pub fn random_chars(rng: &mut IdRng, n: usize) -> String {
    let mut bits = rng.next_u64();
    let mut random = String::with_capacity(n);
    for _ in 0..n.min(12) {
        random.push(char::from(CROCKFORD[(bits & 31) as usize]));
        bits >>= 5;
    }
    random
}

/// Whether `s` is Crockford base32 characters only, upper-case.
pub fn is_crockford(s: &str) -> bool {
    s.bytes().all(|b| CROCKFORD.contains(&b))
}

/// The date inside an allocated ID, which places the record in its `YYYY/MM` folder.
pub fn date_of(id: &str) -> Option<NaiveDate> {
    let mut parts = id.split('-');
    let _prefix = parts.next()?;
    let date = parts.next()?;
    if date.len() != 8 {
        return None;
    }
    NaiveDate::parse_from_str(date, "%Y%m%d").ok()
}

/// Why a text cannot be an ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid ID {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for IdError {}

/// Checks that `id` is safe as a file name: ASCII letters, digits and single dashes,
/// at most 40 characters. This is what stops `../x` or `a/b` reaching the store.
pub fn validate(id: &str) -> Result<(), IdError> {
    let err = |reason: &str| IdError {
        input: id.to_string(),
        reason: reason.to_string(),
    };
    if id.is_empty() {
        return Err(err("it is empty"));
    }
    if id.len() > MAX_ID_LEN {
        return Err(err("longer than 40 characters"));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(err(&format!(
            "{c:?} is not allowed (use letters, digits and dashes, like A-1203)"
        )));
    }
    if id.starts_with('-') || id.ends_with('-') || id.contains("--") {
        return Err(err("dashes must sit between letters or digits"));
    }
    Ok(())
}

/// Normalises a unit number as typed (`a-1203`) to the stored form (`A-1203`).
pub fn normalize_unit(input: &str) -> Result<String, IdError> {
    let id = input.trim().to_ascii_uppercase();
    validate(&id)?;
    Ok(id)
}

/// The result of looking up a typed ID among the existing ones.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved<'a> {
    One(&'a str),
    None,
    Many(Vec<&'a str>),
}

/// Finds the one ID among `existing` that `typed` names: an exact match (ignoring
/// case), else the IDs containing it. Crockford look-alikes are folded (O→0, I/L→1),
/// so `jz9xgk` and `JZ9XGK` name the same ticket.
pub fn resolve<'a, I>(typed: &str, existing: I) -> Resolved<'a>
where
    I: IntoIterator<Item = &'a str>,
{
    let want = fold(typed);
    if want.is_empty() {
        return Resolved::None;
    }
    let mut hits = Vec::new();
    for id in existing {
        let have = fold(id);
        if have == want {
            return Resolved::One(id);
        }
        if have.contains(&want) {
            hits.push(id);
        }
    }
    match hits.len() {
        0 => Resolved::None,
        1 => Resolved::One(hits[0]),
        _ => {
            hits.sort_unstable();
            Resolved::Many(hits)
        }
    }
}

/// Orders IDs as people read them: `A-201` before `A-1001` (runs of digits compare
/// as numbers).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = x.iter().take_while(|b| b.is_ascii_digit()).count();
                let m = y.iter().take_while(|b| b.is_ascii_digit()).count();
                let (p, q) = (trim_zeros(&x[..n]), trim_zeros(&y[..m]));
                let ord = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if ord.is_ne() {
                    return ord;
                }
                x = &x[n..];
                y = &y[m..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let z = d.iter().take_while(|&&b| b == b'0').count();
    &d[z..]
}

fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn allocated_ids_carry_kind_date_and_six_crockford_chars() {
        let mut rng = IdRng::seeded(7);
        let id = allocate(IdKind::Ticket, day(), &mut rng);
        assert!(id.starts_with("T-20261123-"), "{id}");
        let random = &id["T-20261123-".len()..];
        assert_eq!(random.len(), 6);
        assert!(random.bytes().all(|b| CROCKFORD.contains(&b)));
        assert_eq!(date_of(&id), Some(day()));
        assert!(validate(&id).is_ok());
    }

    #[test]
    fn a_pinned_seed_allocates_the_same_ids_and_the_os_seed_differs() {
        let a = allocate(IdKind::Party, day(), &mut IdRng::seeded(42));
        let b = allocate(IdKind::Party, day(), &mut IdRng::seeded(42));
        assert_eq!(a, b);
        let mut os = IdRng::from_os();
        let many: std::collections::HashSet<_> = (0..1000)
            .map(|_| allocate(IdKind::Party, day(), &mut os))
            .collect();
        assert_eq!(many.len(), 1000);
    }

    #[test]
    fn ids_sort_by_date() {
        let mut rng = IdRng::seeded(1);
        let older = allocate(
            IdKind::Ticket,
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            &mut rng,
        );
        let newer = allocate(
            IdKind::Ticket,
            NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            &mut rng,
        );
        assert!(older < newer);
    }

    #[test]
    fn path_tricks_are_not_ids() {
        for bad in [
            "../etc",
            "a/b",
            "A-1203/..",
            "",
            "-A",
            "A-",
            "A--1",
            "a b",
            "单元",
            "x\0y",
        ] {
            assert!(validate(bad).is_err(), "{bad:?}");
        }
        assert!(validate(&"A".repeat(41)).is_err());
        assert_eq!(normalize_unit(" a-1203 "), Ok("A-1203".to_string()));
    }

    #[test]
    fn unit_numbers_sort_as_people_read_them() {
        let mut v = vec!["A-1001", "A-B101", "A-201", "A-101", "B-101", "A-0101"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["A-0101", "A-101", "A-201", "A-1001", "A-B101", "B-101"]);
    }

    #[test]
    fn a_unique_part_names_one_id() {
        let ids = [
            "T-20261123-JZ9XGK",
            "T-20261123-AB0CDE",
            "T-20261124-AB0CDF",
        ];
        assert_eq!(resolve("jz9x", ids), Resolved::One("T-20261123-JZ9XGK"));
        assert_eq!(resolve("AB0CDE", ids), Resolved::One("T-20261123-AB0CDE"));
        assert_eq!(resolve("abocde", ids), Resolved::One("T-20261123-AB0CDE"));
        assert_eq!(
            resolve("AB0CD", ids),
            Resolved::Many(vec!["T-20261123-AB0CDE", "T-20261124-AB0CDF"])
        );
        assert_eq!(resolve("ZZZZ", ids), Resolved::None);
        assert_eq!(resolve("  ", ids), Resolved::None);
    }
}
