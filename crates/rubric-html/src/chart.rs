//! The bar chart of the points lost by section, as SVG drawn by plotters' SVG backend.
//!
//! Bar lengths are worked out from the exact decimals and rounded to whole pixels (display
//! geometry only; no f64 is involved); the figure printed at the end of each bar is the decimal
//! as text shows it ([`rubric::value::text_num`]). The SVG writer escapes every label.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rubric::value::text_num;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Why the chart could not be drawn (the SVG backend writes to a string, so this is not expected).
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart of points lost: {0}")]
pub struct ChartError(String);

/// Height of one bar's row, in pixels.
const ROW: u32 = 30;
/// Width of the labels' column.
const LABEL: u32 = 230;
/// Longest bar.
const BAR: u32 = 340;
/// Room for the figure after the longest bar.
const FIGURE: u32 = 80;
/// Most characters of a label; longer titles end in `…`.
const LABEL_CHARS: usize = 14;
/// Font size of the labels.
const FONT: u32 = 15;
/// The fonts of the labels: the page's CSS sets the same list.
const FAMILY: &str = "sans-serif";

/// An SVG bar chart, one bar per `(label, points lost)`, in the order given; `bars` holds only
/// positive losses.
pub(crate) fn lost_by_section(bars: &[(String, Decimal)]) -> Result<String, ChartError> {
    let most = bars.iter().map(|b| b.1).max().unwrap_or(Decimal::ONE);
    let height = ROW * u32::try_from(bars.len()).unwrap_or(0) + 10;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (LABEL + BAR + FIGURE, height)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| ChartError(e.to_string());
        root.fill(&WHITE).map_err(err)?;
        let ink = RGBColor(0x22, 0x22, 0x22);
        let bar = RGBColor(0xc0, 0x39, 0x2b);
        for (i, (label, lost)) in bars.iter().enumerate() {
            let top = 5 + ROW as i32 * i32::try_from(i).unwrap_or(0);
            let mid = top + ROW as i32 / 2;
            let left = |h| (FAMILY, FONT).into_font().color(&ink).pos(Pos::new(h, VPos::Center));
            root.draw(&Text::new(short(label), (LABEL as i32 - 10, mid), left(HPos::Right))).map_err(err)?;
            let len = pixels(*lost, most);
            root.draw(&Rectangle::new(
                [(LABEL as i32, top + 6), (LABEL as i32 + len, top + ROW as i32 - 6)],
                bar.filled(),
            ))
            .map_err(err)?;
            let figure = format!("−{}", text_num(*lost));
            root.draw(&Text::new(figure, (LABEL as i32 + len + 6, mid), left(HPos::Left))).map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The bar's length in whole pixels: `lost / most` of the longest bar, at least one pixel.
fn pixels(lost: Decimal, most: Decimal) -> i32 {
    let len = (lost * Decimal::from(BAR)).checked_div(most).unwrap_or(Decimal::ZERO).round();
    len.to_i32().unwrap_or(0).clamp(1, BAR as i32)
}

/// A label cut to [`LABEL_CHARS`] characters.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_figures_are_the_decimal_text() {
        let bars = vec![("一 <党建>".to_string(), Decimal::new(35, 1)), ("二 民生".to_string(), Decimal::new(1, 0))];
        let svg = lost_by_section(&bars).unwrap_or_default();
        assert!(svg.contains("一 &lt;党建&gt;"), "{svg}");
        assert!(!svg.contains("<党建>"));
        assert!(svg.contains("−3.5") && svg.contains("−1"), "{svg}");
    }

    #[test]
    fn the_longest_loss_has_the_longest_bar() {
        assert_eq!(pixels(Decimal::new(35, 1), Decimal::new(35, 1)), BAR as i32);
        assert_eq!(pixels(Decimal::new(175, 2), Decimal::new(35, 1)), BAR as i32 / 2);
        assert_eq!(pixels(Decimal::new(1, 9), Decimal::from(1000)), 1);
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(short("一二三四五六七八九十一二三四五六"), "一二三四五六七八九十一二三…");
        assert_eq!(short("一 党建"), "一 党建");
    }
}
