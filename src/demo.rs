//! The demo office that `propdesk init --demo` writes: one tower (zh-CN) or one
//! residential estate (en) with owners, tenants and a contractor, so that a new user
//! has something to list, show and check. Built from fixed tables, so it is the same
//! every time but for the allocated party IDs.

use crate::model::history::Entry;
use crate::model::ledger::PayMethod;
use crate::model::locale::Locale;
use crate::model::office::{DeskHours, Profile};
use crate::model::party::{EmergencyContact, Party, PartyKind, Role};
use crate::model::unit::{Area, Unit, UnitStatus, UnitUse};

/// A party of the demo before its ID is allocated.
pub struct DemoParty {
    pub kind: PartyKind,
    pub name: &'static str,
    pub roles: &'static [Role],
    pub contact: Option<&'static str>,
}

const P: PartyKind = PartyKind::Person;
const C: PartyKind = PartyKind::Company;
const OWNER: &[Role] = &[Role::Owner];
const TENANT: &[Role] = &[Role::Tenant];
const OWNER_TENANT: &[Role] = &[Role::Owner, Role::Tenant];
const CONTRACTOR: &[Role] = &[Role::Contractor];

const fn dp(
    kind: PartyKind,
    name: &'static str,
    roles: &'static [Role],
    contact: Option<&'static str>,
) -> DemoParty {
    DemoParty {
        kind,
        name,
        roles,
        contact,
    }
}

/// zh-CN: 远景大厦, an office tower. The developer owns most units.
const TOWER: &[DemoParty] = &[
    dp(C, "北京远景置业有限公司", OWNER, Some("周志刚")),
    dp(P, "王建国", OWNER, None),
    dp(P, "李秀英", OWNER_TENANT, None),
    dp(P, "张伟", OWNER, None),
    dp(P, "陈静", OWNER_TENANT, None),
    dp(C, "北京华远科技有限公司", TENANT, Some("刘洋")),
    dp(C, "中联律师事务所", TENANT, Some("赵敏")),
    dp(C, "京城会计师事务所", TENANT, Some("孙磊")),
    dp(C, "青禾咖啡有限公司", TENANT, Some("周婷")),
    dp(C, "星辰教育科技有限公司", TENANT, Some("吴昊")),
    dp(C, "北方数据服务有限公司", TENANT, Some("郑凯")),
    dp(C, "瑞丰投资咨询有限公司", TENANT, Some("冯雪")),
    dp(C, "云帆广告传媒有限公司", TENANT, Some("何强")),
    dp(C, "鼎信保险代理有限公司", TENANT, Some("马丽")),
    dp(C, "和美口腔诊所", TENANT, Some("高峰")),
    dp(P, "刘畅", TENANT, None),
    dp(C, "北京华装装饰工程有限公司", CONTRACTOR, Some("林海")),
];

/// en: Harbour View Estate, a residential estate.
const ESTATE: &[DemoParty] = &[
    dp(C, "Harbour View Developments Ltd", OWNER, Some("Grace Lee")),
    dp(P, "Alice Wong", OWNER_TENANT, None),
    dp(P, "Benjamin Chan", OWNER, None),
    dp(P, "Chloe Ng", OWNER_TENANT, None),
    dp(P, "Daniel Ho", OWNER, None),
    dp(P, "Emily Lau", TENANT, None),
    dp(P, "Frank Yip", TENANT, None),
    dp(P, "Hannah Cheung", TENANT, None),
    dp(P, "Isaac Tam", TENANT, None),
    dp(P, "Julia Poon", TENANT, None),
    dp(C, "Seaside Dental Clinic", TENANT, Some("Kevin Lam")),
    dp(C, "Brightline Renovation Co", CONTRACTOR, Some("Leo Fung")),
];

/// The demo parties of a locale.
pub fn parties(locale: Locale) -> &'static [DemoParty] {
    match locale {
        Locale::ZhCn => TOWER,
        Locale::En => ESTATE,
    }
}

/// The office name of the demo.
pub fn office_name(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "远景大厦物业服务中心",
        Locale::En => "Harbour View Estate Management Office",
    }
}

/// The demo office's profile (`[office]`): the building, the service centre, its desk
/// and how to pay, so that the demo's notices say where, when and to whom.
pub fn profile(locale: Locale) -> Profile {
    let hours = |s: &str| DeskHours::Open(s.parse().unwrap_or_default());
    let s = str::to_string;
    match locale {
        Locale::ZhCn => Profile {
            building: s("远景大厦"),
            service_centre: s("远景大厦物业服务中心"),
            address: s("北京市朝阳区建国路88号远景大厦一层大堂东侧"),
            phone: s("010-6588 1234"),
            weekday_hours: hours("08:30-18:00"),
            weekend_hours: hours("09:00-17:00"),
            payee: s("北京远景物业管理有限公司"),
            bank: s("中国工商银行北京国贸支行"),
            account: s("0200 0417 0920 0123 456"),
            methods: vec![
                PayMethod::Transfer,
                PayMethod::Cash,
                PayMethod::Card,
                PayMethod::Cheque,
            ],
            ..Profile::default()
        },
        Locale::En => Profile {
            building: s("Harbour View Estate"),
            service_centre: s("Harbour View Estate Management Office"),
            address: s("G/F, Block 1, Harbour View Estate, 88 Harbour Road, Hong Kong"),
            phone: s("2888 1234"),
            weekday_hours: hours("09:00-19:00"),
            weekend_hours: hours("09:00-13:00"),
            payee: s("Harbour View Property Management Limited"),
            bank: s("Hang Seng Bank, Quarry Bay Branch"),
            account: s("024-388-123456-001"),
            methods: vec![PayMethod::Cheque, PayMethod::Transfer, PayMethod::Cash],
            ..Profile::default()
        },
    }
}

