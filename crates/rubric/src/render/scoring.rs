//! Scoring errors other than facts errors ([`EvalError`]) in Chinese. Their English is their
//! `Display` and `help`, kept for embedders; each variant has one arm here and there is no
//! catch-all, so a new error without its Chinese does not compile.

use super::errors::Said;
use crate::eval::EvalError;

/// A scoring error in Chinese, its message and help; `None` for facts errors, which
/// [`super::Render::facts_error`] says.
pub(super) fn zh(e: &EvalError) -> Option<(String, String)> {
    let said = match e {
        EvalError::Facts(_) => return None,
        EvalError::ZeroDenominator(z) => (
            format!("单位 `{}`：`{}` 除以零（`{}` 为 0）", z.unit, z.value, z.denominator),
            format!("在 `let {}` 后加上 `on zero => 值`，说明分母为零时取什么值；或改正事实", z.value),
        ),
        EvalError::RatioZero(r) => (
            format!("单位 `{}`：`{}` 除以零（`{}` 为 0）", r.unit, r.call, r.best),
            format!("用派生值说明此时取什么值：`let 比值 = {} on zero => 100%`，并在规则中读取 `比值`", r.call),
        ),
        EvalError::NoBand(b) => (
            format!("单位 `{}`：item `{}`：{} = {} 不在任何一档内", b.unit, b.item, b.subject, b.value),
            "为这个值加一档，或改正事实".into(),
        ),
        EvalError::JudgedOutOfRange(j) => (
            format!("单位 `{}`：`{}` = {} 超出 item `{}` 的 [0, {}]", j.unit, j.fact, j.value, j.item, j.max),
            "评定的分数应在 0 与该项满分之间".into(),
        ),
        EvalError::StepBudget(s) => (
            format!("单位 `{}`：评分所用步数超出预算", s.unit),
            "调高传给 `Rubric::evaluate_with` 的步数预算，或简化规则".into(),
        ),
        EvalError::PeriodsNeeded(p) => (
            format!("单位 `{}`：本规则分时段评分（{}），每个时段有各自的事实", p.unit, p.periods),
            "按时段给出本单位的事实（在事实文件中 `unit` 旁写 `period`），用 `rulecheck eval` 评分（代码中用 `Rubric::evaluate_periods`）".into(),
        ),
        EvalError::CohortAlone(c) => (
            format!("单位 `{}`：`{}` 要在各单位之间比较，但本单位是单独评分的", c.unit, c.call),
            "把各单位放在一起评分：`rulecheck eval 规则 事实` 在事实文件的全部单位中排名（代码中用 `Rubric::evaluate_all`，或 `Rubric::cohort` 加 `Rubric::score_in`）".into(),
        ),
        EvalError::Overflow(o) => {
            (format!("单位 `{}`：`{}` 溢出", o.unit, o.what), "数值太大，无法精确计算；请检查事实".into())
        }
        EvalError::Precision(p) => (
            format!("单位 `{}`：`{}` 的精确结果位数多于小数能容纳的位数", p.unit, p.what),
            "数值都是精确小数，最多 28 位小数、约 28 位数字，不写 `round` 就不舍入；请检查事实中有无填错的数".into(),
        ),
        EvalError::NegativeQuantity(n) => (
            format!(
                "单位 `{}`：item `{}`：`{} … per` 行的数量 `{}` 为 {}，小于 0",
                n.unit, n.item, n.line, n.quantity, n.value
            ),
            format!("`per` 的数量是计数，不会为负；如超出的部分算作没有，写 `max({}, 0)`，否则请改正事实", n.quantity),
        ),
        EvalError::PeriodMissing(p) => (
            format!("单位 `{}` 缺少时段 {} 的事实", p.unit, p.periods),
            "为每个时段给出本单位的事实（在 `\"unit\"` 旁写 `\"period\": \"…\"`）；缺少事实的时段不按零分计".into(),
        ),
        EvalError::PeriodFacts(p) => (
            format!("单位 `{}`：{}", p.unit, p.message),
            "每个单位的事实按规则声明的时段各给一次，用 `period` 写明时段；不分时段的规则，事实不写 `period`".into(),
        ),
        EvalError::Internal(i) => (
            format!("单位 `{}`：内部错误：{}", i.unit, i.what),
            "这是 rubric 的缺陷；请连同规则文件一起报告".into(),
        ),
        EvalError::InternalPlan(i) => {
            (format!("内部错误：{}", i.what), "这是 rubric 的缺陷；请连同规则文件一起报告".into())
        }
        EvalError::EmptyList(l) => (
            format!("单位 `{}`：`{}` 没有可取值的记录", l.unit, l.call),
            "写明没有记录时取什么值：`max(列表, 值, else 0)`；或给出本单位的记录".into(),
        ),
        EvalError::OtherRubric(o) => (
            format!("单位 `{}` 是用另一个规则绑定的", o.unit),
            "用为之评分的规则绑定本单位的事实（`rubric.bind(&facts)`），并用生成轨迹的规则呈现轨迹".into(),
        ),
        EvalError::NoSuchDate(n) => (
            format!("单位 `{}`：`{}` 得出 `date({})`，不是一个日期", n.unit, n.what, n.values),
            "日期的年份在 1900 至 2200 之间，月为 1–12，日为该月的一天；请检查用来组成日期的事实".into(),
        ),
        EvalError::EmptySubset(e) => (
            format!("单位 `{}`：没有单位满足 `{}` 的条件 `{}`", e.unit, e.call, e.among),
            format!("请写明无单位满足条件时的取值：`{}(… among …, else 值)`；或检查事实", e.func),
        ),
        EvalError::OutsideSubset(o) => (
            format!("单位 `{}`：读取了 `{}`，但本单位不满足 `{}`", o.unit, o.call, o.among),
            format!("只为满足条件的单位读取名次（`when {0}`、`if {0} then … else …`），或给出 `else` 值", o.among),
        ),
        EvalError::OutsideCalendar(o) => (
            format!("单位 `{}`：`{}` 要读 {} 的工作日安排，但没有日历覆盖该年", o.unit, o.what, o.date),
            "导入或声明该年的日历（`calendar \"…\" { year … }`），或检查事实中的日期".into(),
        ),
        EvalError::NotApplicable(n) => (
            format!("单位 `{}`：`{}` 不适用（`{}` 为不适用），且没有 `not_applicable =>` 说明其得分", n.unit, n.node, n.value),
            "按细则在该行或其上级写 `not_applicable => full`（得满分）或 `not_applicable => rescale`（按比例折算）".into(),
        ),
    };
    Some(said)
}

/// A scoring error said in Chinese, with its code.
pub(super) fn said(e: &EvalError) -> Option<Said> {
    let (message, help) = zh(e)?;
    let code = miette::Diagnostic::code(e).map(|c| c.to_string());
    Some(Said { code, message, help: Some(help), related: Vec::new() })
}
