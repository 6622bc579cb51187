//! The words of a Chinese office: people's and companies' names, phones, ID numbers,
//! plates, and what tenants report and the desk writes down.

use super::rng::Rng;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
    "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "莫", "孔", "汤",
    "欧阳", "司马",
];

const GIVEN_M: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建华",
    "建国", "志强", "国庆", "海涛", "晓东", "文博", "子轩", "浩然", "宇航", "俊杰", "振华", "立新",
    "德明", "永刚", "思远", "天宇",
];

const GIVEN_F: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "琳", "倩", "颖", "慧",
    "洁", "欣", "晶", "蕾", "秀英", "桂英", "丽娟", "海燕", "晓红", "雨涵", "梓萱", "思琪", "佳怡",
    "欣怡", "婉清", "淑华", "美玲", "春梅", "晓燕", "文静", "雅琴", "诗涵", "梦瑶",
];

const BRAND: &[&str] = &[
    "华信", "鼎盛", "中联", "恒远", "博雅", "瑞丰", "东方", "金桥", "万通", "新航", "星河", "汇智",
    "睿博", "卓越", "天成", "嘉和", "宏图", "正泰", "盛世", "安达", "远景", "泰和", "锦程", "凯瑞",
    "明德", "方圆", "九州", "蓝海", "云帆", "启明", "致远", "信达", "永安", "华彩", "中科", "海纳",
    "拓新", "德邦", "同创", "优品", "联众", "鸿运", "百川", "众诚", "长青", "和信", "聚源", "昊天",
    "宏信", "精诚",
];

#[rustfmt::skip]
pub const OFFICES: &[&str] = &[
    "科技有限公司", "信息技术有限公司", "网络科技有限公司", "管理咨询有限公司", "国际贸易有限公司",
    "投资管理有限公司", "文化传媒有限公司", "会计师事务所（特殊普通合伙）", "律师事务所", "建筑设计有限公司",
    "医疗器械有限公司", "教育科技有限公司", "电子商务有限公司", "供应链管理有限公司", "保险代理有限公司",
    "人力资源服务有限公司", "广告有限公司", "软件股份有限公司",
];

#[rustfmt::skip]
pub const SHOPS: &[&str] = &[
    "餐饮管理有限公司", "便利店有限公司", "咖啡有限公司", "大药房有限公司", "花艺有限公司", "烘焙有限公司",
    "眼镜有限公司", "洗衣服务有限公司", "文具有限公司", "健身管理有限公司",
];

#[rustfmt::skip]
pub const CONTRACTORS: &[&str] = &[
    "装饰工程有限公司", "建筑装饰设计工程有限公司", "装饰设计有限公司", "机电安装工程有限公司",
];

const REGIONS: &[&str] = &[
    "110101", "110105", "110108", "310101", "310104", "310115", "440103", "440106", "440305",
    "320102", "330106", "510104", "420102", "500103", "610113", "370102", "210102", "350203",
];

pub fn brand(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(BRAND)
}

pub fn person_name(rng: &mut Rng) -> (String, bool) {
    let female = rng.chance(0.5);
    let given = if female { GIVEN_F } else { GIVEN_M };
    (format!("{}{}", rng.pick(SURNAMES), rng.pick(given)), female)
}

/// 王先生 / 李女士.
pub fn polite(name: &str, female: bool) -> String {
    let double = name.starts_with("欧阳") || name.starts_with("司马");
    let surname: String = name.chars().take(1 + usize::from(double)).collect();
    format!("{surname}{}", if female { "女士" } else { "先生" })
}

/// A company of a trade (`OFFICES`, `SHOPS`, `CONTRACTORS`: how their names end), from
/// a city unless it is a firm of accountants or lawyers.
pub fn company_name(rng: &mut Rng, trade: &[&str]) -> String {
    let city = [
        "北京", "上海", "深圳", "广州", "杭州", "南京", "成都", "武汉", "",
    ];
    let t = rng.pick(trade);
    let c = match t.contains("事务所") {
        true => "",
        false => rng.pick(&city),
    };
    format!("{c}{}{t}", rng.pick(BRAND))
}

