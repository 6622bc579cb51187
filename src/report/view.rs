//! The report in words: sections of labelled rows in the locale, the same for the
//! table, the CSV and the HTML page. Keys are stable (`billing.collection_rate`);
//! labels follow the locale.

use serde_json::Value;

use crate::model::ledger::ChargeItem;
use crate::model::locale::Locale;
use crate::model::money::Money;
use crate::model::unit::UnitUse;
use crate::procedure::permit::Kind as PermitKind;
use crate::procedure::ticket::Kind as TicketKind;
use crate::procedure::ticket::figures::{Rate, Target};

use super::{Report, Share};

/// A section of the report: `tickets`, `billing`, `arrears`, `permits`, `moves`,
/// `occupancy`.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub key: &'static str,
    pub title: &'static str,
    pub rows: Vec<Row>,
}

/// A figure: its key within the section, its label, its value for scripts, its words
/// for people, and the target it is held against (empty if none).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub value: Value,
    pub shown: String,
    pub target: String,
    /// Whether the target was met, when there is one.
    pub met: Option<bool>,
}

fn pick(l: Locale, zh: &'static str, en: &'static str) -> &'static str {
    match l {
        Locale::ZhCn => zh,
        Locale::En => en,
    }
}

/// Tenths of a percent as `66.7%`, or `-` for nothing counted.
pub fn percent(permille: Option<u32>) -> String {
    match permille {
        Some(p) => format!("{}.{}%", p / 10, p % 10),
        None => "-".to_string(),
    }
}

/// A share of money as `95.2%`.
pub fn share(s: Share) -> String {
    percent(s.permille)
}

/// A rate as `66.7% (4/6)`, or `-`.
pub fn rate(r: Rate) -> String {
    r.to_string()
}

/// The page's heading: `远景大厦物业服务中心 2026年11月 月度报告`.
pub fn title(r: &Report, l: Locale) -> String {
    let (y, m) = r.month.split_once('-').unwrap_or((&r.month, ""));
    match l {
        Locale::ZhCn => format!("{y}年{}月 月度报告", m.trim_start_matches('0')),
        Locale::En => format!("Monthly report {}", r.month),
    }
}

/// The day counted to, in words.
pub fn counted_to(r: &Report, l: Locale) -> String {
    match (l, r.complete) {
        (Locale::ZhCn, true) => format!("统计期间：{} 至 {}", r.from, r.through),
        (Locale::ZhCn, false) => format!("统计期间：{} 至 {}（本月尚未结束）", r.from, r.through),
        (Locale::En, true) => format!("From {} to {}", r.from, r.through),
        (Locale::En, false) => format!("From {} to {} (the month is not over)", r.from, r.through),
    }
}

struct Rows {
    l: Locale,
    rows: Vec<Row>,
}

impl Rows {
    fn new(l: Locale) -> Rows {
        Rows {
            l,
            rows: Vec::new(),
        }
    }

    fn push(
        &mut self,
        key: impl Into<String>,
        label: impl Into<String>,
        value: Value,
        shown: String,
    ) {
        self.rows.push(Row {
            key: key.into(),
            label: label.into(),
            value,
            shown,
            target: String::new(),
            met: None,
        });
    }

    fn count(&mut self, key: &str, zh: &'static str, en: &'static str, n: u32) {
        self.push(key, pick(self.l, zh, en), n.into(), n.to_string());
    }

    fn money(&mut self, key: &str, zh: &'static str, en: &'static str, m: Money) {
        self.push(key, pick(self.l, zh, en), m.to_string().into(), m.grouped());
    }

    fn rate(&mut self, key: &str, zh: &'static str, en: &'static str, r: Rate) {
        self.push(key, pick(self.l, zh, en), rate(r).into(), rate(r));
    }

    fn target(&mut self, key: &str, t: &Target) {
        let l = self.l;
        self.rows.push(Row {
            key: key.to_string(),
            label: pick(l, t.zh, t.name).to_string(),
            value: rate(t.actual).into(),
            shown: rate(t.actual),
            target: format!(
                "{} {}% {}",
                pick(l, "目标", "target"),
                t.target_percent,
                match t.met {
                    true => pick(l, "达标", "met"),
                    false => pick(l, "未达标", "missed"),
                }
            ),
            met: Some(t.met),
        });
    }
}

/// The sections of the report, in order.
pub fn sections(r: &Report, l: Locale) -> Vec<Section> {
    vec![
        Section {
            key: "tickets",
            title: pick(
                l,
                "工单：报修、投诉、特约服务",
                "Tickets: repairs, complaints, services",
            ),
            rows: tickets(r, l),
        },
        Section {
            key: "billing",
            title: pick(l, "收费与收缴", "Billing and collection"),
            rows: billing(r, l),
        },
        Section {
            key: "arrears",
            title: pick(l, "欠费账龄（期末）", "Arrears aging (at the end)"),
            rows: arrears(r, l),
        },
        Section {
            key: "permits",
            title: pick(l, "装修许可与证件", "Permits and passes"),
            rows: permits(r, l),
        },
        Section {
            key: "moves",
            title: pick(l, "入驻与退租", "Move-ins and move-outs"),
            rows: moves(r, l),
        },
        Section {
            key: "occupancy",
            title: pick(l, "出租率（期末）", "Occupancy (at the end)"),
            rows: occupancy(r, l),
        },
    ]
}

