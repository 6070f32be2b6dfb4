//! The seed 000 facts as a typed struct, with the ASCII name each engine script uses for each fact.

use chrono::NaiveDate;
use rubric::{Raw, UnitFacts};
use std::collections::HashMap;

/// One fact's value, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A count.
    Count(u32),
    /// Yes or no.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
}

/// A typed fact read from its raw value.
trait FromRaw: Sized {
    fn from_raw(raw: &Raw) -> Option<Self>;
    fn value(self) -> Value;
}

impl FromRaw for u32 {
    fn from_raw(raw: &Raw) -> Option<Self> {
        match raw {
            Raw::Number(t) | Raw::Text(t) => t.parse().ok(),
            Raw::Bool(_) | Raw::Null | Raw::Records(_) => None,
        }
    }
    fn value(self) -> Value {
        Value::Count(self)
    }
}

impl FromRaw for bool {
    fn from_raw(raw: &Raw) -> Option<Self> {
        match raw {
            Raw::Bool(b) => Some(*b),
            Raw::Text(t) if t == "是" => Some(true),
            Raw::Text(t) if t == "否" => Some(false),
            _ => None,
        }
    }
    fn value(self) -> Value {
        Value::Bool(self)
    }
}

impl FromRaw for NaiveDate {
    fn from_raw(raw: &Raw) -> Option<Self> {
        match raw {
            Raw::Text(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").ok(),
            _ => None,
        }
    }
    fn value(self) -> Value {
        Value::Date(self)
    }
}

/// The most payments a unit's ledger of 六.2.2 may hold here (two a month).
pub const MAX_PAYMENTS: usize = 24;

/// The ledger of 六.2.2's payments (`抚恤发放`): each record's month and payment date, kept
/// inline so that the facts stay `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payments {
    len: usize,
    items: [(u32, NaiveDate); MAX_PAYMENTS],
}

impl Payments {
    /// A ledger of these records (`None` beyond [`MAX_PAYMENTS`]).
    pub fn of(records: &[(u32, NaiveDate)]) -> Option<Payments> {
        let mut items = [(0, NaiveDate::MIN); MAX_PAYMENTS];
        for (slot, r) in items.iter_mut().zip(records) {
            *slot = *r;
        }
        (records.len() <= MAX_PAYMENTS).then_some(Payments { len: records.len(), items })
    }

    /// The records.
    pub fn records(&self) -> &[(u32, NaiveDate)] {
        self.items.get(..self.len).unwrap_or_default()
    }

    /// How many times the funds were not paid by the 20th (the first working day from it when
    /// the 20th is a holiday or a weekend), by hand with [`crate::calendar`]: each record paid
    /// later, and each month with no record.
    pub fn late(&self) -> u32 {
        let mut paid = [false; 13];
        let mut late = 0;
        for &(m, d) in self.records() {
            if let Some(p) = paid.get_mut(m as usize) {
                *p = true;
            }
            if crate::calendar::deadline(m).is_none_or(|due| d > due) {
                late += 1;
            }
        }
        late + paid.iter().skip(1).filter(|p| !**p).count() as u32
    }
}

impl FromRaw for Payments {
    fn from_raw(raw: &Raw) -> Option<Self> {
        let Raw::Records(rs) = raw else { return None };
        let mut out = Vec::with_capacity(rs.len());
        for r in rs {
            let field = |f: &str| r.iter().find(|(k, _)| k == f).map(|(_, v)| v);
            let m = field("月份").and_then(<u32 as FromRaw>::from_raw)?;
            let d = field("发放日期").and_then(<NaiveDate as FromRaw>::from_raw)?;
            out.push((m, d));
        }
        Payments::of(&out)
    }
    /// zen and rhai are given the count of late payments, worked out in Rust (see `zen.rs`).
    fn value(self) -> Value {
        Value::Count(self.late())
    }
}

macro_rules! facts {
    ($($field:ident: $ty:ty = $name:literal,)*) => {
        /// The facts of one unit for the seed 000 rubric, one typed field per declared fact.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Facts {
            $(
                #[doc = $name]
                pub $field: $ty,
            )*
        }

        /// Every fact: its name in the rule file and the ASCII name the engine scripts use.
        pub const NAMES: [(&str, &str); COUNT] = [$(($name, stringify!($field)),)*];

        impl Facts {
            /// Reads a unit's facts; every declared fact must be given, with a value of its type.
            pub fn from_unit(unit: &UnitFacts) -> Result<Facts, String> {
                let given: HashMap<&str, &Raw> = unit.values.iter().map(|(k, v)| (k.as_str(), v)).collect();
                Ok(Facts {
                    $(
                        $field: given
                            .get($name)
                            .and_then(|raw| <$ty as FromRaw>::from_raw(raw))
                            .ok_or_else(|| format!("{}: fact `{}` is missing or not a {}", unit.unit, $name, stringify!($ty)))?,
                    )*
                })
            }

            /// Every fact's ASCII name and value, in declaration order.
            pub fn values(&self) -> [(&'static str, Value); COUNT] {
                [$((stringify!($field), FromRaw::value(self.$field)),)*]
            }
        }
    };
}

