//! The report's charts as inline SVG: bars drawn with integer arithmetic (the same
//! figures give the same bytes), every text escaped, no script, no font file, nothing
//! fetched. A chart is scaled to the width of its box by the page (`viewBox`).

use std::fmt::Write;

/// One bar: its label, its value on the chart's scale (none: nothing to count, no
/// bar), the words shown beside it, and a target on the same scale, drawn as a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: Option<i64>,
    pub shown: String,
    pub target: Option<i64>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: Option<i64>, shown: impl Into<String>) -> Bar {
        Bar {
            label: label.into(),
            value,
            shown: shown.into(),
            target: None,
        }
    }

    pub fn target(mut self, target: Option<i64>) -> Bar {
        self.target = target;
        self
    }
}

/// Text for SVG and HTML: `& < > " '` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The length of a bar of `value` on a scale of `max` drawn `full` long: rounded half
/// up, never below 0 nor beyond `full`; nothing when `max` is not positive.
pub fn bar_length(value: i64, max: i64, full: i64) -> i64 {
    if max <= 0 || value <= 0 || full <= 0 {
        return 0;
    }
    let v = i128::from(value.min(max));
    let len = (v * i128::from(full) * 2 + i128::from(max)) / (2 * i128::from(max));
    i64::try_from(len).unwrap_or(full).clamp(0, full)
}

const WIDTH: i64 = 400;
const TITLE: i64 = 22;
const BAR_FILL: &str = "#4a78b5";
const TARGET: &str = "#c0392b";
const INK: &str = "#222";
const GRID: &str = "#bbb";

fn open(out: &mut String, title: &str, height: i64, class: &str) {
    let t = escape(title);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{t}\">\
<title>{t}</title>\
<text x=\"0\" y=\"15\" font-size=\"14\" font-weight=\"bold\" fill=\"{INK}\">{t}</text>"
    );
}

/// Horizontal bars on a scale `0..=max`, each row labelled on the left and its words on
/// the right; a target, if any, is a vertical line across its bar. `note` (a legend,
/// e.g. what the line means) goes under the bars.
pub fn hbars(title: &str, bars: &[Bar], max: i64, note: Option<&str>) -> String {
    const LABEL: i64 = 118;
    const AREA: i64 = 190;
    const ROW: i64 = 20;
    const BAR: i64 = 12;
    let n = i64::try_from(bars.len()).unwrap_or(0);
    let height = TITLE + 6 + n * ROW + if note.is_some() { 20 } else { 4 };
    let mut s = String::new();
    open(&mut s, title, height, "hbars");
    let top = TITLE + 6;
    // The scale's ends.
    let _ = write!(
        s,
        "<line x1=\"{LABEL}\" y1=\"{top}\" x2=\"{LABEL}\" y2=\"{}\" stroke=\"{GRID}\"/>",
        top + n * ROW
    );
    for (i, b) in (0..).zip(bars) {
        let y = top + i * ROW + (ROW - BAR) / 2;
        let mid = y + BAR / 2 + 4;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{mid}\" font-size=\"12\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            LABEL - 4,
            escape(&b.label)
        );
        let len = b.value.map_or(0, |v| bar_length(v, max, AREA));
        if b.value.is_some() {
            let _ = write!(
                s,
                "<rect class=\"bar\" x=\"{LABEL}\" y=\"{y}\" width=\"{len}\" height=\"{BAR}\" fill=\"{BAR_FILL}\"/>"
            );
        }
        if let Some(t) = b.target {
            let x = LABEL + bar_length(t, max, AREA);
            let _ = write!(
                s,
                "<line class=\"target\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"2\"/>",
                y - 3,
                y + BAR + 3
            );
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{mid}\" font-size=\"12\" fill=\"{INK}\">{}</text>",
            LABEL + AREA + 6,
            escape(&b.shown)
        );
    }
    if let Some(note) = note {
        let y = top + n * ROW + 14;
        let _ = write!(
            s,
            "<line x1=\"{LABEL}\" y1=\"{}\" x2=\"{LABEL}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"2\"/>\
<text x=\"{}\" y=\"{y}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
            y - 10,
            y + 2,
            LABEL + 6,
            escape(note)
        );
    }
    s.push_str("</svg>");
    s
}

