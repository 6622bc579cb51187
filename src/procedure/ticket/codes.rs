//! The ticket's codes, as the record stores them and the desk types them (in English
//! or in Chinese): what a ticket is, how it came in, how urgent, which completion
//! standard, where it stands, how a callback was made, who signed.

use serde::{Deserialize, Serialize};

/// What a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A repair: the work order (工程派工单).
    Repair,
    /// A complaint (投诉).
    Complaint,
    /// A suggestion or an inquiry (建议、咨询).
    Inquiry,
    /// A paid service outside the contract (特约服务).
    SpecialService,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Repair,
        Kind::Complaint,
        Kind::Inquiry,
        Kind::SpecialService,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Repair => "repair",
            Kind::Complaint => "complaint",
            Kind::Inquiry => "inquiry",
            Kind::SpecialService => "special-service",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Repair => "报修",
            Kind::Complaint => "投诉",
            Kind::Inquiry => "咨询建议",
            Kind::SpecialService => "特约服务",
        }
    }
    /// Repairs and special services are worked by engineering: dispatched, on site,
    /// done, returned, called back.
    pub fn is_work(self) -> bool {
        matches!(self, Kind::Repair | Kind::SpecialService)
    }
}

named_enum!(Kind, "ticket kind");

/// How the ticket came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Visit,
    Letter,
    /// Found by a staff patrol (巡楼发现).
    Patrol,
    /// An internal request.
    Internal,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Visit,
        Channel::Letter,
        Channel::Patrol,
        Channel::Internal,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Visit => "visit",
            Channel::Letter => "letter",
            Channel::Patrol => "patrol",
            Channel::Internal => "internal",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Channel::Phone => "电话",
            Channel::Visit => "来访",
            Channel::Letter => "信函",
            Channel::Patrol => "巡楼发现",
            Channel::Internal => "内部",
        }
    }
}

named_enum!(Channel, "channel");

/// Repair step 3: how fast engineering must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    ExtraUrgent,
    Urgent,
    Normal,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::ExtraUrgent, Priority::Urgent, Priority::Normal];
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::ExtraUrgent => "extra-urgent",
            Priority::Urgent => "urgent",
            Priority::Normal => "normal",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Priority::ExtraUrgent => "特急",
            Priority::Urgent => "急",
            Priority::Normal => "一般",
        }
    }
}

named_enum!(Priority, "priority");

/// Repair step 4: the completion standard the work falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Worked continuously until fixed: no deadline but "now".
    Emergency,
    /// Done the same (working) day.
    Minor,
    /// Within two working days.
    General,
    /// Within 72 hours.
    Difficult,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Emergency,
        Grade::Minor,
        Grade::General,
        Grade::Difficult,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Emergency => "emergency",
            Grade::Minor => "minor",
            Grade::General => "general",
            Grade::Difficult => "difficult",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Emergency => "紧急维修",
            Grade::Minor => "小修",
            Grade::General => "一般维修",
            Grade::Difficult => "疑难维修",
        }
    }
}

named_enum!(Grade, "grade");

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    /// Engineering has it: a technician accepted the order.
    Dispatched,
    /// The technician is on site.
    OnSite,
    /// Work done and signed for.
    Done,
    /// The work order is back at the desk.
    Returned,
    /// The desk called back and the tenant was satisfied.
    CalledBack,
    /// A valid complaint with its department and person.
    Assigned,
    /// An invalid complaint: explained to the tenant.
    Explained,
    /// The department wrote the action taken.
    Actioned,
    /// Parked with a reason (搁置工单); resumable.
    Shelved,
    /// Cannot be done (死单).
    Dead,
    /// Not a reasonable request (不合理工单).
    Unreasonable,
    Closed,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::New,
        Status::Dispatched,
        Status::OnSite,
        Status::Done,
        Status::Returned,
        Status::CalledBack,
        Status::Assigned,
        Status::Explained,
        Status::Actioned,
        Status::Shelved,
        Status::Dead,
        Status::Unreasonable,
        Status::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Dispatched => "dispatched",
            Status::OnSite => "on-site",
            Status::Done => "done",
            Status::Returned => "returned",
            Status::CalledBack => "called-back",
            Status::Assigned => "assigned",
            Status::Explained => "explained",
            Status::Actioned => "actioned",
            Status::Shelved => "shelved",
            Status::Dead => "dead",
            Status::Unreasonable => "unreasonable",
            Status::Closed => "closed",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Status::New => "新建",
            Status::Dispatched => "已派工",
            Status::OnSite => "已到场",
            Status::Done => "已完工",
            Status::Returned => "已回单",
            Status::CalledBack => "已回访",
            Status::Assigned => "已转部门",
            Status::Explained => "已解释",
            Status::Actioned => "已处理",
            Status::Shelved => "搁置",
            Status::Dead => "死单",
            Status::Unreasonable => "不合理",
            Status::Closed => "已关闭",
        }
    }
    /// No step follows (except feeding a reason back to the tenant).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Dead | Status::Unreasonable)
    }
}

named_enum!(Status, "status");

/// How a callback was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Phone,
    Visit,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Phone, Method::Visit];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Phone => "phone",
            Method::Visit => "visit",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Method::Phone => "电话回访",
            Method::Visit => "上门回访",
        }
    }
}

named_enum!(Method, "callback method");

/// Who signed for finished work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Signer {
    Tenant,
    /// The engineering supervisor, for public areas.
    Supervisor,
}