/// How many facts the seed 000 rubric declares.
pub const COUNT: usize = 86;

facts! {
    lg_full_meetings: u32 = "领导小组全体会议次数",
    lg_topic_meetings: bool = "按需召开专题会议",
    liaison_meetings: u32 = "联络员会议次数",
    plans_reported: bool = "按时上报计划总结",
    coord_ledger: bool = "协调清单台账",
    in_appraisal: bool = "纳入考核体系",
    min_monthly_reports: u32 = "月最少报送信息篇数",
    inspection_plan: bool = "督查计划落实",
    surveys: u32 = "专题调研次数",
    materials_on_time: bool = "按时准确上报材料",
    stats_timely: bool = "统计数据及时准确",
    stats_training: bool = "统计人员培训",
    it_rollout: bool = "信息系统推广管理",
    data_security: bool = "数据安全保障",
    funds_paid: bool = "专项资金及时拨付",
    funds_evaluated: bool = "资金绩效评估",
    model_publicity: bool = "最美典型学习宣传",
    model_talks: bool = "最美事迹宣讲",
    contacts_entered: bool = "联系对象全部录入",
    contact_plan: bool = "填报联系计划",
    contact_done: bool = "填报落实情况",
    contact_quarterly: bool = "填报季度总结",
    contact_yearly: bool = "填报年度总结",
    contact_as_required: bool = "按要求落实常态化联系",
    aid_budgeted: bool = "帮扶资金列入预算",
    aid_entered: bool = "帮扶对象全部录入",
    volunteers_active: bool = "志愿服务常态化",
    volunteer_rules: bool = "志愿服务制度台账",
    risk_plan: bool = "风险防控方案",
    leader_cases: bool = "县级领导包案",
    petition_contingency: bool = "信访应急预案",
    opinion_reported: bool = "舆情信息上报",
    petition_agents: bool = "信访代办员信息员",
    petition_procedure: bool = "按流程代办信访",
    petition_ledgers: bool = "信访制度台账完善",
    petition_standard: bool = "规范办理信访事项",
    petition_failed: u32 = "信访抽查不合格件数",
    petition_bypass: bool = "发生越级上访",
    supervised_cases: u32 = "督办信访事项数",
    supervised_closed: u32 = "督办信访办结数",
    assigned_cases: u32 = "交办信访事项数",
    assigned_closed: u32 = "交办信访办结数",
    job_policies: bool = "落实就业优惠政策",
    job_publicity: bool = "就业政策宣传",
    barracks_visits: bool = "进军营活动",
    job_fairs: u32 = "就业专场招聘会次数",
    gov_firm_jobs: bool = "政企就业合作",
    training_survey: bool = "培训需求摸底台账",
    training_done: bool = "教育培训落实",
    unity_in_jobs: bool = "铸牢意识纳入就业",
    incubators: bool = "孵化基地建设",
    officers_placed: bool = "军转干部接收安置",
    soldiers_placed: bool = "退役士兵接收安置",
    posts_guaranteed: bool = "安置编制保障",
    subsidy_paid_on: NaiveDate = "补助金发放完成日期",
    monthly_pension_placed: bool = "逐月领取退役金安置",
    demobilised_placed: bool = "复原军官接收安置",
    civilians_received: bool = "无军籍职工接收",
    model_city_ready: bool = "双拥迎检准备",
    double_list: bool = "双拥会议双清单",
    support_budgeted: bool = "双拥经费列入预算",
    children_denied: u32 = "未享受优待子女数",
    support_publicity: bool = "举办双拥宣传活动",
    benefit_campaign: bool = "优待政策专项行动",
    below_national: bool = "抚恤低于国家区标准",
    below_city: bool = "抚恤低于市级标准",
    late_payments: Payments = "抚恤发放",
    conscript_paid: bool = "义务兵优待金按时发放",
    checks_done: u32 = "核查完成数",
    checks_due: u32 = "应核查数",
    qingming_rites: bool = "清明节祭扫",
    martyrs_day_rites: bool = "烈士纪念日祭扫",
    memorial_budget: bool = "纪念设施经费预算",
    honour_plaques: bool = "光荣牌发放台账",
    reviews: u32 = "回头看次数",
    review_ledger: bool = "回头看督查台账",
    ideology_sites: bool = "思政阵地建设",
    min_quarterly_training: u32 = "季度最少培训次数",
    quarterly_plans: bool = "按季度计划总结",
    min_quarterly_head_meetings: u32 = "季度最少负责人会议次数",
    yearly_plans: bool = "年度计划总结上报",
    ledgers: bool = "分类工作台账",
    files_and_cards: bool = "建档立卡优待证",
    handbook: bool = "落实手册清单",
    activity_reports: u32 = "活动情况报送次数",
    model_stations: u32 = "特色服务站数",
}
