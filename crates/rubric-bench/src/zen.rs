//! The seed 000 rubric in zen-expression (GoRules): one compiled expression per row, summed per unit.
//!
//! Each row is one standard expression over the unit's facts (ASCII names from
//! [`crate::facts::NAMES`]), compiled once; a unit is a zen object built once from its
//! [`Facts`]. zen numbers are `rust_decimal` decimals, so the results compare exactly. The
//! rows' sum is the total (the sections' caps cannot bind: their rows add up to exactly the
//! section's `max`).
//!
//! 六.2.2 is scored from the ledger of payment dates with the 2024 holiday calendar; zen has no
//! working-day calendar, so it is given the count of late payments (`late_payments`), worked
//! out in Rust from the dates by [`crate::facts::Payments::late`] as the hand-written rubric does.

use crate::facts::{Facts, Value};
use crate::{ROW_IDS, ROWS, Scores};
use rust_decimal::Decimal;
use zen_expression::expression::Standard;
use zen_expression::variable::{Variable, VariableMap};
use zen_expression::vm::VM;
use zen_expression::{DateValue, Expression};

/// The rows' expressions, in [`ROW_IDS`] order.
pub const ROW_EXPRS: [&str; ROWS] = [
    // ---- 一 领导小组办公室作用发挥 (10)
    "(lg_full_meetings >= 2 and lg_topic_meetings and liaison_meetings >= 1) ? 3 : 0",
    "plans_reported ? 1 : 0",
    "coord_ledger ? 0.5 : 0",
    "in_appraisal ? 0.5 : 0",
    "min_monthly_reports >= 2 ? 2 : 0",
    "inspection_plan ? 1 : 0",
    "surveys >= 2 ? 1 : 0",
    "materials_on_time ? 1 : 0",
    // ---- 二 综合工作 (10)
    "(stats_timely ? 1 : 0) + (stats_training ? 1 : 0)",
    "(it_rollout ? 1 : 0) + (data_security ? 1 : 0)",
    "(funds_paid ? 3 : 0) + (funds_evaluated ? 3 : 0)",
    // ---- 三 思想政治权益维护工作 (15)
    "(model_publicity ? 0.5 : 0) + (model_talks ? 0.5 : 0)",
    "contact_as_required ? (contacts_entered ? 0.2 : 0) + (contact_plan ? 0.2 : 0) + (contact_done ? 0.2 : 0) \
     + (contact_quarterly ? 0.2 : 0) + (contact_yearly ? 0.2 : 0) : 0",
    "(aid_budgeted ? 0.5 : 0) + (aid_entered ? 0.5 : 0)",
    "(volunteers_active ? 0.5 : 0) + (volunteer_rules ? 0.5 : 0)",
    "(risk_plan ? 1 : 0) + (leader_cases ? 1 : 0)",
    "(petition_contingency ? 0.5 : 0) + (opinion_reported ? 0.5 : 0) + (petition_agents ? 0.5 : 0) \
     + (petition_procedure ? 0.5 : 0)",
    "petition_ledgers ? 1 : 0",
    "max([0, (petition_standard ? 1.5 : 0) - 0.5 * petition_failed])",
    "petition_bypass ? 0 : 1.5",
    "((supervised_cases == 0 ? 1 : supervised_closed / supervised_cases) >= 1 ? 1.5 : 0) \
     + ((assigned_cases == 0 ? 1 : assigned_closed / assigned_cases) >= 1 ? 1.5 : 0)",
    // ---- 四 就业创业工作 (15)
    "job_policies ? 3 : 0",
    "job_publicity ? 1 : 0",
    "(barracks_visits and job_fairs >= 2) ? 2 : 0",
    "gov_firm_jobs ? 2 : 0",
    "training_survey ? 2 : 0",
    "training_done ? 2 : 0",
    "unity_in_jobs ? 1 : 0",
    "incubators ? 2 : 0",
    // ---- 五 移交安置工作 (15)
    "officers_placed ? 3 : 0",
    "(soldiers_placed ? 2 : 0) + (posts_guaranteed ? 1 : 0)",
    "subsidy_paid_on <= d('2024-07-31') ? 3 : 0",
    "monthly_pension_placed ? 2 : 0",
    "demobilised_placed ? 2 : 0",
    "civilians_received ? 2 : 0",
    // ---- 六 拥军优抚和褒扬纪念工作 (15)
    "model_city_ready ? 2 : 0",
    "double_list ? 1 : 0",
    "support_budgeted ? 1 : 0",
    "children_denied >= 3 ? 0 : max([0, 1 - 0.5 * children_denied])",
    "1 - (support_publicity ? 0 : 1)",
    "benefit_campaign ? 2 : 0",
    "max([0, 1 - (below_national ? 0.5 : 0) - (below_city ? 0.5 : 0) - (late_payments < 6 ? 0.1 * late_payments : 1)])",
    "1 - (conscript_paid ? 0 : 1)",
    "rate = checks_due == 0 ? 1 : checks_done / checks_due; \
     rate < 0.5 ? 0 : (rate <= 0.65 ? 1 : (rate <= 0.9 ? 1.5 : 2))",
    "1 - (qingming_rites ? 0 : 0.5) - (martyrs_day_rites ? 0 : 0.5)",
    "memorial_budget ? 1 : 0",
    "honour_plaques ? 1 : 0",
    // ---- 七 退役军人服务中心（站）建设和运转工作 (20)
    "(reviews >= 1 and review_ledger) ? 3 : 0",
    "ideology_sites ? 3 : 0",
    "min_quarterly_training >= 1 ? 2 : 0",
    "(quarterly_plans and min_quarterly_head_meetings >= 1 and yearly_plans) ? 2 : 0",
    "ledgers ? 2 : 0",
    "files_and_cards ? 2 : 0",
    "(handbook and activity_reports >= 2) ? 3 : 0",
    "model_stations >= 2 ? 3 : 0",
];