fn tickets(r: &Report, l: Locale) -> Vec<Row> {
    let t = &r.tickets;
    let mut rows = Rows::new(l);
    rows.count("tickets", "工单总数", "tickets", t.tickets);
    for k in TicketKind::ALL {
        let n = t.by_kind.get(k.as_str()).copied().unwrap_or(0);
        rows.push(
            format!("kind:{}", k.as_str()),
            format!("{} {}", pick(l, "其中", "of which"), k.label(l)),
            n.into(),
            n.to_string(),
        );
    }
    rows.rate(
        "response_on_time",
        "到场及时率",
        "response on time",
        t.response_on_time,
    );
    rows.rate(
        "completion_on_time",
        "完工按时率",
        "completion on time",
        t.completion_on_time,
    );
    for target in &t.targets {
        rows.target(&target.name.replace(' ', "_"), target);
    }
    rows.count("complaints", "投诉", "complaints", t.complaints);
    rows.count(
        "valid_complaints",
        "有效投诉",
        "valid complaints",
        t.valid_complaints,
    );
    rows.rate(
        "complaint_replies_on_time",
        "投诉答复及时率",
        "complaint replies on time",
        t.complaint_replies_on_time,
    );
    rows.count(
        "repeat_complaints",
        "二次投诉",
        "repeat complaints",
        t.repeat_complaints,
    );
    rows.money(
        "repair_revenue",
        "有偿维修收入",
        "chargeable repair revenue",
        t.repair_revenue,
    );
    rows.money(
        "special_service_revenue",
        "特约服务收入",
        "special-service revenue",
        t.special_service_revenue,
    );
    rows.rows
}

fn billing(r: &Report, l: Locale) -> Vec<Row> {
    let b = &r.billing;
    let mut rows = Rows::new(l);
    rows.money("billed", "本月计费", "billed in the month", b.billed);
    for item in ChargeItem::ALL {
        if let Some(m) = b.billed_by_item.get(item.as_str()) {
            rows.push(
                format!("billed:{}", item.as_str()),
                format!("{} {}", pick(l, "其中", "of which"), item.words(l)),
                m.to_string().into(),
                m.grouped(),
            );
        }
    }
    rows.money(
        "late_fees",
        "滞纳金（本月计收）",
        "late fees posted",
        b.late_fees,
    );
    rows.push(
        "payments",
        pick(l, "本月收款", "payments received"),
        b.payments.to_string().into(),
        match l {
            Locale::ZhCn => format!("{}（{}笔）", b.payments.grouped(), b.payment_count),
            Locale::En => format!("{} ({})", b.payments.grouped(), b.payment_count),
        },
    );
    rows.money("waived", "减免", "waived", b.waived);
    rows.money("credited", "冲减", "credited", b.credited);
    let c = &b.collection;
    rows.money("collection_due", "本月到期应收", "due in the month", c.due);
    rows.money(
        "collection_collected",
        "其中已收",
        "of which collected",
        c.collected,
    );
    rows.money(
        "collection_outstanding",
        "其中未收",
        "of which outstanding",
        c.outstanding,
    );
    rows.push(
        "collection_rate",
        pick(l, "收缴率", "collection rate"),
        share(c.rate).into(),
        share(c.rate),
    );
    rows.rows
}

/// The aging buckets' labels, as `dunning aging` heads its columns.
pub fn bucket_labels(l: Locale) -> [&'static str; 4] {
    match l {
        Locale::ZhCn => ["0-30天", "31-60天", "61-90天", "90天以上"],
        Locale::En => ["0-30 days", "31-60 days", "61-90 days", "Over 90 days"],
    }
}

fn arrears(r: &Report, l: Locale) -> Vec<Row> {
    let a = &r.billing.arrears;
    let mut rows = Rows::new(l);
    let keys = ["days_0_30", "days_31_60", "days_61_90", "days_over_90"];
    for ((key, label), m) in keys.iter().zip(bucket_labels(l)).zip(a.buckets()) {
        rows.push(*key, label, m.to_string().into(), m.grouped());
    }
    rows.money("total", "欠费合计", "total overdue", a.total);
    rows.count("units", "欠费单元", "units in arrears", a.units);
    rows.count(
        "dunning_open",
        "催缴中单元",
        "units in dunning",
        r.billing.dunning_open,
    );
    rows.rows
}

