//! An amount in words, as a receipt writes it beside the figures so that neither can
//! be altered alone: in Chinese capitals (人民币大写) and in English.
//!
//! The capitals follow the People's Bank of China's rules for filling in bills and
//! vouchers (《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》):
//! - the digits 零壹贰叁肆伍陆柒捌玖 and the places 拾佰仟万亿, 元角分; 拾 always
//!   with its digit (壹拾元, 壹拾万元), never a bare 拾;
//! - an amount to the 元 ends in 整 (壹仟零伍元整); one with 角 but no 分 needs no 整
//!   (壹仟肆佰零玖元伍角, the rules' own example); one with 分 never has it;
//! - a zero between digits is written 零, a run of zeros once (陆仟零柒元壹角肆分);
//! - no 角 but 分: 零 after the 元 (壹万陆仟肆佰零玖元零贰分, 叁佰贰拾伍元零肆分);
//! - where the rules leave the 零 optional (a zero 万位 or 元位 before a digit in the
//!   千位 or 角位: 壹仟陆佰捌拾元叁角贰分, 壹拾万柒仟元伍角叁分) it is left out, so a
//!   zero is written exactly where one is required.

use crate::model::money::Money;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/// The places within four digits, from the thousands down.
const PLACES: [&str; 4] = ["仟", "佰", "拾", ""];
const WAN: u64 = 10_000;
const YI: u64 = 100_000_000;