/// Vertical bars on a scale `0..=max` (the largest value when `max` is 0), each with
/// its words above it and its label below; `empty` is written across the chart when
/// there is nothing to draw.
pub fn vbars(title: &str, bars: &[Bar], max: i64, empty: &str) -> String {
    const BOTTOM: i64 = 128;
    const PLOT: i64 = 80;
    const HEIGHT: i64 = 148;
    let n = i64::try_from(bars.len()).unwrap_or(0).max(1);
    let max = if max > 0 {
        max
    } else {
        bars.iter().filter_map(|b| b.value).max().unwrap_or(0)
    };
    let mut s = String::new();
    open(&mut s, title, HEIGHT, "vbars");
    let _ = write!(
        s,
        "<line x1=\"0\" y1=\"{BOTTOM}\" x2=\"{WIDTH}\" y2=\"{BOTTOM}\" stroke=\"{GRID}\"/>"
    );
    let slot = WIDTH / n;
    let width = slot * 3 / 5;
    for (i, b) in (0..).zip(bars) {
        let x = i * slot + (slot - width) / 2;
        let centre = i * slot + slot / 2;
        let h = b.value.map_or(0, |v| bar_length(v, max, PLOT));
        if b.value.is_some() {
            let _ = write!(
                s,
                "<rect class=\"bar\" x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"{h}\" fill=\"{BAR_FILL}\"/>",
                BOTTOM - h
            );
        }
        let _ = write!(
            s,
            "<text x=\"{centre}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>\
<text x=\"{centre}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            BOTTOM - h - 4,
            escape(&b.shown),
            BOTTOM + 15,
            escape(&b.label)
        );
    }
    if max <= 0 {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            WIDTH / 2,
            BOTTOM - PLOT / 2,
            escape(empty)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape("<b>A&B</b> \"x\" 'y' 报修"),
            "&lt;b&gt;A&amp;B&lt;/b&gt; &quot;x&quot; &#39;y&#39; 报修"
        );
    }

    #[test]
    fn bar_lengths_are_exact_rounded_and_clamped() {
        assert_eq!(bar_length(500, 1000, 190), 95);
        // 2/3 of 190 = 126.67: rounded half up to 127.
        assert_eq!(bar_length(2, 3, 190), 127);
        // 1/8 of 100 = 12.5: half up.
        assert_eq!(bar_length(1, 8, 100), 13);
        assert_eq!(bar_length(0, 1000, 190), 0);
        assert_eq!(bar_length(-5, 1000, 190), 0);
        assert_eq!(bar_length(2000, 1000, 190), 190);
        assert_eq!(bar_length(5, 0, 190), 0);
        // Large money amounts in cents do not overflow.
        assert_eq!(bar_length(i64::MAX / 2, i64::MAX, 100), 50);
    }

    fn attr<'a>(svg: &'a str, class: &str, name: &str) -> Vec<&'a str> {
        svg.split(&format!("class=\"{class}\""))
            .skip(1)
            .map(|rest| {
                let start = rest.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                let end = start + rest[start..].find('"').unwrap();
                &rest[start..end]
            })
            .collect()
    }

    #[test]
    fn hbars_draw_each_value_and_target_on_the_scale() {
        let bars = [
            Bar::new("回访率", Some(667), "66.7%").target(Some(1000)),
            Bar::new("满意率", Some(950), "95.0%").target(Some(950)),
            Bar::new("到场及时率", None, "-"),
        ];
        let svg = hbars("比率 <目标>", &bars, 1000, Some("目标线"));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title>比率 &lt;目标&gt;</title>"), "{svg}");
        // 66.7% of 190 = 126.73 -> 127; 95% -> 180.5 -> 181; no bar for nothing counted.
        assert_eq!(attr(&svg, "bar", "width"), ["127", "181"]);
        // Targets at 100% (118 + 190) and 95% (118 + 181).
        assert_eq!(attr(&svg, "target", "x1"), ["308", "299"]);
        assert_eq!(svg, hbars("比率 <目标>", &bars, 1000, Some("目标线")));
    }

    #[test]
    fn vbars_scale_to_the_largest_value_and_say_when_empty() {
        let bars = [
            Bar::new("0-30", Some(300_000), "3,000.00"),
            Bar::new("31-60", Some(150_000), "1,500.00"),
            Bar::new("61-90", Some(0), "0.00"),
            Bar::new("90+", Some(1), "0.01"),
        ];
        let svg = vbars("账龄", &bars, 0, "无欠费");
        assert_eq!(attr(&svg, "bar", "height"), ["80", "40", "0", "0"]);
        assert_eq!(attr(&svg, "bar", "y"), ["48", "88", "128", "128"]);
        assert!(!svg.contains("无欠费"));
        let none = [Bar::new("0-30", Some(0), "0.00")];
        let svg = vbars("账龄", &none, 0, "无欠费 & <none>");
        assert!(svg.contains(">无欠费 &amp; &lt;none&gt;</text>"), "{svg}");
    }
}
