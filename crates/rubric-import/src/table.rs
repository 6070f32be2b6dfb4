//! The one table model every reader produces: a document's loose text and its tables, each a
//! list of rows of cells, with where each row starts in the source.

/// A document read: its tables, each with the loose text before it (title, preamble).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The tables in document order.
    pub tables: Vec<Table>,
    /// Loose text after the last table.
    pub trailing: Vec<String>,
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The lines of loose text right before the table (its title and preamble), non-empty.
    pub before: Vec<String>,
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// Whether the reader knows which cells are merged down (a .docx does; the text of a table
    /// does not, so an empty cell there may be the continuation of the one above).
    pub merges_known: bool,
}

/// One row of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Where the row starts: a 1-based line of the text, or the 1-based row of the .docx table.
    pub line: usize,
    /// The cells, left to right.
    pub cells: Vec<Cell>,
}

/// One cell of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text: its lines (paragraphs) joined by `\n`, each trimmed, empty edge lines
    /// dropped.
    pub text: String,
    /// How many grid columns it spans (1 unless merged across).
    pub span: usize,
    /// The cell continues the merged cell above it (`w:vMerge` without `restart`).
    pub merged_above: bool,
}

impl Cell {
    /// A cell of one column with this text, tidied.
    pub fn new(text: &str) -> Cell {
        Cell { text: tidy(text), span: 1, merged_above: false }
    }
}

impl Row {
    /// The row's cells spread over the grid: a cell spanning `n` columns fills `n` places (the
    /// first holds it, the others are empty continuations).
    pub fn grid(&self) -> Vec<Cell> {
        let mut out = Vec::new();
        for c in &self.cells {
            out.push(c.clone());
            for _ in 1..c.span.max(1) {
                out.push(Cell { text: String::new(), span: 1, merged_above: c.merged_above });
            }
        }
        out
    }
}

/// A cell's text tidied: each line trimmed, empty lines at the start and the end dropped, runs of
/// empty lines inside kept as one line break.
pub fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}
