//! The claims a scoring sentence makes: points, bands, deductions, caps, with byte spans.

use rust_decimal::Decimal;

/// A byte range `start..end` into the sentence that was read.
///
/// ```
/// let r = rubric_text::read("本项不得分");
/// let span = r.claims()[0].span;
/// assert_eq!(span.text("本项不得分"), "本项不得分");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The text of this span in `sentence` (empty when the span does not fit it).
    pub fn text<'a>(&self, sentence: &'a str) -> &'a str {
        sentence.get(self.start..self.end).unwrap_or("")
    }
}

/// What a number counts: the unit written after it.
///
/// ```
/// use rubric_text::{read, Claim, Unit};
/// let r = read("每有1件评价结果为不合格的，扣除0.5分");
/// assert!(matches!(&r.claims()[0], c if matches!(c.kind, Claim::DeductPer(ref d) if d.unit == Unit::Case)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unit {
    /// No unit written.
    None,
    /// `%` / `％`: the value is as written (50 for 50%).
    Percent,
    /// 件
    Case,
    /// 次 / 回
    Time,
    /// 人 / 名
    Person,
    /// 天 / 日
    Day,
    /// 元
    Yuan,
    /// 分 (points)
    Point,
    /// 个 / 项 / 篇 / 家 / 起 (things counted)
    Item,
    /// 个月 (a number of months)
    Month,
}

/// A comparison a condition states: `3名及以上` is `>= 3` persons.
///
/// ```
/// use rubric_text::{read, Claim, Op};
/// let r = read("3名及以上未享受优待本项不得分");
/// let Claim::Zero(z) = &r.claims()[0].kind else { panic!() };
/// assert_eq!(z.condition.as_ref().and_then(|c| c.compare).map(|c| c.op), Some(Op::Ge));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `>=`: 以上, 及以上, 不低于, 不少于, 至少, 达到, 满
    Ge,
    /// `>`: 超过, 高于, 多于
    Gt,
    /// `<=`: 以下, 及以下, 以内, 不超过, 最多
    Le,
    /// `<`: 不足, 不满, 低于, 少于, (不含)以下
    Lt,
}

/// `subject op value unit`, as the text states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compare {
    /// How the value is compared.
    pub op: Op,
    /// The number as written (50 for 50%).
    pub value: Decimal,
    /// Its unit.
    pub unit: Unit,
    /// The words of the comparison (`3名及以上`).
    pub span: Span,
}

/// A condition: the words that state it, and the comparison in it when one was read.
///
/// ```
/// let r = rubric_text::read("受到服务质量投诉的扣3分");
/// let rubric_text::Claim::Deduct(d) = &r.claims()[0].kind else { panic!() };
/// let c = d.condition.unwrap();
/// assert_eq!(c.span.text("受到服务质量投诉的扣3分"), "受到服务质量投诉");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The words (`受到服务质量投诉的`, trailing `的` left out).
    pub span: Span,
    /// The comparison the words make, if read.
    pub compare: Option<Compare>,
}

/// Points stated with the span of their number phrase (`(3分)`, `得1.5分`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Points {
    /// The points.
    pub points: Decimal,
}

/// How the side of a band edge was decided (the reading guide's two rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Binding {
    /// An explicit note: (含) (不含) (包含N) (不包含N) 含本数.
    Note,
    /// A boundary word: 以上 以下 不低于 超过 不足 不超过 …
    Word,
    /// `A至B` with no note: the end is in the band unless a neighbour has it.
    Range,
    /// Rule 2: the neighbouring band has the number, so this side is open.
    Neighbour,
    /// Two bands both claim the number and neither says so explicitly: not decided.
    Ambiguous,
}

/// One edge of a band.
///
/// ```
/// let r = rubric_text::read("完成率在50%(不含)以下本项不得分，完成率在50%至65%(包含65%),得1分");
/// let (first, _) = r.bands().next().unwrap();
/// let high = first.high.unwrap();
/// assert_eq!((high.value, high.closed, high.binding), (50.into(), false, rubric_text::Binding::Note));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The number as written (50 for 50%).
    pub value: Decimal,
    /// Its unit.
    pub unit: Unit,
    /// Whether the number itself is in the band.
    pub closed: bool,
    /// What decided `closed`.
    pub binding: Binding,
    /// The number and its boundary words.
    pub span: Span,
}

/// One level of a scale: `完成率在50%至65%(包含65%),得1分`.
///
/// ```
/// let s = "完成率在65%至90%(包含90%)得1.5分；完成率在90%以上，得2分";
/// let r = rubric_text::read(s);
/// let (top, _) = r.bands().last().unwrap();
/// assert_eq!(top.subject.unwrap().text(s), "完成率");
/// assert!(!top.low.unwrap().closed); // 90% belongs to the band below (rule 2)
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    /// What is measured (`完成率`), carried from the band before when a band leaves it out.
    pub subject: Option<Span>,
    /// The lower edge (`None`: from the bottom).
    pub low: Option<Edge>,
    /// The upper edge (`None`: no top).
    pub high: Option<Edge>,
    /// The points of this level (0 for 不得分).
    pub points: Decimal,
}

/// A deduction or an award: `受到服务质量投诉的扣3分`, `得1.5分`, `加1分`.
///
/// ```
/// let rubric_text::Claim::Bonus(b) = rubric_text::read("山区的加2分").claims()[0].kind else { panic!() };
/// assert_eq!(b.points, 2.into());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    /// The points.
    pub points: Decimal,
    /// The condition the clause states before the verb, if any.
    pub condition: Option<Condition>,
}