pub fn mobile(rng: &mut Rng) -> String {
    let prefix = [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
        "156", "158", "159", "166", "176", "177", "180", "181", "185", "186", "187", "188", "189",
        "191", "198",
    ];
    format!("{}{:08}", rng.pick(&prefix), rng.below(100_000_000))
}

pub fn landline(rng: &mut Rng) -> String {
    let area = ["010", "021", "020", "0755", "0571", "025", "028"];
    let (area, number) = (rng.pick(&area), 60_000_000 + rng.below(30_000_000));
    format!("{area}-{number:08}")
}

/// An 18-digit resident ID number with its GB 11643 check character.
pub fn person_id(rng: &mut Rng) -> String {
    let region = rng.pick(REGIONS);
    let year = rng.range(1955, 2002);
    let month = rng.range(1, 12);
    let day = rng.range(1, 28);
    let seq = rng.range(1, 999);
    let body = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let weighed = |(b, w): (u8, u32)| u32::from(b - b'0') * w;
    let sum: u32 = body.bytes().zip(W).map(weighed).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// An 18-character unified social credit code with its GB 32100 check character.
pub fn company_code(rng: &mut Rng) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let mut body = format!("91{}", rng.pick(REGIONS));
    for _ in 0..9 {
        body.push(A[rng.below(31) as usize] as char);
    }
    let weighed = |(b, w): (u8, u32)| A.iter().position(|x| *x == b).unwrap_or(0) as u32 * w;
    let sum: u32 = body.bytes().zip(W).map(weighed).sum();
    let c = (31 - sum % 31) % 31;
    body.push(A[c as usize] as char);
    body
}

pub fn relation(rng: &mut Rng, company: bool) -> &'static str {
    if company {
        rng.pick::<&str>(&["行政主管", "办公室主任", "财务经理", "总经理助理"])
    } else {
        rng.pick::<&str>(&["配偶", "父亲", "母亲", "子女", "兄弟", "姐妹", "朋友"])
    }
}

pub fn plate(rng: &mut Rng) -> String {
    let p = [
        "京A", "京N", "京Q", "沪A", "沪B", "粤B", "粤A", "浙A", "苏A", "川A",
    ];
    const L: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    let mut s = rng.pick(&p).to_string();
    if rng.chance(0.2) {
        s.push('D');
    }
    while s.chars().count() < 7 {
        s.push(L[rng.below(L.len() as u64) as usize] as char);
    }
    s
}

/// A repair a tenant reports: category, what they say, what the technician writes, a
/// price-list item if it is chargeable, and the materials used.
pub type Fault = (S, S, S, Option<S>, Option<S>);
type S = &'static str;

#[rustfmt::skip]
pub const FAULTS: &[Fault] = &[
    ("plumbing", "洗手间水龙头漏水", "更换水龙头", Some("replace-tap"), Some("水龙头1个")),
    ("plumbing", "茶水间下水堵塞", "疏通下水管道", Some("unblock-drain"), None),
    ("plumbing", "马桶水箱一直进水", "更换进水阀芯", Some("replace-valve-core"), Some("阀芯1个")),
    ("plumbing", "洗手盆下水慢，有异味", "清理存水弯，疏通下水", None, None),
    ("electrical", "办公区两排灯管不亮", "更换灯管", Some("replace-lamp"), Some("T5灯管2支")),
    ("electrical", "会议室插座没电", "检查线路，复位漏电开关", None, None),
    ("electrical", "配电箱频繁跳闸", "更换空开，排查负载", None, Some("空气开关1个")),
    ("air-conditioning", "空调不制冷", "清洗过滤网，检修风机盘管", None, None),
    ("air-conditioning", "空调出风口滴水", "疏通冷凝水管，更换保温棉", None, Some("保温棉2米")),
    ("air-conditioning", "空调温控面板失灵", "更换温控面板", None, Some("温控面板1个")),
    ("door-and-lock", "大门门锁转不动", "更换门锁", Some("replace-lock"), Some("门锁1把")),
    ("door-and-lock", "闭门器漏油，门关不严", "更换闭门器", None, Some("闭门器1个")),
    ("door-and-lock", "门禁刷卡没反应", "更换读卡器，重新授权", None, None),
    ("ceiling", "天花板有水渍", "查明楼上管道渗漏，更换吊顶板", None, Some("矿棉板3块")),
    ("walls", "墙面开裂脱皮", "修补墙面并补漆", None, None),
    ("windows", "窗户关不严，漏风", "调整窗扇，更换密封条", None, Some("密封条4米")),
    ("water-outage", "卫生间没有水", "更换进户阀门，恢复供水", None, Some("阀门1个")),
    ("curtain-wall-leak", "下雨时幕墙接缝渗水", "外墙打胶，修复幕墙密封", None, Some("耐候胶3支")),
    ("lighting", "走廊灯不亮", "更换灯具", Some("replace-lamp"), Some("灯管1支")),
];