fn permits(r: &Report, l: Locale) -> Vec<Row> {
    let p = &r.permits;
    let mut rows = Rows::new(l);
    for k in PermitKind::ALL {
        let n = p.applied(k);
        rows.push(
            format!("applied:{}", k.as_str()),
            match l {
                Locale::ZhCn => format!("申请 {}", k.zh()),
                Locale::En => format!("applied {}", k.as_str()),
            },
            n.into(),
            n.to_string(),
        );
    }
    rows.count("issued", "本月签发", "issued", p.issued);
    rows.count("active", "月末有效", "active at month end", p.active);
    rows.count(
        "passes_issued",
        "出入证发放",
        "worker passes issued",
        p.passes_issued,
    );
    rows.count(
        "passes_returned",
        "出入证退回",
        "worker passes returned",
        p.passes_returned,
    );
    rows.count(
        "passes_lost",
        "出入证遗失",
        "worker passes lost",
        p.passes_lost,
    );
    rows.count(
        "cards_issued",
        "门禁卡发放",
        "access cards issued",
        p.cards_issued,
    );
    rows.count(
        "cards_returned",
        "门禁卡退回",
        "access cards returned",
        p.cards_returned,
    );
    rows.count("violations", "违章", "violations", p.violations);
    rows.count("rectified", "整改完成", "rectified", p.rectified);
    rows.money("fines", "罚款", "fines", p.fines);
    rows.rows
}

/// A count with its units named, the first few only (the JSON has them all).
fn with_units(n: u32, units: &[String], l: Locale) -> String {
    const SHOWN: usize = 4;
    if units.is_empty() {
        return n.to_string();
    }
    let mut named = units.iter().take(SHOWN).cloned().collect::<Vec<_>>();
    let more = units.len().saturating_sub(SHOWN);
    match l {
        Locale::ZhCn => {
            if more > 0 {
                named.push(format!("等{}个", units.len()));
            }
            format!("{n}（{}）", named.join("、"))
        }
        Locale::En => {
            if more > 0 {
                named.push(format!("{more} more"));
            }
            format!("{n} ({})", named.join(", "))
        }
    }
}

fn moves(r: &Report, l: Locale) -> Vec<Row> {
    let (i, o) = (&r.moveins, &r.moveouts);
    let mut rows = Rows::new(l);
    rows.count("moveins_opened", "入驻受理", "move-ins opened", i.opened);
    rows.push(
        "moveins_completed",
        pick(l, "入驻完成", "move-ins completed"),
        i.completed.into(),
        with_units(i.completed, &i.completed_units, l),
    );
    rows.count(
        "moveins_in_progress",
        "入驻办理中（期末）",
        "move-ins in progress at the end",
        i.in_progress,
    );
    rows.count(
        "moveouts_notices",
        "退租通知",
        "move-out notices",
        o.notices,
    );
    rows.push(
        "moveouts_completed",
        pick(l, "退租完成", "move-outs completed"),
        o.completed.into(),
        with_units(o.completed, &o.completed_units, l),
    );
    rows.count(
        "moveouts_in_progress",
        "退租办理中（期末）",
        "move-outs in progress at the end",
        o.in_progress,
    );
    let counted = |n: u32, m: Money| match l {
        Locale::ZhCn => format!("{n}笔 {}", m.grouped()),
        Locale::En => format!("{n}: {}", m.grouped()),
    };
    rows.push(
        "refunds_paid",
        pick(l, "押金退款", "refunds paid"),
        o.refunded.to_string().into(),
        counted(o.refunds_paid, o.refunded),
    );
    rows.push(
        "refunds_due",
        pick(l, "待退款（期末）", "refunds due at the end"),
        o.refunds_due_amount.to_string().into(),
        counted(o.refunds_due, o.refunds_due_amount),
    );
    rows.rows
}

fn occupancy(r: &Report, l: Locale) -> Vec<Row> {
    let o = &r.occupancy;
    let mut rows = Rows::new(l);
    rows.rate("occupancy", "出租率", "occupancy", o.rate);
    for u in &o.by_use {
        let label = u
            .usage
            .parse::<UnitUse>()
            .map_or(u.usage.clone(), |x| x.label(l).to_string());
        rows.push(
            format!("occupancy:{}", u.usage),
            format!("{} {label}", pick(l, "其中", "of which")),
            rate(u.rate).into(),
            rate(u.rate),
        );
    }
    rows.rows
}

/// The headline figures of the page: label and value.
pub fn headline(r: &Report, l: Locale) -> Vec<(String, String)> {
    let t = &r.tickets;
    let target = |name: &str| {
        t.targets
            .iter()
            .find(|x| x.name == name)
            .map_or_else(|| "-".to_string(), |x| percent(x.actual.permille()))
    };
    vec![
        (
            pick(l, "报修", "Repairs").to_string(),
            t.by_kind.get("repair").copied().unwrap_or(0).to_string(),
        ),
        (
            pick(l, "完工按时率", "On time").to_string(),
            percent(t.completion_on_time.permille()),
        ),
        (
            pick(l, "回访率", "Callbacks").to_string(),
            target("callback rate"),
        ),
        (
            pick(l, "满意率", "Satisfaction").to_string(),
            target("satisfaction"),
        ),
        (
            pick(l, "投诉", "Complaints").to_string(),
            t.complaints.to_string(),
        ),
        (
            pick(l, "收缴率", "Collection").to_string(),
            share(r.billing.collection.rate),
        ),
        (
            pick(l, "出租率", "Occupancy").to_string(),
            percent(r.occupancy.rate.permille()),
        ),
    ]
}