/// Builds the parties with their IDs (same order as [`parties`]).
pub fn build_parties(locale: Locale, ids: &[String], stamp: &Entry) -> Vec<Party> {
    parties(locale)
        .iter()
        .zip(ids)
        .enumerate()
        .map(|(i, (d, id))| {
            let n = i as u32 + 1;
            let person = d.kind == PartyKind::Person;
            let emergency = if person {
                let (name, relation) = match locale {
                    Locale::ZhCn => ("家属", "配偶"),
                    Locale::En => ("Next of kin", "spouse"),
                };
                vec![EmergencyContact {
                    name: name.to_string(),
                    phone: format!("1391000{n:04}"),
                    relation: Some(relation.to_string()),
                }]
            } else {
                vec![]
            };
            Party {
                id: id.clone(),
                kind: d.kind,
                name: d.name.to_string(),
                roles: d.roles.to_vec(),
                phones: vec![format!("1380010{n:04}")],
                id_number: Some(if person {
                    format!(
                        "1101051980{:02}{:02}{:04}",
                        (n % 12) + 1,
                        (n % 28) + 1,
                        1000 + n
                    )
                } else {
                    format!("91110105MA01{n:04}X{}", n % 10)
                }),
                contact: d.contact.map(str::to_string),
                emergency_contacts: emergency,
                language: None,
                note: None,
                history: vec![stamp.clone()],
            }
        })
        .collect()
}

/// The demo units, owned and occupied by the parties built above.
pub fn build_units(locale: Locale, parties: &[Party], stamp: &Entry) -> Vec<Unit> {
    let tenants: Vec<String> = parties
        .iter()
        .filter(|p| p.roles == [Role::Tenant])
        .map(|p| p.id.clone())
        .collect();
    let developer = parties[0].id.clone();
    let individuals: Vec<&Party> = parties
        .iter()
        .filter(|p| p.kind == PartyKind::Person && p.has_role(Role::Owner))
        .collect();
    let mut units = Vec::new();
    let mut add = |id: String, building: &str, floor: i32, area: i64, usage: UnitUse| {
        let i = units.len();
        // Every fifth unit belongs to an individual owner, who lives in it when they
        // are also a tenant; most others are let, a few are vacant, one is renovated.
        let (owner, occupant, status) = if i % 5 == 2 {
            let o = individuals[(i / 5) % individuals.len()];
            let lives_there = o.has_role(Role::Tenant);
            (
                o.id.clone(),
                lives_there.then(|| o.id.clone()),
                if lives_there {
                    UnitStatus::Occupied
                } else {
                    UnitStatus::Vacant
                },
            )
        } else if i % 7 == 3 {
            (developer.clone(), None, UnitStatus::Vacant)
        } else if i == 9 {
            (developer.clone(), None, UnitStatus::Renovating)
        } else {
            (
                developer.clone(),
                Some(tenants[i % tenants.len()].clone()),
                UnitStatus::Occupied,
            )
        };
        units.push(Unit {
            id,
            building: building.to_string(),
            floor,
            area: Area::from_hundredths(area),
            usage,
            owner: Some(owner),
            occupant,
            status,
            fees_from: None,
            fees_until: None,
            note: None,
            history: vec![stamp.clone()],
        });
    };
    match locale {
        Locale::ZhCn => {
            for n in 1..=4 {
                add(
                    format!("A-1{n:02}"),
                    "A",
                    1,
                    8_000 + n * 1_725,
                    UnitUse::Shop,
                );
            }
            for floor in 2..=12 {
                for n in 1..=4 {
                    add(
                        format!("A-{floor}{n:02}"),
                        "A",
                        floor as i32,
                        12_000 + (floor * 4 + n) * 331 % 14_000,
                        UnitUse::Office,
                    );
                }
            }
            for n in 1..=6 {
                add(format!("A-B1{n:02}"), "A", -1, 1_250, UnitUse::Parking);
            }
        }
        Locale::En => {
            for building in ["H1", "H2"] {
                for floor in 1..=5 {
                    for n in 1..=4 {
                        add(
                            format!("{building}-{floor}{n:02}"),
                            building,
                            floor as i32,
                            6_500 + (floor * 4 + n) * 173 % 5_000,
                            UnitUse::Home,
                        );
                    }
                }
            }
            add("H1-G01".to_string(), "H1", 0, 9_000, UnitUse::Shop);
            for n in 1..=4 {
                add(format!("P-B1{n:02}"), "P", -1, 1_250, UnitUse::Parking);
            }
        }
    }
    units
}
