//! Exact, explained scoring of performance-evaluation rubrics (绩效考评细则).
//!
//! A rubric is written in the rubric rule language (`docs/language.md`) and loaded with
//! [`load`], which checks it and returns every problem as data ([`Report`], [`Diagnostic`]).
//! A unit's facts are read with [`facts::from_json`], [`from_csv`] or [`from_toml`], or built in
//! code with [`UnitFacts`]; [`Rubric::evaluate`] scores them into a [`UnitScore`], a tree of
//! [`NodeScore`]s whose [`Step`]s explain every point. All arithmetic is exact
//! (`rust_decimal`); nothing is rounded unless the rubric says so. The library does no I/O and
//! prints nothing: rule files come through a [`Loader`] the host supplies.
//!
//! ```
//! use rubric::{MemoryLoader, Step, UnitFacts};
//!
//! // Two rows of the 乌审旗 2024 rubric.
//! let rules = r#"
//! rubric "乌审旗退役军人事务局2024年度考评（节选）" {
//!   fact 核查完成数: count "优抚对象年度核查(认证)完成人数"
//!   fact 应核查数: count "应核查的优抚对象人数"
//!   let 核查完成率 = 核查完成数 / 应核查数 on zero => 100%
//!   fact 未享受优待子女数: count "入学入托未享受优待的子女人数"
//!
//!   section 六 "拥军优抚和褒扬纪念工作" {
//!     item 六.1.4 "子女入学入托优待" max 1 {
//!       deduct 0.5 per 未享受优待子女数 "1名未享受优待扣除0.5分"
//!       zero when 未享受优待子女数 >= 3 "3名及以上未享受优待本项不得分"
//!     }
//!     item 六.2.4 "优抚对象年度核查(认证)" max 2 {
//!       band 核查完成率 {
//!         [0, 50%)   => 0
//!         [50%, 65%] => 1
//!         (65%, 90%] => 1.5
//!         (90%, ..)  => 2
//!       }
//!     }
//!   }
//! }
//! "#;
//!
//! // Load and check. The library reads files only through a `Loader`: here, one in memory.
//! let load = rubric::load("wushen.rubric", &MemoryLoader::new().with("wushen.rubric", rules));
//! assert!(load.report.diagnostics.is_empty(), "{:?}", load.report.diagnostics);
//! let rubric = load.into_rubric().expect("a rule file without errors is compiled");
//!
//! // A unit's facts, built in code. Numbers are given as text so they are read exactly.
//! let unit = UnitFacts::new("鄂托克旗")
//!     .num("核查完成数", "130")
//!     .num("应核查数", "200")
//!     .num("未享受优待子女数", "1");
//!
//! // Score it.
//! let score = rubric.evaluate(&unit)?;
//! assert_eq!(score.score.to_string(), "1.5");
//! assert_eq!(score.max.to_string(), "3");
//!
//! // Walk the breakdown: every point traces to a step naming the rule and the facts behind it.
//! let row = score.node("六.2.4").expect("the row is in the breakdown");
//! assert_eq!(row.score.to_string(), "1");
//! let Some(Step::Band { value, band, points, facts, .. }) = row.steps.first() else {
//!     panic!("六.2.4 is scored by its band table")
//! };
//! assert_eq!((&**value, &**band, points.to_string()), ("65%", "[50%, 65%]", "1".to_string()));
//! assert_eq!(facts.len(), 3); // 核查完成率, 核查完成数, 应核查数
//!
//! let row = score.node("六.1.4").expect("the row is in the breakdown");
//! assert_eq!(row.score.to_string(), "0.5");
//! assert!(matches!(&row.steps[..], [Step::Full { .. }, Step::Deduct(d)] if d.points.to_string() == "0.5"));
//!
//! // The breakdown serialises to JSON with every decimal as a string.
//! let json = serde_json::to_value(&score)?;
//! assert_eq!(json["score"], "1.5");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The guide for embedders, with more examples (own storage, diagnostics, facts files, errors,
//! explanations, tests, untrusted input), is `docs/embedding.md`; its examples are compiled and
//! run as doctests of this crate.

pub mod analysis;
mod check;
pub mod diag;
pub mod errors {
    //! The structs of the variants of [`EvalError`](crate::EvalError), [`FactsError`](crate::FactsError)
    //! and [`FactProblem`](crate::FactProblem), each with its fields: match
    //! `EvalError::NoBand(e)` and read `e.item`.

    pub use crate::eval::error::{
        CohortAloneError, EmptyListError, InternalError, InternalPlanError, JudgedOutOfRangeError,
        NegativeQuantityError, NoBandError, OtherRubricError, OverflowError, PeriodFactsError, PeriodMissingError,
        PeriodsNeededError, PrecisionError, RatioZeroError, StepBudgetError, ZeroDenominatorError,
    };
    pub use crate::facts::error::{
        BudgetError, CsvError, DuplicateFact, DuplicateUnitError, EncodingError, InvalidFact, JsonError, JsonLineError,
        MissingFact, ShapeError, TomlError, UnitFactsError, UnknownColumnError, UnknownFact,
    };
    pub use crate::facts::words::Words;
}
mod eval;
pub mod facts;
pub(crate) mod plan;
pub mod render;
pub mod report;
pub mod safe;
pub mod source;
pub mod value;

pub use analysis::periods::{PeriodScore, PeriodScores};
pub use analysis::{Column, ColumnOf, Outcome, Scored, Scoring, UnitGrades};
pub use check::compile::Options;
pub use diag::{Code, Diagnostic, Lang, Report, Severity};
pub use eval::cohort::{Cohort, CohortGather};
pub use eval::score::Scores;
pub use eval::trace::Trace;
pub use eval::view::Basis;
pub use eval::{Bound, Engine, EvalError, Load, Loaded, PeriodPlan, Rubric, UnknownColumns, load, load_with, round};
pub use eval::{columns, columns_lists};
pub use facts::csv::{from_csv, from_csv_bytes};
pub use facts::toml::from_toml;
pub use facts::{FactProblem, FactsError, Raw, UnitFacts};
pub use plan::{FactRef, Kind as NodeKind, Meta, NodeRef, PeriodRef, Ratio};
pub use report::breakdown::{NodeScore, Step, UnitScore};
pub use report::grades::{Grade, GradeBound, GradeWhy, NextGrade};
pub use report::template::{template_csv, template_json};
pub use source::{LoadError, Loader, MemoryLoader, Sources};
pub use value::{Ty, Value};

/// The code examples of `docs/embedding.md`, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/embedding.md")]
pub struct EmbeddingDoc;
