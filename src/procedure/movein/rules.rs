//! The move-in rules of `office.toml` (`[movein]`): the documents and handouts of the
//! checklist, the meters and facilities of the joint inspection by the unit's use, the
//! one-off charges and the deposits held before the keys, the days to fix a defect and
//! to make the welcome visit, with the manuals' values as defaults. And the words of the
//! checklist codes ([`words`]).

use serde::{Deserialize, Serialize};

use crate::model::ledger::{ChargeItem, DepositKind};
use crate::model::money::Money;
use crate::model::unit::UnitUse;

/// The move-in rules of `office.toml` (`[movein]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoveInRules {
    /// Step 1: documents from a person (入驻通知书, 租赁合同, 身份证复印件, 押金票据).
    pub documents_person: Vec<String>,
    /// Step 1: documents from a company (营业执照复印件 instead of the ID card).
    pub documents_company: Vec<String>,
    /// Step 1: added when an agent collects the keys (委托书).
    pub documents_agent: Vec<String>,
    /// Step 3: handouts signed for (文件签收单).
    pub handouts: Vec<String>,
    /// Step 8: the welcome visit falls due this many days after completion (3日内上门走访).
    pub welcome_visit_days: u32,
    /// Step 4: a defect found at the joint inspection is to be fixed within this many
    /// days (整改限期).
    pub defect_fix_days: u32,
    /// Step 4: the meters read at the joint inspection, by the unit's use.
    pub meters: ByUse<Meter>,
    /// Step 4: the facility checklist (租赁单元设备验收单), by the unit's use.
    pub facilities: ByUse<String>,
    /// Step 5: one-off charges at move-in (card and key fees), besides the first
    /// period's fees from `[billing]`.
    pub charges: Vec<MoveInCharge>,
    /// Step 5: deposits that must be held before the keys are handed over.
    pub deposits: Vec<RequiredDeposit>,
}

/// A list per unit use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ByUse<T> {
    pub office: Vec<T>,
    pub shop: Vec<T>,
    pub home: Vec<T>,
    pub parking: Vec<T>,
}

impl<T> Default for ByUse<T> {
    fn default() -> Self {
        ByUse {
            office: Vec::new(),
            shop: Vec::new(),
            home: Vec::new(),
            parking: Vec::new(),
        }
    }
}

impl<T> ByUse<T> {
    pub fn get(&self, usage: UnitUse) -> &[T] {
        match usage {
            UnitUse::Office => &self.office,
            UnitUse::Shop => &self.shop,
            UnitUse::Home => &self.home,
            UnitUse::Parking => &self.parking,
        }
    }
}

/// A utility meter (抄表).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Meter {
    Electricity,
    Water,
    Gas,
}

impl Meter {
    pub const ALL: [Meter; 3] = [Meter::Electricity, Meter::Water, Meter::Gas];
    pub fn as_str(self) -> &'static str {
        match self {
            Meter::Electricity => "electricity",
            Meter::Water => "water",
            Meter::Gas => "gas",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Meter::Electricity => "电表",
            Meter::Water => "水表",
            Meter::Gas => "燃气表",
        }
    }
}

named_enum!(Meter, "meter");

/// A one-off move-in charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveInCharge {
    pub item: ChargeItem,
    pub amount: Money,
    /// What the payment notice says: 门禁卡工本费（2张）.
    pub text: String,
}

/// A deposit required at move-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredDeposit {
    pub kind: DepositKind,
    pub amount: Money,
}

impl MoveInRules {
    /// What is wrong with the rules, if anything.
    pub fn problem(&self) -> Option<String> {
        for (i, c) in self.charges.iter().enumerate() {
            if c.amount.minor() <= 0 {
                return Some(format!("charges {}: the amount must be more than 0", i + 1));
            }
            if c.item == ChargeItem::LateFee {
                return Some(format!(
                    "charges {}: late fees are not a move-in charge",
                    i + 1
                ));
            }
            if c.text.trim().is_empty() {
                return Some(format!("charges {}: the text is empty", i + 1));
            }
        }
        for (i, d) in self.deposits.iter().enumerate() {
            if d.amount.minor() <= 0 {
                return Some(format!(
                    "deposits {}: the amount must be more than 0",
                    i + 1
                ));
            }
            if self.deposits[..i].iter().any(|e| e.kind == d.kind) {
                return Some(format!("deposits {}: {} is listed twice", i + 1, d.kind));
            }
        }
        for (what, list) in [
            ("documents_person", &self.documents_person),
            ("documents_company", &self.documents_company),
            ("documents_agent", &self.documents_agent),
            ("handouts", &self.handouts),
        ] {
            if list.iter().any(|x| crate::model::ids::validate(x).is_err()) {
                return Some(format!(
                    "{what}: items are codes of letters, digits and dashes, like \"lease-copy\""
                ));
            }
        }
        None
    }
}