/// `amount` in Chinese capitals: 3720.25 → 叁仟柒佰贰拾元贰角伍分, 1005.00 →
/// 壹仟零伍元整, 0.05 → 伍分, 0.00 → 零元整; a negative amount starts with 负.
pub fn capitals(amount: Money) -> String {
    let minor = amount.minor();
    let abs = minor.unsigned_abs();
    let (yuan, jiao, fen) = (abs / 100, (abs / 10 % 10) as usize, (abs % 10) as usize);
    let mut out = String::new();
    if minor < 0 {
        out.push('负');
    }
    if abs == 0 {
        return "零元整".to_string();
    }
    if yuan > 0 {
        out.push_str(&whole(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push('角');
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

/// A whole number above 0 in capitals, by 亿 then 万: 100000 → 壹拾万, 100000001 →
/// 壹亿零壹, 1234500000000 → 壹万贰仟叁佰肆拾伍亿.
fn whole(n: u64) -> String {
    if n >= YI {
        let (high, low) = (n / YI, n % YI);
        let mut out = whole(high) + "亿";
        if low > 0 {
            if low < YI / 10 {
                out.push('零');
            }
            out.push_str(&below_yi(low));
        }
        return out;
    }
    below_yi(n)
}

/// 1 to 99,999,999, with no leading 零: 1050000 → 壹佰零伍万.
fn below_yi(n: u64) -> String {
    let (wan, rest) = (n / WAN, n % WAN);
    let mut out = String::new();
    if wan > 0 {
        out.push_str(&four(wan));
        out.push('万');
    }
    if rest > 0 {
        if wan > 0 && rest < 1000 {
            out.push('零');
        }
        out.push_str(&four(rest));
    }
    out
}

/// 1 to 9,999, with no leading 零 and one 零 for each run of zeros between digits:
/// 1010 → 壹仟零壹拾, 1001 → 壹仟零壹, 1100 → 壹仟壹佰.
fn four(n: u64) -> String {
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (d, place) in digits.into_iter().zip(PLACES) {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(place);
    }
    out
}

/// How a currency's amount is named in Chinese before its capitals: 人民币, 港币; the
/// ISO code for a currency without a common name here.
pub fn currency_zh(code: &str) -> &str {
    match code {
        "CNY" => "人民币",
        "HKD" => "港币",
        "MOP" => "澳门元",
        "TWD" => "新台币",
        "USD" => "美元",
        "EUR" => "欧元",
        "GBP" => "英镑",
        "SGD" => "新加坡元",
        other => other,
    }
}

/// `amount` in English words, named by its currency: 3720.25 CNY → "Three thousand
/// seven hundred twenty yuan and twenty-five fen"; 1.01 HKD → "One Hong Kong dollar
/// and one cent". A currency not named here is written as a cheque writes it: "Twelve
/// and 50/100 CHF".
pub fn english(amount: Money, currency: &str) -> String {
    let minor = amount.minor();
    let abs = minor.unsigned_abs();
    let (major, cents) = (abs / 100, abs % 100);
    let names: Option<(&str, &str, &str, &str)> = match currency {
        "CNY" => Some(("yuan", "yuan", "fen", "fen")),
        "HKD" => Some(("Hong Kong dollar", "Hong Kong dollars", "cent", "cents")),
        "MOP" => Some(("pataca", "patacas", "avo", "avos")),
        "TWD" => Some(("New Taiwan dollar", "New Taiwan dollars", "cent", "cents")),
        "USD" => Some(("US dollar", "US dollars", "cent", "cents")),
        "SGD" => Some(("Singapore dollar", "Singapore dollars", "cent", "cents")),
        "EUR" => Some(("euro", "euros", "cent", "cents")),
        "GBP" => Some(("pound", "pounds", "penny", "pence")),
        _ => None,
    };
    let plural = |n: u64, one: &str, many: &str| -> String {
        format!("{} {}", number(n), if n == 1 { one } else { many })
    };
    let words = match names {
        Some((one, many, cent, cents_word)) => match (major, cents) {
            (0, 0) => plural(0, one, many),
            (m, 0) => plural(m, one, many),
            (0, c) => plural(c, cent, cents_word),
            (m, c) => format!(
                "{} and {}",
                plural(m, one, many),
                plural(c, cent, cents_word)
            ),
        },
        None => format!("{} and {cents:02}/100 {currency}", number(major)),
    };
    let words = if minor < 0 {
        format!("minus {words}")
    } else {
        words
    };
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [&str; 7] = [
    "",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
];

/// A whole number in English words, as a cheque writes it (no "and" inside the
/// number): 3720 → "three thousand seven hundred twenty", 21 → "twenty-one".
fn number(n: u64) -> String {
    if n == 0 {
        return ONES[0].to_string();
    }
    let mut parts = Vec::new();
    let mut rest = n;
    let mut scale = 0;
    while rest > 0 {
        let chunk = rest % 1000;
        if chunk > 0 {
            let words = below_thousand(chunk);
            parts.push(match SCALES[scale] {
                "" => words,
                s => format!("{words} {s}"),
            });
        }
        rest /= 1000;
        scale += 1;
    }
    parts.reverse();
    parts.join(" ")
}

fn below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let mut out = Vec::new();
    if hundreds > 0 {
        out.push(format!("{} hundred", ONES[hundreds as usize]));
    }
    if rest >= 20 {
        let (t, o) = ((rest / 10) as usize, (rest % 10) as usize);
        out.push(match o {
            0 => TENS[t].to_string(),
            o => format!("{}-{}", TENS[t], ONES[o]),
        });
    } else if rest > 0 {
        out.push(ONES[rest as usize].to_string());
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[track_caller]
    fn case(figures: &str, words: &str) {
        assert_eq!(capitals(m(figures)), words, "{figures}");
    }

    #[test]
    fn the_examples_of_the_rules_for_filling_in_bills() {
        // 《正确填写票据和结算凭证的基本规定》, each example in the form chosen here.
        case("1409.50", "壹仟肆佰零玖元伍角");
        case("6007.14", "陆仟零柒元壹角肆分");
        case("1680.32", "壹仟陆佰捌拾元叁角贰分");
        case("107000.53", "壹拾万柒仟元伍角叁分");
        case("16409.02", "壹万陆仟肆佰零玖元零贰分");
        case("325.04", "叁佰贰拾伍元零肆分");
    }

    #[test]
    fn whole_yuan_end_in_zheng_and_fen_never_do() {
        case("3720.25", "叁仟柒佰贰拾元贰角伍分");
        case("1005.00", "壹仟零伍元整");
        case("100000.00", "壹拾万元整");
        case("1.00", "壹元整");
        case("10.50", "壹拾元伍角");
        case("10.05", "壹拾元零伍分");
        case("0.05", "伍分");
        case("0.50", "伍角");
        case("0.55", "伍角伍分");
        case("0.00", "零元整");
    }

    #[test]
    fn shi_is_always_written_with_its_digit() {
        case("10.00", "壹拾元整");
        case("16.00", "壹拾陆元整");
        case("110.00", "壹佰壹拾元整");
        case("100010.00", "壹拾万零壹拾元整");
        case("150000.00", "壹拾伍万元整");
    }

    #[test]
    fn a_run_of_zeros_is_one_ling_and_trailing_zeros_none() {
        case("1001.00", "壹仟零壹元整");
        case("1010.00", "壹仟零壹拾元整");
        case("1100.00", "壹仟壹佰元整");
        case("100500.00", "壹拾万零伍佰元整");
        case("1000005.00", "壹佰万零伍元整");
        case("1050000.00", "壹佰零伍万元整");
        case("20001000.01", "贰仟万壹仟元零壹分");
        case("20010000.01", "贰仟零壹万元零壹分");
        case("20010100.10", "贰仟零壹万零壹佰元壹角");
        case("10000000.00", "壹仟万元整");
    }

    #[test]
    fn hundreds_of_millions_count_in_yi_then_wan() {
        case("100000000.00", "壹亿元整");
        case("100000001.00", "壹亿零壹元整");
        case("100010000.00", "壹亿零壹万元整");
        case("100005000.00", "壹亿零伍仟元整");
        case("110000000.00", "壹亿壹仟万元整");
        case("1000000000.00", "壹拾亿元整");
        case(
            "1234567890.12",
            "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分",
        );
        case("1234500000000.00", "壹万贰仟叁佰肆拾伍亿元整");
        case("1000000000000.00", "壹万亿元整");
    }

    #[test]
    fn the_extremes_of_money_are_written_without_overflow() {
        // 92,233,720,368,547,758.07: 亿 of 亿, as the language nests them.
        assert_eq!(
            capitals(Money::from_minor(i64::MAX)),
            "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
        );
        let min = capitals(Money::from_minor(i64::MIN));
        assert!(
            min.starts_with("负玖亿") && min.ends_with("元零捌分"),
            "{min}"
        );
        case("-12.30", "负壹拾贰元叁角");
    }

    #[test]
    fn every_capital_amount_reads_back_to_its_figures() {
        // Read the capitals back (亿 and 万 as multipliers of what precedes them) and
        // compare: every digit and place accounted for, 零 and 整 only as markers.
        fn read(s: &str) -> i64 {
            let digit = |c| DIGITS.iter().position(|&d| d == c).map(|p| p as i64);
            let (mut total, mut section, mut number) = (0i64, 0i64, 0i64);
            let (mut yuan, mut minor) = (0i64, 0i64);
            for c in s.chars() {
                match c {
                    '拾' => section += number * 10,
                    '佰' => section += number * 100,
                    '仟' => section += number * 1000,
                    '万' => {
                        section = (section + number) * 10_000;
                        total += section;
                        section = 0;
                    }
                    '亿' => {
                        total = (total + section + number) * 100_000_000;
                        section = 0;
                    }
                    '元' => yuan = total + section + number,
                    '角' => minor += number * 10,
                    '分' => minor += number,
                    '零' | '整' | '负' => {}
                    d => {
                        number = digit(d).unwrap();
                        continue;
                    }
                }
                number = 0;
            }
            yuan * 100 + minor
        }
        let mut n: i64 = 1;
        for _ in 0..4000 {
            // A spread of amounts with zeros in every position.
            n = (n
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407))
            .abs();
            for minor in [
                n % 100_000_000_000_000,
                n % 1_000_000,
                (n % 10_000) * 100,
                n % 1_000,
            ] {
                let words = capitals(Money::from_minor(minor));
                assert_eq!(read(&words), minor, "{minor}: {words}");
                assert!(!words.contains("零零"), "{minor}: {words}");
                if minor > 0 {
                    assert!(!words.starts_with('零'), "{minor}: {words}");
                    assert!(
                        !words.contains("零元") && !words.contains("零万"),
                        "{minor}: {words}"
                    );
                }
            }
        }
    }

    #[test]
    fn english_words_name_the_currency() {
        let en = |s: &str, c: &str| english(m(s), c);
        assert_eq!(
            en("3720.25", "CNY"),
            "Three thousand seven hundred twenty yuan and twenty-five fen"
        );
        assert_eq!(en("1005.00", "CNY"), "One thousand five yuan");
        assert_eq!(en("0.05", "CNY"), "Five fen");
        assert_eq!(en("0.00", "CNY"), "Zero yuan");
        assert_eq!(
            en("20001000.01", "CNY"),
            "Twenty million one thousand yuan and one fen"
        );
        assert_eq!(en("1.01", "HKD"), "One Hong Kong dollar and one cent");
        assert_eq!(en("2.50", "HKD"), "Two Hong Kong dollars and fifty cents");
        assert_eq!(en("12.50", "CHF"), "Twelve and 50/100 CHF");
        assert_eq!(en("-3.00", "CNY"), "Minus three yuan");
        assert_eq!(
            en("1234567.89", "USD"),
            "One million two hundred thirty-four thousand five hundred sixty-seven US dollars and eighty-nine cents"
        );
        assert_eq!(en("100000.00", "CNY"), "One hundred thousand yuan");
        assert_eq!(en("119.00", "CNY"), "One hundred nineteen yuan");
        let max = english(Money::from_minor(i64::MAX), "CNY");
        assert!(max.starts_with("Ninety-two quadrillion"), "{max}");
    }

    #[test]
    fn chinese_names_of_currencies() {
        assert_eq!(currency_zh("CNY"), "人民币");
        assert_eq!(currency_zh("HKD"), "港币");
        assert_eq!(currency_zh("CHF"), "CHF");
    }
}
