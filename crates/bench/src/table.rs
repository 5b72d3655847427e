//! The one table `cargo xtask bench` prints: per row the two figures measured in this run,
//! their ratio, the budget and whether it is kept.

use std::fmt::Write as _;

/// One measured quantity with its unit, or why it was not measured.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    /// A value and its unit (`µs`, `MB`, `req/s`).
    Value(f64, &'static str),
    /// Not measured in this run, and why.
    Missing(String),
    /// Context only (a row whose budget is on A alone).
    Text(&'static str),
}

impl Figure {
    /// A time in seconds, shown in the unit that suits it.
    pub fn seconds(s: f64) -> Figure {
        if s < 1e-3 {
            Figure::Value(s * 1e6, "µs")
        } else if s < 1.0 {
            Figure::Value(s * 1e3, "ms")
        } else {
            Figure::Value(s, "s")
        }
    }

    /// A byte count, shown in KB or MB.
    pub fn bytes(b: f64) -> Figure {
        if b < 1e6 {
            Figure::Value(b / 1e3, "KB")
        } else {
            Figure::Value(b / 1e6, "MB")
        }
    }

    fn show(&self) -> String {
        match self {
            Figure::Value(v, unit) if *v >= 100.0 => format!("{v:.0} {unit}"),
            Figure::Value(v, unit) => format!("{v:.2} {unit}"),
            Figure::Missing(_) => "not measured".into(),
            Figure::Text(t) => (*t).into(),
        }
    }
}

/// What a row must keep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    /// The ratio A ÷ B at most this.
    RatioAtMost(f64),
    /// The ratio A ÷ B at least this.
    RatioAtLeast(f64),
    /// Figure A at most this, in this unit; B is context.
    AAtMost(f64, &'static str),
    /// No budget: the two figures are reported side by side (kept whenever measured).
    Report,
}

/// One row of the table. The ratio is computed from the raw figures, so both must be in
/// the same unit when a ratio budget applies (the constructors of the rows see to it).
#[derive(Clone, Debug)]
pub struct Row {
    /// What is measured.
    pub what: String,
    /// The measured figure.
    pub a: Figure,
    /// The floor, peer or context it is divided by.
    pub b: Figure,
    /// The budget.
    pub budget: Budget,
    /// The ratio's unit when A and B differ in kind (`B/resource`), else empty.
    pub ratio_unit: &'static str,
}

impl Row {
    /// A row whose budget is on A ÷ B; `a` and `b` in seconds (times) or any shared unit.
    pub fn new(what: impl Into<String>, a: Figure, b: Figure, budget: Budget) -> Row {
        Row {
            what: what.into(),
            a,
            b,
            budget,
            ratio_unit: "×",
        }
    }

    /// A ÷ B, when both were measured (times are compared in seconds, so units match).
    pub fn ratio(&self) -> Option<f64> {
        let (a, b) = (raw(&self.a)?, raw(&self.b)?);
        (b != 0.0).then(|| a / b)
    }

    /// Whether the budget is kept; None when a figure is missing.
    pub fn kept(&self) -> Option<bool> {
        match self.budget {
            Budget::RatioAtMost(max) => self.ratio().map(|r| r <= max),
            Budget::RatioAtLeast(min) => self.ratio().map(|r| r >= min),
            Budget::AAtMost(max, unit) => raw(&self.a).map(|a| a <= max * scale(unit)),
            // Kept whenever measured: A alone is enough when there is nothing to divide by.
            Budget::Report => raw(&self.a).map(|_| true),
        }
    }

    fn budget_text(&self) -> String {
        match self.budget {
            Budget::RatioAtMost(max) => format!("≤{max}{}", self.ratio_unit),
            Budget::RatioAtLeast(min) => format!("≥{min}{}", self.ratio_unit),
            Budget::AAtMost(max, unit) => format!("A ≤{max} {unit}"),
            Budget::Report => "report".into(),
        }
    }
}

/// A figure in its base unit (seconds for times, bytes for sizes), so ratios of figures shown
/// in different units (ms ÷ µs) are right.
fn raw(f: &Figure) -> Option<f64> {
    let Figure::Value(v, unit) = f else {
        return None;
    };
    Some(v * scale(unit))
}

/// How many base units (seconds, bytes) one of `unit` is.
fn scale(unit: &str) -> f64 {
    match unit {
        "µs" => 1e-6,
        "ms" => 1e-3,
        "KB" => 1e3,
        "MB" => 1e6,
        _ => 1.0,
    }
}

/// The table as text: a header, one line per row, then the notes of rows not measured.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::new();
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let ratio = r
                .ratio()
                .map_or_else(|| "-".into(), |x| format!("{x:.2}{}", r.ratio_unit));
            let status = match r.kept() {
                Some(true) => "ok",
                Some(false) => "MISSED",
                None => "not measured",
            };
            [
                r.what.clone(),
                r.a.show(),
                r.b.show(),
                ratio,
                r.budget_text(),
                status.into(),
            ]
        })
        .collect();
    let header = ["row", "A", "B", "A ÷ B", "budget", "status"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for c in &cells {
        for (w, s) in widths.iter_mut().zip(c) {
            *w = (*w).max(s.chars().count());
        }
    }
    for line in std::iter::once(&header).chain(&cells) {
        let mut text = String::new();
        for (i, (s, w)) in line.iter().zip(widths).enumerate() {
            let pad = w - s.chars().count();
            let sep = if i == 0 { "" } else { " | " };
            let _ = write!(text, "{sep}{s}{}", " ".repeat(pad));
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
    for r in rows {
        let mut whys: Vec<&str> = [&r.a, &r.b]
            .into_iter()
            .filter_map(|f| match f {
                Figure::Missing(why) => Some(why.as_str()),
                _ => None,
            })
            .collect();
        whys.dedup();
        for why in whys {
            let _ = writeln!(out, "not measured ({}): {why}", r.what);
        }
    }
    out
}

/// True when every row was measured and keeps its budget (what `--check` asks).
pub fn all_kept(rows: &[Row]) -> bool {
    rows.iter().all(|r| r.kept() == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_compare_times_in_one_unit_and_missing_figures_fail_the_check() {
        let r = Row::new(
            "t",
            Figure::seconds(0.002),
            Figure::seconds(0.000_5),
            Budget::RatioAtMost(2.0),
        );
        assert!((r.ratio().unwrap() - 4.0).abs() < 1e-9);
        assert_eq!(r.kept(), Some(false));
        let m = Row::new(
            "m",
            Figure::Missing("no node".into()),
            Figure::seconds(1.0),
            Budget::RatioAtMost(2.0),
        );
        assert_eq!(m.kept(), None);
        assert!(!all_kept(std::slice::from_ref(&m)));
        let text = render(&[r, m]);
        assert!(
            text.contains("MISSED") && text.contains("not measured (m): no node"),
            "{text}"
        );
    }
}
