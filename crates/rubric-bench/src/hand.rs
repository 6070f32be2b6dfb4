//! The seed 000 rubric written by hand in plain Rust: the practical limit the evaluator is measured against.
//!
//! One function, no allocation, exact decimals. It follows the rule file row by row: awards
//! (all or nothing per "(N分)" part), the two `on zero => 100%` rates, the 核查完成率 band,
//! per-incident deductions, the default floor 0 (扣完为止), `zero when`, and the date deadline.
//! Caps that cannot bind are left out (every row's awards add up to at most its `max`, every
//! section's rows to exactly the section's `max`), as a careful engineer writing this one
//! rubric would; the agreement test (`tests/agree.rs`) shows that this changes no score.
//! Counts are `u32`, so `points × count` cannot overflow a `Decimal`.

use crate::facts::Facts;
use crate::{ROWS, Scores};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;
const ONE: Decimal = Decimal::ONE;
const P0_1: Decimal = Decimal::from_parts(1, 0, 0, false, 1);
const P0_2: Decimal = Decimal::from_parts(2, 0, 0, false, 1);
const P0_5: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
const P1_5: Decimal = Decimal::from_parts(15, 0, 0, false, 1);
const P2: Decimal = Decimal::TWO;
const P3: Decimal = Decimal::from_parts(3, 0, 0, false, 0);
const RATE_50: Decimal = Decimal::from_parts(50, 0, 0, false, 2);
const RATE_65: Decimal = Decimal::from_parts(65, 0, 0, false, 2);
const RATE_90: Decimal = Decimal::from_parts(90, 0, 0, false, 2);

