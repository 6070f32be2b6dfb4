//! The seed 000 rubric in rhai (features `decimal`, `no_float`): one script, compiled once, run with a scope of the facts.
//!
//! With `no_float` and `decimal`, rhai's `0.5` is a `rust_decimal` decimal, so the results
//! compare exactly. Counts are rhai integers, yes/no facts booleans, and dates chrono dates
//! (a custom type with `<=`); 五.3's deadline is a constant of the static module `deadline`.
//! The script is one block (its `let`s do not stay in the scope) and returns
//! `[total, row, row, …]` in [`ROW_IDS`] order.
//!
//! 六.2.2 is scored from the ledger of payment dates with the 2024 holiday calendar; the
//! script is given the count of late payments (`late_payments`), worked out in Rust from the dates
//! by [`crate::facts::Payments::late`] as the hand-written rubric does (a calendar in the script
//! would measure rhai's date handling, not the rubric).

use crate::facts::{Facts, Value};
use crate::{ROW_IDS, ROWS, Scores};
use ::rhai::{AST, Array, Dynamic, Engine, Module, Scope};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The script.
pub const SCRIPT: &str = r#"
{
    // ---- 一 领导小组办公室作用发挥 (10)
    let r1_1 = if lg_full_meetings >= 2 && lg_topic_meetings && liaison_meetings >= 1 { 3.0 } else { 0.0 };
    let r1_2 = if plans_reported { 1.0 } else { 0.0 };
    let r1_3 = if coord_ledger { 0.5 } else { 0.0 };
    let r1_4 = if in_appraisal { 0.5 } else { 0.0 };
    let r1_5 = if min_monthly_reports >= 2 { 2.0 } else { 0.0 };
    let r1_6 = if inspection_plan { 1.0 } else { 0.0 };
    let r1_7 = if surveys >= 2 { 1.0 } else { 0.0 };
    let r1_8 = if materials_on_time { 1.0 } else { 0.0 };

    // ---- 二 综合工作 (10)
    let r2_1_1 = (if stats_timely { 1.0 } else { 0.0 }) + (if stats_training { 1.0 } else { 0.0 });
    let r2_2_1 = (if it_rollout { 1.0 } else { 0.0 }) + (if data_security { 1.0 } else { 0.0 });
    let r2_3_1 = (if funds_paid { 3.0 } else { 0.0 }) + (if funds_evaluated { 3.0 } else { 0.0 });

    // ---- 三 思想政治权益维护工作 (15)
    let r3_1_1 = (if model_publicity { 0.5 } else { 0.0 }) + (if model_talks { 0.5 } else { 0.0 });
    let r3_2_1 = if contact_as_required {
        (if contacts_entered { 0.2 } else { 0.0 }) + (if contact_plan { 0.2 } else { 0.0 })
            + (if contact_done { 0.2 } else { 0.0 }) + (if contact_quarterly { 0.2 } else { 0.0 })
            + (if contact_yearly { 0.2 } else { 0.0 })
    } else {
        0.0
    };
    let r3_2_2 = (if aid_budgeted { 0.5 } else { 0.0 }) + (if aid_entered { 0.5 } else { 0.0 });
    let r3_3_1 = (if volunteers_active { 0.5 } else { 0.0 }) + (if volunteer_rules { 0.5 } else { 0.0 });
    let r3_4_1 = (if risk_plan { 1.0 } else { 0.0 }) + (if leader_cases { 1.0 } else { 0.0 });
    let r3_4_2 = (if petition_contingency { 0.5 } else { 0.0 }) + (if opinion_reported { 0.5 } else { 0.0 })
        + (if petition_agents { 0.5 } else { 0.0 }) + (if petition_procedure { 0.5 } else { 0.0 });
    let r3_4_3_1 = if petition_ledgers { 1.0 } else { 0.0 };
    let r3_4_3_2 = (if petition_standard { 1.5 } else { 0.0 }) - 0.5 * petition_failed;
    if r3_4_3_2 < 0.0 { r3_4_3_2 = 0.0; }
    let r3_4_3_3 = if petition_bypass { 0.0 } else { 1.5 };
    let supervised_rate = if supervised_cases == 0 { 1.0 } else { supervised_closed.to_decimal() / supervised_cases };
    let assigned_rate = if assigned_cases == 0 { 1.0 } else { assigned_closed.to_decimal() / assigned_cases };
    let r3_4_4 = (if supervised_rate >= 1.0 { 1.5 } else { 0.0 }) + (if assigned_rate >= 1.0 { 1.5 } else { 0.0 });

    // ---- 四 就业创业工作 (15)
    let r4_1 = if job_policies { 3.0 } else { 0.0 };
    let r4_2 = if job_publicity { 1.0 } else { 0.0 };
    let r4_3 = if barracks_visits && job_fairs >= 2 { 2.0 } else { 0.0 };
    let r4_4 = if gov_firm_jobs { 2.0 } else { 0.0 };
    let r4_5 = if training_survey { 2.0 } else { 0.0 };
    let r4_6 = if training_done { 2.0 } else { 0.0 };
    let r4_7 = if unity_in_jobs { 1.0 } else { 0.0 };
    let r4_8 = if incubators { 2.0 } else { 0.0 };

    // ---- 五 移交安置工作 (15)
    let r5_1 = if officers_placed { 3.0 } else { 0.0 };
    let r5_2 = (if soldiers_placed { 2.0 } else { 0.0 }) + (if posts_guaranteed { 1.0 } else { 0.0 });
    let r5_3 = if subsidy_paid_on <= deadline::SUBSIDY { 3.0 } else { 0.0 };
    let r5_4 = if monthly_pension_placed { 2.0 } else { 0.0 };
    let r5_5 = if demobilised_placed { 2.0 } else { 0.0 };
    let r5_6 = if civilians_received { 2.0 } else { 0.0 };

    // ---- 六 拥军优抚和褒扬纪念工作 (15)
    let r6_1_1 = if model_city_ready { 2.0 } else { 0.0 };
    let r6_1_2 = if double_list { 1.0 } else { 0.0 };
    let r6_1_3 = if support_budgeted { 1.0 } else { 0.0 };
    let r6_1_4 = 1.0 - 0.5 * children_denied;
    if r6_1_4 < 0.0 || children_denied >= 3 { r6_1_4 = 0.0; }
    let r6_1_5 = 1.0 - (if support_publicity { 0.0 } else { 1.0 });
    let r6_2_1 = if benefit_campaign { 2.0 } else { 0.0 };
    let r6_2_2 = 1.0 - (if below_national { 0.5 } else { 0.0 }) - (if below_city { 0.5 } else { 0.0 })
        - (if late_payments < 6 { 0.1 * late_payments } else { 1.0 });
    if r6_2_2 < 0.0 { r6_2_2 = 0.0; }
    let r6_2_3 = 1.0 - (if conscript_paid { 0.0 } else { 1.0 });
    let check_rate = if checks_due == 0 { 1.0 } else { checks_done.to_decimal() / checks_due };
    let r6_2_4 = if check_rate < 0.5 { 0.0 } else if check_rate <= 0.65 { 1.0 } else if check_rate <= 0.9 { 1.5 } else { 2.0 };
    let r6_3_1 = 1.0 - (if qingming_rites { 0.0 } else { 0.5 }) - (if martyrs_day_rites { 0.0 } else { 0.5 });
    let r6_3_2 = if memorial_budget { 1.0 } else { 0.0 };
    let r6_3_3 = if honour_plaques { 1.0 } else { 0.0 };

    // ---- 七 退役军人服务中心（站）建设和运转工作 (20)
    let r7_1_1 = if reviews >= 1 && review_ledger { 3.0 } else { 0.0 };
    let r7_2_1 = if ideology_sites { 3.0 } else { 0.0 };
    let r7_2_2 = if min_quarterly_training >= 1 { 2.0 } else { 0.0 };
    let r7_2_3 = if quarterly_plans && min_quarterly_head_meetings >= 1 && yearly_plans { 2.0 } else { 0.0 };
    let r7_2_4 = if ledgers { 2.0 } else { 0.0 };
    let r7_2_5 = if files_and_cards { 2.0 } else { 0.0 };
    let r7_2_6 = if handbook && activity_reports >= 2 { 3.0 } else { 0.0 };
    let r7_2_7 = if model_stations >= 2 { 3.0 } else { 0.0 };

    let s1 = r1_1 + r1_2 + r1_3 + r1_4 + r1_5 + r1_6 + r1_7 + r1_8;
    let s2 = r2_1_1 + r2_2_1 + r2_3_1;
    let s3 = r3_1_1 + r3_2_1 + r3_2_2 + r3_3_1 + r3_4_1 + r3_4_2 + r3_4_3_1 + r3_4_3_2 + r3_4_3_3 + r3_4_4;
    let s4 = r4_1 + r4_2 + r4_3 + r4_4 + r4_5 + r4_6 + r4_7 + r4_8;
    let s5 = r5_1 + r5_2 + r5_3 + r5_4 + r5_5 + r5_6;
    let s6 = r6_1_1 + r6_1_2 + r6_1_3 + r6_1_4 + r6_1_5 + r6_2_1 + r6_2_2 + r6_2_3 + r6_2_4 + r6_3_1 + r6_3_2 + r6_3_3;
    let s7 = r7_1_1 + r7_2_1 + r7_2_2 + r7_2_3 + r7_2_4 + r7_2_5 + r7_2_6 + r7_2_7;

    [
        s1 + s2 + s3 + s4 + s5 + s6 + s7,
        r1_1, r1_2, r1_3, r1_4, r1_5, r1_6, r1_7, r1_8,
        r2_1_1, r2_2_1, r2_3_1,
        r3_1_1, r3_2_1, r3_2_2, r3_3_1, r3_4_1, r3_4_2, r3_4_3_1, r3_4_3_2, r3_4_3_3, r3_4_4,
        r4_1, r4_2, r4_3, r4_4, r4_5, r4_6, r4_7, r4_8,
        r5_1, r5_2, r5_3, r5_4, r5_5, r5_6,
        r6_1_1, r6_1_2, r6_1_3, r6_1_4, r6_1_5, r6_2_1, r6_2_2, r6_2_3, r6_2_4, r6_3_1, r6_3_2, r6_3_3,
        r7_1_1, r7_2_1, r7_2_2, r7_2_3, r7_2_4, r7_2_5, r7_2_6, r7_2_7
    ]
}
"#;