/// The seed 000 rubric compiled to zen bytecode.
#[derive(Debug, Clone)]
pub struct ZenRubric {
    rows: Vec<Expression<Standard>>,
}

impl ZenRubric {
    /// Compiles every row's expression.
    pub fn new() -> Result<ZenRubric, String> {
        let rows = ROW_EXPRS
            .iter()
            .zip(ROW_IDS)
            .map(|(src, id)| zen_expression::compile_expression(src).map_err(|e| format!("row {id}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ZenRubric { rows })
    }

    /// Scores one unit, given its context ([`context`]) and a reusable VM.
    pub fn score(&self, unit: &Variable, vm: &mut VM) -> Result<Scores, String> {
        let mut rows = [Decimal::ZERO; ROWS];
        let mut total = Decimal::ZERO;
        for ((slot, expr), id) in rows.iter_mut().zip(&self.rows).zip(ROW_IDS) {
            match expr.evaluate_with(unit.clone(), vm) {
                Ok(Variable::Number(n)) => {
                    *slot = n;
                    total = total.checked_add(n).ok_or_else(|| format!("row {id}: overflow"))?;
                }
                Ok(other) => return Err(format!("row {id}: not a number: {other:?}")),
                Err(e) => return Err(format!("row {id}: {e}")),
            }
        }
        Ok(Scores { total, rows })
    }
}

/// A unit's facts as a zen object: counts as numbers, yes/no as booleans, dates as zen dates.
pub fn context(facts: &Facts) -> Result<Variable, String> {
    let values = facts.values();
    let mut map = VariableMap::with_capacity(values.len());
    for (name, value) in values {
        let v = match value {
            Value::Count(n) => Variable::Number(Decimal::from(n)),
            Value::Bool(b) => Variable::Bool(b),
            Value::Date(d) => {
                let text = d.format("%Y-%m-%d").to_string();
                DateValue::from_text(&text).ok_or_else(|| format!("zen does not read the date {text}"))?
            }
        };
        map.insert(name.into(), v);
    }
    Ok(Variable::from_object(map))
}
