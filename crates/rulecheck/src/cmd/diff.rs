//! `rulecheck diff`: the same facts scored under two versions of a rubric, with the rule change behind each row's change.

use crate::cli::{DiffArgs, DiffFormat};
use crate::files::{pick, read_facts, rubric_for_scoring};
use crate::tree::{pad_left, pad_right, truncate};
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::analysis::diff::{self, RowChange, RubricDiff, Side, Status, UnitDiff};
use rubric::render::{DiffWord, Phrase};
use rubric::value::show_num;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// Widest label (indent, id and title) in a table, in terminal columns.
const LABEL_MAX: usize = 40;

/// Runs the command.
pub fn run(ui: &Ui, args: &DiffArgs) -> u8 {
    let old = rubric_for_scoring(ui, &args.old);
    let new = rubric_for_scoring(ui, &args.new);
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let d = match diff::compare(&old, &new) {
        Ok(d) => d,
        Err(e) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    let mut failed = false;
    let mut units: Vec<UnitDiff> = Vec::new();
    if let Some(path) = &args.facts {
        let Some(all) = read_facts(ui, path) else { return BAD_INPUT };
        if crate::files::stray(ui, &old, &all) || crate::files::stray(ui, &new, &all) {
            return BAD_INPUT;
        }
        let Some(picked) = pick(ui, &all, args.unit.as_deref(), path) else { return BAD_INPUT };
        for u in picked {
            match diff::compare_unit(&d, &old, &new, u) {
                Ok(s) => units.push(s),
                Err(diff::ScoreError { side, error }) => {
                    failed = true;
                    let (label, file) = match side {
                        Side::Old => (labels(&d).0, &args.old),
                        Side::New => (labels(&d).1, &args.new),
                    };
                    ui.error(&*error);
                    ui.say(&crate::run_problems::Note::WhileScoring { unit: &u.unit, label: &label, file });
                }
            }
        }
    } else if args.unit.is_some() {
        ui.report(&crate::problems::Problem::UnitNeedsFacts);
        return BAD_INPUT;
    }
    for u in &mut units {
        rubric_out::diff::keep_rows(&d, u, args.all);
    }
    let text = match args.format {
        DiffFormat::Json => {
            let doc = rubric_out::diff::json(&d, &units);
            return if ui.json(&doc) && !failed { OK } else { BAD_INPUT };
        }
        DiffFormat::Markdown => markdown(&d, &units),
        DiffFormat::Text => text(&d, &units),
    };
    ui.out(&text);
    if failed { BAD_INPUT } else { OK }
}

/// How the versions are named: by their years, or `old` and `new` when the years are not
/// declared or are the same.
fn labels(d: &RubricDiff) -> (String, String) {
    let (old, new) = (d.old.label("old"), d.new.label("new"));
    if old == new { ("old".into(), "new".into()) } else { (old, new) }
}

/// `+3.5`, `-0.5`, `0`.
fn signed(n: Decimal) -> String {
    if n > Decimal::ZERO { format!("+{}", show_num(n)) } else { show_num(n) }
}

fn opt(n: Option<Decimal>) -> String {
    n.map_or_else(|| "—".to_string(), show_num)
}

fn status(s: Status) -> &'static str {
    words().diff_status(s)
}

/// What changed about a row besides its rule lines, in one line.
fn what(r: &RowChange, old: &str, new: &str) -> String {
    words().row_change(r, old, new)
}

/// A heading of a comparison.
fn word(w: DiffWord) -> String {
    words().diff_word(w).to_string()
}

/// `id title`, indented by depth in the unit tables, flat in the list of rule changes.
fn label(r: &RowChange, indent: bool) -> String {
    let name = if r.id == r.title { r.id.clone() } else { format!("{} {}", r.id, r.title) };
    let depth = if indent { r.depth.saturating_sub(1) } else { 0 };
    truncate(&format!("{}{name}", "  ".repeat(depth)), LABEL_MAX)
}

