//! Workbooks written: placeholder.