/// 五.3's deadline.
const SUBSIDY_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(2024, 7, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The seed 000 rubric compiled to a rhai AST, with the engine that runs it.
#[derive(Debug)]
pub struct RhaiRubric {
    engine: Engine,
    ast: AST,
}

impl RhaiRubric {
    /// Sets up the engine (dates with `<=`, the deadline) and compiles the script.
    pub fn new() -> Result<RhaiRubric, String> {
        let mut engine = Engine::new();
        engine.register_type_with_name::<NaiveDate>("Date");
        engine.register_fn("<=", |a: NaiveDate, b: NaiveDate| a <= b);
        let mut deadline = Module::new();
        deadline.set_var("SUBSIDY", SUBSIDY_DEADLINE);
        engine.register_static_module("deadline", deadline.into());
        let ast = engine.compile(SCRIPT).map_err(|e| e.to_string())?;
        Ok(RhaiRubric { engine, ast })
    }

    /// Scores one unit, given its scope ([`scope`]); the scope is left as it was.
    pub fn score(&self, scope: &mut Scope<'static>) -> Result<Scores, String> {
        let out: Array = self.engine.eval_ast_with_scope(scope, &self.ast).map_err(|e| e.to_string())?;
        if out.len() != ROWS + 1 {
            return Err(format!("the script returned {} values, not {}", out.len(), ROWS + 1));
        }
        let mut values = out.into_iter().map(decimal);
        let total = values.next().ok_or("no total")??;
        let mut rows = [Decimal::ZERO; ROWS];
        for ((slot, v), id) in rows.iter_mut().zip(values).zip(ROW_IDS) {
            *slot = v.map_err(|e| format!("row {id}: {e}"))?;
        }
        Ok(Scores { total, rows })
    }
}

/// A rhai number as a decimal.
fn decimal(v: Dynamic) -> Result<Decimal, String> {
    if v.is_int() {
        return v.as_int().map(Decimal::from).map_err(str::to_owned);
    }
    v.as_decimal().map_err(str::to_owned)
}

/// A unit's facts as a rhai scope: counts as integers, yes/no as booleans, dates as chrono dates.
pub fn scope(facts: &Facts) -> Scope<'static> {
    let values = facts.values();
    let mut scope = Scope::with_capacity(values.len());
    for (name, value) in values {
        match value {
            Value::Count(n) => scope.push(name, i64::from(n)),
            Value::Bool(b) => scope.push(name, b),
            Value::Date(d) => scope.push(name, d),
        };
    }
    scope
}
