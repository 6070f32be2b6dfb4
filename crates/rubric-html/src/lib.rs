//! A unit's score as one self-contained HTML page to hand the unit (考核结果反馈): the total and
//! its rank, each section, every row that lost points with the reason, the rule's wording and the
//! office that answers for it, what would raise the score, and a bar chart of the points lost by
//! section.
//!
//! A renderer stage after the library's own ([`rubric::render`]): it lays out what the library
//! computed and said, in the library's words ([`rubric::render::Render`]), and adds only the
//! page's headings. The page has inline CSS and an inline SVG chart; it needs no script, no
//! font download and no network, and prints on A4. Every value that comes from a rule file or a
//! facts file is escaped by the template (`maud`), and the chart's labels by the SVG writer.
//!
//! ```
//! use rubric::{MemoryLoader, UnitFacts};
//! use rubric_html::{Page, Rank, Raise, Scored};
//!
//! let rules = r#"
//! rubric "考评" {
//!   fact 未享受优待子女数: count
//!   section 六 "拥军优抚" {
//!     item 六.1.4 "子女入学入托优待" max 1 {
//!       deduct 0.5 per 未享受优待子女数 "1名未享受优待扣除0.5分"
//!     }
//!   }
//! }
//! "#;
//! let load = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules));
//! let rubric = load.into_rubric().expect("the rules compile");
//! let unit = UnitFacts::new("<b>鄂托克旗</b>").num("未享受优待子女数", "1");
//! let score = rubric.evaluate(&unit)?;
//! let page = Page {
//!     rubric: &rubric,
//!     scored: Scored::Once(&score, Raise::None),
//!     rank: Some(Rank::among(&[score.score], score.score)),
//!     lang: rubric::Lang::Zh,
//! };
//! let html = rubric_html::render(&page)?;
//! assert!(html.contains("&lt;b&gt;鄂托克旗&lt;/b&gt;"));
//! assert!(html.contains("第1名 / 1个单位"));
//! assert!(html.contains("扣 0.5分（0.5 × 未享受优待子女数 1）：1名未享受优待扣除0.5分"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod chart;
mod page;
mod rank;
pub mod show;
mod words;

pub use chart::ChartError;
pub use page::{Page, Raise, Scored, render};
pub use rank::Rank;
