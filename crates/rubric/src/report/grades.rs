//! A node's grade (等次) as data: the grade, why (the interval its score is in, a line that fixed
//! or barred it, a quota that moved it) and the points to the next grade. `render` says it.

use crate::value::{de_dec, ser_dec};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The grade of a graded node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// The grade's name (`良好`).
    pub name: String,
    /// Why the node has it.
    pub why: GradeWhy,
    /// The next better grade and the points that reach it, when the score alone decided the
    /// grade and a better one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextGrade>,
}

/// The next better grade: the points still needed to reach its lower bound, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextGrade {
    /// Its name.
    pub name: String,
    /// The points the node's score needs to reach it (for an open lower bound, to pass it: any
    /// more than this).
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub points: Decimal,
    /// Whether the bound is open (`(90, ..)`): the score must exceed it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
}

/// An end of a grade's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeBound {
    /// The score.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub points: Decimal,
    /// Whether the score itself is in the interval (`[`, `]`; 含).
    pub closed: bool,
}

/// Why a node has its grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum GradeWhy {
    /// The score is in the grade's interval.
    Band {
        /// The interval as written.
        band: String,
        /// Its lower end, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lo: Option<GradeBound>,
        /// Its upper end, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hi: Option<GradeBound>,
        /// The document's wording.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A `NAME when COND` line fixed the grade (一票否决), the score unchanged.
    Fixed {
        /// The condition as written.
        when: String,
        /// The document's wording.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A `bar NAME when COND` line barred the grade the score gives, and the ones above.
    Barred {
        /// The grade the score gives.
        from: String,
        /// The grade barred.
        barred: String,
        /// The condition as written.
        when: String,
        /// The document's wording.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A quota moved the unit down from `from` (units scored together).
    Quota {
        /// The grade before the quota.
        from: String,
        /// The quota as written (`20%`).
        quota: String,
        /// How many units may get `from`.
        allowed: usize,
        /// How many units were scored together.
        of: usize,
        /// The unit's place by the node's score (competition rank: ties share it).
        place: usize,
        /// How many units share that place (all move when the tie straddles the cut).
        tied: usize,
        /// The document's wording of the quota.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}
