//! The records of a unit's list fact as the evaluator reads them ([`ListRecords`]): each record's
//! values in the order of the list's fields, the records one after another in one buffer of
//! values — no allocation a record. The units of a chunk read by column
//! ([`crate::eval::columns_lists`]) share one buffer, each unit a run of its records in it; a
//! list bound by name (JSON, TOML, a table read whole) has a buffer of its own.
//!
//! ```
//! use rubric::columns::ListRecords;
//! use rubric::value::Value;
//! let t = Value::Bool(true);
//! let f = Value::Bool(false);
//! let shared = std::sync::Arc::new(vec![t, f, f, f, t, t]);
//! // The second and third records of a list of two fields.
//! let records = ListRecords::of(shared, 2, 2, 2).unwrap();
//! assert_eq!(records.len(), 2);
//! assert_eq!(records.iter().collect::<Vec<_>>(), [&[f, f][..], &[t, t][..]]);
//! assert!(ListRecords::of(std::sync::Arc::new(vec![t]), 0, 1, 2).is_none());
//! ```

use crate::value::Value;
use std::sync::Arc;

/// The records of one list of a unit, each record's values in the order of the list's fields:
/// `count` records of `width` values each, from value `start` of a buffer shared with the
/// records of other units of the same chunk.
#[derive(Debug, Clone)]
pub struct ListRecords {
    values: Arc<Vec<Value>>,
    start: usize,
    count: usize,
    width: usize,
}

impl ListRecords {
    /// `count` records of `width` values from value `start` of `values`; none when they are
    /// not all in it.
    pub fn of(values: Arc<Vec<Value>>, start: usize, count: usize, width: usize) -> Option<ListRecords> {
        let end = count.checked_mul(width).and_then(|n| n.checked_add(start))?;
        (end <= values.len()).then_some(ListRecords { values, start, count, width })
    }

    /// The records of `values` alone, whole records of `width` values one after another (a
    /// list declares at least one field: `check/lists`; with none, `count` records of none).
    pub(crate) fn owned(values: Vec<Value>, count: usize, width: usize) -> ListRecords {
        let count = values.len().checked_div(width).unwrap_or(count);
        ListRecords { values: Arc::new(values), start: 0, count, width }
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there is no record.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The records in order, each its values in the order of the list's fields.
    pub fn iter(&self) -> Iter<'_> {
        let rest = self.values.get(self.start..).unwrap_or_default();
        Iter { rest, width: self.width, left: self.count }
    }
}

/// Records are equal when their values are, wherever they are kept.
impl PartialEq for ListRecords {
    fn eq(&self, other: &ListRecords) -> bool {
        self.count == other.count && self.width == other.width && self.iter().eq(other.iter())
    }
}

impl Eq for ListRecords {}

impl<'a> IntoIterator for &'a ListRecords {
    type Item = &'a [Value];
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The records of a [`ListRecords`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    rest: &'a [Value],
    width: usize,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a [Value];

    #[inline]
    fn next(&mut self) -> Option<&'a [Value]> {
        self.left = self.left.checked_sub(1)?;
        // Always there: [`ListRecords::of`] checks the records are in the buffer.
        let (record, rest) = self.rest.split_at_checked(self.width)?;
        self.rest = rest;
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}