/// 五.3: the subsidies must be paid by the end of July 2024.
const SUBSIDY_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(2024, 7, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// `points` when `cond` holds.
#[inline(always)]
fn award(cond: bool, points: Decimal) -> Decimal {
    if cond { points } else { ZERO }
}

/// `done / due`, or 100% when nothing was due (`on zero => 100%`).
#[inline(always)]
fn rate(done: u32, due: u32) -> Decimal {
    if due == 0 { ONE } else { Decimal::from(done).checked_div(Decimal::from(due)).unwrap_or(ONE) }
}

/// `points × count`.
#[inline(always)]
fn per(points: Decimal, count: u32) -> Decimal {
    points * Decimal::from(count)
}

/// Scores one unit: the total and every row, exactly as the rule file does.
pub fn score(f: &Facts) -> Scores {
    // ---- 一 领导小组办公室作用发挥 (10)
    let r1_1 = award(f.lg_full_meetings >= 2 && f.lg_topic_meetings && f.liaison_meetings >= 1, P3);
    let r1_2 = award(f.plans_reported, ONE);
    let r1_3 = award(f.coord_ledger, P0_5);
    let r1_4 = award(f.in_appraisal, P0_5);
    let r1_5 = award(f.min_monthly_reports >= 2, P2);
    let r1_6 = award(f.inspection_plan, ONE);
    let r1_7 = award(f.surveys >= 2, ONE);
    let r1_8 = award(f.materials_on_time, ONE);

    // ---- 二 综合工作 (10)
    let r2_1_1 = award(f.stats_timely, ONE) + award(f.stats_training, ONE);
    let r2_2_1 = award(f.it_rollout, ONE) + award(f.data_security, ONE);
    let r2_3_1 = award(f.funds_paid, P3) + award(f.funds_evaluated, P3);

    // ---- 三 思想政治权益维护工作 (15)
    let r3_1_1 = award(f.model_publicity, P0_5) + award(f.model_talks, P0_5);
    let r3_2_1 = if f.contact_as_required {
        award(f.contacts_entered, P0_2)
            + award(f.contact_plan, P0_2)
            + award(f.contact_done, P0_2)
            + award(f.contact_quarterly, P0_2)
            + award(f.contact_yearly, P0_2)
    } else {
        ZERO // zero when not 按要求落实常态化联系
    };
    let r3_2_2 = award(f.aid_budgeted, P0_5) + award(f.aid_entered, P0_5);
    let r3_3_1 = award(f.volunteers_active, P0_5) + award(f.volunteer_rules, P0_5);
    let r3_4_1 = award(f.risk_plan, ONE) + award(f.leader_cases, ONE);
    let r3_4_2 = award(f.petition_contingency, P0_5)
        + award(f.opinion_reported, P0_5)
        + award(f.petition_agents, P0_5)
        + award(f.petition_procedure, P0_5);
    let r3_4_3_1 = award(f.petition_ledgers, ONE);
    let r3_4_3_2 = (award(f.petition_standard, P1_5) - per(P0_5, f.petition_failed)).max(ZERO);
    let r3_4_3_3 = award(!f.petition_bypass, P1_5);
    let r3_4_4 = award(rate(f.supervised_closed, f.supervised_cases) >= ONE, P1_5)
        + award(rate(f.assigned_closed, f.assigned_cases) >= ONE, P1_5);

    // ---- 四 就业创业工作 (15)
    let r4_1 = award(f.job_policies, P3);
    let r4_2 = award(f.job_publicity, ONE);
    let r4_3 = award(f.barracks_visits && f.job_fairs >= 2, P2);
    let r4_4 = award(f.gov_firm_jobs, P2);
    let r4_5 = award(f.training_survey, P2);
    let r4_6 = award(f.training_done, P2);
    let r4_7 = award(f.unity_in_jobs, ONE);
    let r4_8 = award(f.incubators, P2);

    // ---- 五 移交安置工作 (15)
    let r5_1 = award(f.officers_placed, P3);
    let r5_2 = award(f.soldiers_placed, P2) + award(f.posts_guaranteed, ONE);
    let r5_3 = award(f.subsidy_paid_on <= SUBSIDY_DEADLINE, P3);
    let r5_4 = award(f.monthly_pension_placed, P2);
    let r5_5 = award(f.demobilised_placed, P2);
    let r5_6 = award(f.civilians_received, P2);

    // ---- 六 拥军优抚和褒扬纪念工作 (15)
    let r6_1_1 = award(f.model_city_ready, P2);
    let r6_1_2 = award(f.double_list, ONE);
    let r6_1_3 = award(f.support_budgeted, ONE);
    let r6_1_4 = if f.children_denied >= 3 { ZERO } else { (ONE - per(P0_5, f.children_denied)).max(ZERO) };
    let r6_1_5 = ONE - award(!f.support_publicity, ONE);
    let r6_2_1 = award(f.benefit_campaign, P2);
    let r6_2_2 = {
        let late_payments = f.late_payments.late();
        let late = if late_payments < 6 { per(P0_1, late_payments) } else { ONE };
        (ONE - award(f.below_national, P0_5) - award(f.below_city, P0_5) - late).max(ZERO)
    };
    let r6_2_3 = ONE - award(!f.conscript_paid, ONE);
    let r6_2_4 = {
        let r = rate(f.checks_done, f.checks_due);
        if r < RATE_50 {
            ZERO
        } else if r <= RATE_65 {
            ONE
        } else if r <= RATE_90 {
            P1_5
        } else {
            P2
        }
    };
    let r6_3_1 = ONE - award(!f.qingming_rites, P0_5) - award(!f.martyrs_day_rites, P0_5);
    let r6_3_2 = award(f.memorial_budget, ONE);
    let r6_3_3 = award(f.honour_plaques, ONE);

    // ---- 七 退役军人服务中心（站）建设和运转工作 (20)
    let r7_1_1 = award(f.reviews >= 1 && f.review_ledger, P3);
    let r7_2_1 = award(f.ideology_sites, P3);
    let r7_2_2 = award(f.min_quarterly_training >= 1, P2);
    let r7_2_3 = award(f.quarterly_plans && f.min_quarterly_head_meetings >= 1 && f.yearly_plans, P2);
    let r7_2_4 = award(f.ledgers, P2);
    let r7_2_5 = award(f.files_and_cards, P2);
    let r7_2_6 = award(f.handbook && f.activity_reports >= 2, P3);
    let r7_2_7 = award(f.model_stations >= 2, P3);

    let rows: [Decimal; ROWS] = [
        r1_1, r1_2, r1_3, r1_4, r1_5, r1_6, r1_7, r1_8, //
        r2_1_1, r2_2_1, r2_3_1, //
        r3_1_1, r3_2_1, r3_2_2, r3_3_1, r3_4_1, r3_4_2, r3_4_3_1, r3_4_3_2, r3_4_3_3, r3_4_4, //
        r4_1, r4_2, r4_3, r4_4, r4_5, r4_6, r4_7, r4_8, //
        r5_1, r5_2, r5_3, r5_4, r5_5, r5_6, //
        r6_1_1, r6_1_2, r6_1_3, r6_1_4, r6_1_5, r6_2_1, r6_2_2, r6_2_3, r6_2_4, r6_3_1, r6_3_2, r6_3_3, //
        r7_1_1, r7_2_1, r7_2_2, r7_2_3, r7_2_4, r7_2_5, r7_2_6, r7_2_7,
    ];
    let mut total = ZERO;
    for r in &rows {
        total += *r;
    }
    Scores { total, rows }
}