/// Special services: category, what is asked for, the price-list item, how many (from,
/// to).
#[rustfmt::skip]
pub const SERVICES: &[(&str, &str, &str, (u32, u32))] = &[
    ("cleaning", "办公室深度保洁", "cleaning-hour", (2, 6)), ("cleaning", "开荒保洁", "cleaning-hour", (4, 8)),
    ("moving", "搬运办公家具", "moving-help-hour", (2, 5)), ("moving", "协助搬运货物", "moving-help-hour", (1, 3)),
    ("carpet", "地毯清洗", "carpet-cleaning-m2", (20, 120)),
];

/// Complaints: category, what the tenant says, the department that answers for it.
#[rustfmt::skip]
pub const COMPLAINTS: &[(&str, &str, &str)] = &[
    ("noise", "楼上装修噪音大，午休时间也在施工", "保安部"), ("noise", "隔壁单位晚上开会声音很大", "保安部"),
    ("cleaning", "公共卫生间保洁不及时，有异味", "保洁部"), ("cleaning", "楼道垃圾没有及时清运", "保洁部"),
    ("lift", "电梯经常停在某层不动，等待时间长", "工程部"), ("air-conditioning", "公共区域空调太冷", "工程部"),
    ("parking", "车位被他人占用", "保安部"), ("security", "访客登记太慢，影响客户来访", "保安部"),
    ("service", "前台接待态度不好", "客服部"), ("service", "报修后等了很久没人来", "工程部"),
    ("smell", "餐饮油烟味飘进办公室", "工程部"),
];

#[rustfmt::skip]
pub const INQUIRIES: &[(&str, &str, &str)] = &[
    ("fees", "物业费的收费标准和缴费方式", "已告知收费标准及对公账户，可转账或到财务室刷卡"),
    ("fees", "能否开具物业费增值税专用发票", "可以开具，请提供开票信息，财务三个工作日内开出"),
    ("renovation", "装修需要办理哪些手续", "已发送装修守则及申请表，说明所需图纸和资质文件"),
    ("parking", "月租车位还有没有空余", "地下二层尚有空余车位，已登记意向"),
    ("access-card", "新员工门禁卡怎么办理", "填写门禁卡申请表，每张押金10元，次日可领取"),
    ("suggestion", "建议在大堂增加快递柜", "已转物业经理研究，计划下季度安装"),
    ("suggestion", "建议延长空调供应时间", "已说明加时空调申请流程"),
    ("service", "周末能否进入办公室加班", "周末凭门禁卡出入，需提前到保安部登记"),
];

#[rustfmt::skip]
pub const CONTACT_OUTCOMES: &[&str] = &[
    "电话提醒，对方表示本周内安排付款", "电话提醒，财务称正在走付款审批", "电话无人接听，已发短信提醒",
    "电话提醒，对方称资金紧张，希望宽限几天", "电话提醒，对方已知悉",
];

#[rustfmt::skip]
pub const VIOLATIONS: &[&str] = &[
    "午休时间进行电钻作业", "施工人员未佩戴出入证", "在公共走道堆放建筑材料", "未按规定时间搬运材料",
    "现场未配备灭火器", "擅自改动消防喷淋",
];

#[rustfmt::skip]
pub const RENOVATIONS: &[&str] = &[
    "办公室隔断及地毯", "墙面翻新及更换灯具", "会议室改造", "前台及接待区装修", "全屋装修", "卫生间及厨房翻新",
    "店面装修及招牌安装", "吊顶及照明改造", "铺设木地板",
];