/// A per-case amount: `每有1件…扣除0.5分`, `出现一次扣0.1分`, `每篇加0.5分`.
///
/// ```
/// let s = "每有1件评价结果为不合格的，扣除0.5分";
/// let rubric_text::Claim::DeductPer(p) = rubric_text::read(s).claims()[0].kind else { panic!() };
/// assert_eq!(p.points, rust_decimal::Decimal::new(5, 1));
/// assert_eq!(p.subject.unwrap().text(s), "评价结果为不合格");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerCase {
    /// The points per `each` cases.
    pub points: Decimal,
    /// How many cases make one amount (1 in `每有1件`, 5 in `每满5件`).
    pub each: Decimal,
    /// The unit counted.
    pub unit: Unit,
    /// What is counted (`评价结果为不合格的`), if stated.
    pub subject: Option<Span>,
}

/// A limit on points: `扣完为止`, `最多扣2分`, `最高加2分`, `可倒扣`.
///
/// ```
/// use rubric_text::{read, Claim, Limit};
/// let r = read("每次扣0.5分，最多扣2分");
/// assert!(matches!(r.claims()[1].kind, Claim::Limit(Limit::DeductMax(n)) if n == 2.into()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// 扣完为止: the row does not go below 0.
    FloorZero,
    /// 最多扣N分, 扣分不超过N分: a deduction takes at most N.
    DeductMax(Decimal),
    /// 最高加N分, 加分不超过N分: a bonus gives at most N.
    BonusMax(Decimal),
    /// 可倒扣 (`None`), 最多倒扣N分 (`Some(N)`): the row may go below 0.
    Negative(Option<Decimal>),
    /// 扣分不封顶, 倒扣不设下限: no floor at all.
    NoFloor,
    /// 加分不设上限: no limit on the bonus.
    NoBonusMax,
    /// 最高N分, 最多得N分 (after a per-case award): the line gives at most N.
    Most(Decimal),
}

/// What one claim says.
///
/// ```
/// use rubric_text::{read, Claim};
/// let r = read("做好数据安全保障工作(1分)；加强统计人员培训(1分)；未完成扣除相应分值。");
/// let kinds: Vec<_> = r.claims().iter().map(|c| c.kind).collect();
/// assert!(matches!(kinds.as_slice(), [Claim::PartPoints(_), Claim::PartPoints(_), Claim::PartsAllOrNothing]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Claim {
    /// `(3分)` closing the sentence, the only one: the row's points.
    RowPoints(Points),
    /// `…(0.5分)；…(0.5分)`: the points of one part of the row.
    PartPoints(Points),
    /// `得1.5分` with its condition (a band's level is a [`Claim::Band`] instead).
    Earn(Amount),
    /// `扣0.5分`, `扣除0.5分` once, on a condition.
    Deduct(Amount),
    /// `每…扣N分`: per case.
    DeductPer(PerCase),
    /// `加N分` on a condition.
    Bonus(Amount),
    /// `每…加N分`: per case.
    BonusPer(PerCase),
    /// `不得分`, `本项不得分`, `分数全部扣除`: the row scores 0 when the condition holds.
    Zero(Zero),
    /// `一票否决`.
    Veto(Zero),
    /// A level of a scale.
    Band(Band),
    /// A limit on points.
    Limit(Limit),
    /// `未完成扣除相应分值`: each `(N分)` part is earned or not.
    PartsAllOrNothing,
    /// `每…得N分`: points earned per case.
    EarnPer(PerCase),
}

/// A condition that zeroes (or vetoes): `3名及以上未享受优待`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zero {
    /// The condition, if stated.
    pub condition: Option<Condition>,
}

/// A claim and the words that state it.
///
/// ```
/// let s = "受到服务态度投诉的扣3分。";
/// let c = rubric_text::read(s).claims()[0];
/// assert_eq!(c.span.text(s), "扣3分");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stated {
    /// What is claimed.
    pub kind: Claim,
    /// The words of the claim (its number phrase or key words).
    pub span: Span,
}

/// A sentence read: its claims in order and the spans that were not understood.
///
/// ```
/// let r = rubric_text::read("出现一次扣0.1分，出现6次及以上的扣1分。(1分)");
/// assert_eq!(r.claims().len(), 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub(crate) claims: Vec<Stated>,
    pub(crate) unread: Vec<Span>,
}

impl Reading {
    /// The claims, in the order of the sentence.
    pub fn claims(&self) -> &[Stated] {
        &self.claims
    }

    /// Clauses that state points (or a scoring verb) but were not understood: never guessed.
    pub fn unread(&self) -> &[Span] {
        &self.unread
    }

    /// The bands, in order.
    pub fn bands(&self) -> impl Iterator<Item = (&Band, Span)> {
        self.claims.iter().filter_map(|c| match &c.kind {
            Claim::Band(b) => Some((b, c.span)),
            _ => None,
        })
    }

    /// The row's points (`(3分)` closing the sentence), if stated.
    pub fn row_points(&self) -> Option<(Decimal, Span)> {
        self.claims.iter().find_map(|c| match c.kind {
            Claim::RowPoints(p) => Some((p.points, c.span)),
            _ => None,
        })
    }

    /// The part points (`(0.5分)` each), in order.
    pub fn part_points(&self) -> impl Iterator<Item = (Decimal, Span)> + '_ {
        self.claims.iter().filter_map(|c| match c.kind {
            Claim::PartPoints(p) => Some((p.points, c.span)),
            _ => None,
        })
    }
}