fn text(d: &RubricDiff, units: &[UnitDiff]) -> String {
    let (old, new) = labels(d);
    let mut out = format!("{} → {}\n", d.old.title, d.new.title);
    let changed: Vec<&RowChange> = d.rows.iter().filter(|r| r.status != Status::Unchanged).collect();
    let count = |s: Status| changed.iter().filter(|r| r.status == s).count();
    let counts = [Status::Changed, Status::Added, Status::Removed, Status::Moved].map(|s| (s, count(s)));
    out.push_str(&format!("{}\n", words().diff_summary(&old, &new, &counts)));
    let lw = changed.iter().map(|r| label(r, false).width()).max().unwrap_or(0);
    let sw = changed.iter().map(|r| status(r.status).width()).max().unwrap_or(0);
    for r in &changed {
        let st = pad_right(status(r.status), sw);
        let line = format!("  {}  {st}  {}", pad_right(&label(r, false), lw), what(r, &old, &new));
        out.push_str(line.trim_end());
        out.push('\n');
        for l in &r.lines {
            out.push_str(&format!("      {} {}\n", l.sign.as_str(), l.text));
        }
    }
    for (title, lines) in [(DiffWord::Root, &d.root), (DiffWord::Declarations, &d.declarations)] {
        if !lines.is_empty() {
            out.push_str(&format!("  {}  {}\n", words().diff_word(title), words().diff_word(DiffWord::Changed)));
            for l in lines {
                out.push_str(&format!("      {} {}\n", l.sign.as_str(), l.text));
            }
        }
    }
    if !d.facts_only_old.is_empty() {
        out.push_str(&format!("  {}\n", words().facts_only(&old, &d.facts_only_old)));
    }
    if !d.facts_only_new.is_empty() {
        out.push_str(&format!("  {}\n", words().facts_only(&new, &d.facts_only_new)));
    }
    for u in units {
        out.push('\n');
        out.push_str(&format!(
            "{}  {old}: {} → {new}: {}  ({})\n",
            u.unit,
            show_num(u.old),
            show_num(u.new),
            signed(u.delta)
        ));
        let rows: Vec<(&RowChange, [String; 4])> = u
            .rows
            .iter()
            .filter_map(|s| {
                let r = d.rows.iter().find(|c| c.id == s.id)?;
                Some((r, [label(r, true), opt(s.old), opt(s.new), signed(s.delta)]))
            })
            .collect();
        if rows.is_empty() {
            out.push_str(&format!("  {}\n", words().diff_word(DiffWord::NoRows)));
            continue;
        }
        let head = [word(DiffWord::Row), old.clone(), new.clone(), word(DiffWord::Change)];
        let w: Vec<usize> = (0..4)
            .map(|c| {
                std::iter::once(&head)
                    .chain(rows.iter().map(|(_, r)| r))
                    .filter_map(|r| r.get(c))
                    .map(|s| s.width())
                    .max()
            })
            .map(|w| w.unwrap_or(0))
            .collect();
        let line = |cells: &[String; 4]| {
            let mut s = String::from("  ");
            for (i, (c, w)) in cells.iter().zip(&w).enumerate() {
                if i == 0 {
                    s.push_str(&pad_right(c, *w));
                } else {
                    s.push_str("  ");
                    s.push_str(&pad_left(c, *w));
                }
            }
            s.trim_end().to_string() + "\n"
        };
        out.push_str(&line(&head));
        for (r, cells) in &rows {
            out.push_str(&line(cells));
            if r.rules_changed() {
                let indent = " ".repeat(2 * r.depth + 4);
                for l in &r.lines {
                    out.push_str(&format!("{indent}{} {}\n", l.sign.as_str(), l.text));
                }
            }
        }
    }
    out
}

fn markdown(d: &RubricDiff, units: &[UnitDiff]) -> String {
    let (old, new) = labels(d);
    let esc = |s: &str| s.replace('|', "\\|");
    let code = |s: &str| format!("`{}`", s.replace('`', "'").replace('|', "\\|"));
    let mut out = format!("**{} → {}**\n\n", esc(&d.old.title), esc(&d.new.title));
    let [row, title, change, note, rules] =
        [DiffWord::Row, DiffWord::Title, DiffWord::Change, DiffWord::Note, DiffWord::Rules].map(word);
    out.push_str(&format!("| {row} | {title} | {change} | {old} | {new} | {note} | {rules} |\n"));
    out.push_str("| :--- | :--- | :--- | ---: | ---: | :--- | :--- |\n");
    for r in d.rows.iter().filter(|r| r.status != Status::Unchanged) {
        let lines: Vec<String> = r.lines.iter().map(|l| format!("{} {}", l.sign.as_str(), code(&l.text))).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            esc(&r.id),
            esc(&r.title),
            status(r.status),
            opt(r.old_max),
            opt(r.new_max),
            esc(&what(r, &old, &new)),
            lines.join("<br>")
        ));
    }
    for (title, lines) in [(DiffWord::Root, &d.root), (DiffWord::Declarations, &d.declarations)] {
        if !lines.is_empty() {
            out.push_str(&format!("\n{}{}\n\n", words().diff_word(title), words().phrase(Phrase::Colon)));
            for l in lines {
                out.push_str(&format!("- {} {}\n", l.sign.as_str(), code(&l.text)));
            }
        }
    }
    if !d.facts_only_old.is_empty() {
        out.push_str(&format!("\n{}\n", esc(&words().facts_only(&old, &d.facts_only_old))));
    }
    if !d.facts_only_new.is_empty() {
        out.push_str(&format!("\n{}\n", esc(&words().facts_only(&new, &d.facts_only_new))));
    }
    for u in units {
        out.push_str(&format!(
            "\n**{}**  {old}: {} → {new}: {}  ({})\n\n",
            esc(&u.unit),
            show_num(u.old),
            show_num(u.new),
            signed(u.delta)
        ));
        out.push_str(&format!(
            "| {row} | {title} | {old} | {new} | {change} |\n| :--- | :--- | ---: | ---: | ---: |\n"
        ));
        for s in &u.rows {
            let title = d.rows.iter().find(|c| c.id == s.id).map(|c| c.title.as_str()).unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                esc(&s.id),
                esc(title),
                opt(s.old),
                opt(s.new),
                signed(s.delta)
            ));
        }
    }
    out
}