/// A checklist code in the locale's words (租赁合同复印件); unknown codes as they are.
pub fn words(code: &str, locale: crate::model::locale::Locale) -> String {
    if locale == crate::model::locale::Locale::En {
        return code.replace('-', " ");
    }
    match code {
        "movein-notice" => "入驻通知书",
        "lease-copy" => "租赁合同复印件",
        "id-card-copy" => "身份证复印件",
        "business-licence-copy" => "营业执照复印件",
        "deposit-receipt" => "押金票据",
        "authorisation-letter" => "授权委托书",
        "tenant-handbook" => "客户手册",
        "renovation-rules" => "装修守则",
        "safety-handbook" => "安全手册",
        "fire-responsibility-agreement" => "防火责任书",
        "access-card-form" => "门禁卡登记表",
        "door-and-lock" => "门及门锁",
        "windows" => "门窗玻璃",
        "lights" => "照明灯具",
        "sockets" => "电源插座",
        "air-conditioning" => "空调",
        "sprinklers" => "喷淋头",
        "smoke-detectors" => "烟感",
        "floor" => "地面",
        "walls" => "墙面",
        "ceiling" => "天花",
        "water-taps" => "水龙头",
        "toilet" => "洁具",
        "water-heater" => "热水器",
        "intercom" => "对讲机",
        "shutter" => "卷闸门",
        "gas-valve" => "燃气阀",
        "barrier" => "车位挡杆",
        "markings" => "车位标线",
        other => other,
    }
    .to_string()
}

impl Default for MoveInRules {
    fn default() -> Self {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        MoveInRules {
            documents_person: s(&[
                "movein-notice",
                "lease-copy",
                "id-card-copy",
                "deposit-receipt",
            ]),
            documents_company: s(&[
                "movein-notice",
                "lease-copy",
                "business-licence-copy",
                "deposit-receipt",
            ]),
            documents_agent: s(&["authorisation-letter"]),
            handouts: s(&[
                "tenant-handbook",
                "renovation-rules",
                "safety-handbook",
                "fire-responsibility-agreement",
                "access-card-form",
            ]),
            welcome_visit_days: 3,
            defect_fix_days: 7,
            meters: ByUse {
                office: vec![Meter::Electricity, Meter::Water],
                shop: vec![Meter::Electricity, Meter::Water, Meter::Gas],
                home: vec![Meter::Electricity, Meter::Water, Meter::Gas],
                parking: Vec::new(),
            },
            facilities: ByUse {
                office: s(&[
                    "door-and-lock",
                    "windows",
                    "lights",
                    "sockets",
                    "air-conditioning",
                    "sprinklers",
                    "smoke-detectors",
                    "floor",
                    "walls",
                    "ceiling",
                ]),
                shop: s(&[
                    "door-and-lock",
                    "shutter",
                    "lights",
                    "sockets",
                    "air-conditioning",
                    "sprinklers",
                    "smoke-detectors",
                    "gas-valve",
                    "floor",
                    "walls",
                    "ceiling",
                ]),
                home: s(&[
                    "door-and-lock",
                    "windows",
                    "lights",
                    "sockets",
                    "water-taps",
                    "toilet",
                    "water-heater",
                    "gas-valve",
                    "intercom",
                    "smoke-detectors",
                    "floor",
                    "walls",
                    "ceiling",
                ]),
                parking: s(&["barrier", "markings", "lights"]),
            },
            charges: Vec::new(),
            deposits: Vec::new(),
        }
    }
}
