//! `rulecheck show` and `GET /api/rubrics/{id}/show`: the rubric back as the document's table
//! (原文对照), each row's original text beside its rules in the library's canonical words
//! ([`Render::rules`]), as Markdown, an HTML page (`rubric-html`) or a workbook (`rubric-xlsx`).

use rubric::render::Render;
use rubric::{Lang, Meta, NodeKind, NodeRef, Rubric};
use rubric_html::show::{RowKind, ShowDoc, ShowRow, headings};
use rubric_xlsx::show::{Level, ShowLine};
use rubric_xlsx::write::WriteError;

pub use rubric_html::show::page as html;

/// The rubric as the document's table, in `lang`: every section, group and row in the order
/// of the file, then the total with the rubric's own rules (a veto, a cap, grades).
pub fn document(rubric: &Rubric, lang: Lang) -> ShowDoc {
    let says = Render::new(lang);
    let mut rows = Vec::new();
    let root = rubric.root();
    let mut stack: Vec<(NodeRef<'_>, Option<&Meta>)> = root.children().map(|c| (c, Some(root.meta()))).collect();
    stack.reverse();
    while let Some((n, parent)) = stack.pop() {
        let kind = match n.kind() {
            NodeKind::Section => RowKind::Section,
            NodeKind::Group => RowKind::Group,
            _ => RowKind::Item,
        };
        // A section or group shows what it states, not what it passes on from above; a row shows
        // what is in force for it, as the document's row does.
        let own = parent.is_none_or(|p| {
            (&p.lead, &p.office, &p.owner, &p.due) != (&n.meta().lead, &n.meta().office, &n.meta().owner, &n.meta().due)
        });
        let shown = if kind == RowKind::Item || own { Some(n.meta()) } else { None };
        rows.push(row(&says, n, kind, shown));
        let mut kids: Vec<_> = n.children().map(|c| (c, Some(n.meta()))).collect();
        kids.reverse();
        stack.extend(kids);
    }
    let mut total = row(&says, root, RowKind::Total, Some(root.meta()));
    total.id = String::new();
    total.title = says.phrase(rubric::render::Phrase::Total).to_string();
    rows.push(total);
    ShowDoc { title: rubric.title().to_string(), lang, headings: headings(lang), rows }
}

/// One node's row; `meta` the document's columns shown for it.
fn row(says: &Render<'_>, n: NodeRef<'_>, kind: RowKind, meta: Option<&Meta>) -> ShowRow {
    let sep = says.phrase(rubric::render::Phrase::ListSep);
    let join = |v: Option<&Vec<String>>| v.map(|v| v.join(sep)).unwrap_or_default();
    ShowRow {
        kind,
        id: n.id().to_string(),
        title: n.title().to_string(),
        text: n.text().map(str::to_string),
        rules: says.rules(n),
        max: says.max_text(n),
        due: meta.and_then(|m| m.due.clone()).unwrap_or_default(),
        lead: join(meta.map(|m| &m.lead)),
        office: join(meta.map(|m| &m.office)),
        owner: join(meta.map(|m| &m.owner)),
    }
}

/// A cell of a Markdown table: `|` escaped, line breaks as `<br>`.
fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace("\r\n", "<br>").replace('\n', "<br>")
}

/// The document as a Markdown table under its title.
pub fn markdown(doc: &ShowDoc) -> String {
    let mut out = format!("# {}\n\n", md_cell(&doc.title));
    out.push_str(&format!("| {} |\n", doc.headings.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(doc.headings.len())));
    for r in &doc.rows {
        let bold =
            |s: &str| if s.is_empty() || r.kind == RowKind::Item { md_cell(s) } else { format!("**{}**", md_cell(s)) };
        let cells = [
            bold(&r.id),
            bold(&r.title),
            md_cell(r.text.as_deref().unwrap_or("")),
            r.rules.iter().map(|l| md_cell(l)).collect::<Vec<_>>().join("<br>"),
            bold(&r.max),
            md_cell(&r.due),
            md_cell(&r.lead),
            md_cell(&r.office),
            md_cell(&r.owner),
        ];
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// The document as a workbook of one sheet.
///
/// # Errors
///
/// [`WriteError`] when the writer fails (a fault of the tool).
pub fn workbook(doc: &ShowDoc) -> Result<Vec<u8>, WriteError> {
    let lines: Vec<ShowLine> = doc
        .rows
        .iter()
        .map(|r| ShowLine {
            level: match r.kind {
                RowKind::Section => Level::Section,
                RowKind::Group => Level::Group,
                RowKind::Total => Level::Total,
                _ => Level::Item,
            },
            cells: vec![
                r.id.clone(),
                r.title.clone(),
                r.text.clone().unwrap_or_default(),
                r.rules.join("\n"),
                r.max.clone(),
                r.due.clone(),
                r.lead.clone(),
                r.office.clone(),
                r.owner.clone(),
            ],
        })
        .collect();
    let sheet = if doc.lang == Lang::Zh { "原文对照" } else { "Rules" };
    rubric_xlsx::show::workbook(sheet, &doc.title, &doc.headings, &lines)
}
