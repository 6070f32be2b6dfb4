//! What a score is made of, as data: the explained breakdown, and blank facts forms.

pub mod breakdown;
pub mod grades;
pub mod template;
