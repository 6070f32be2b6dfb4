//! The OpenAPI 3.1 document of the service, made from [`crate::routes::ROUTES`] and what each
//! route takes and gives (a test holds it equal to the router: every route documented, nothing
//! documented that is not routed).

use crate::routes::ROUTES;
use serde_json::{Value, json};

/// What a route takes (query parameters, body) and gives.
struct Op {
    summary: &'static str,
    query: &'static [(&'static str, &'static str)],
    /// The body: `facts`, `rules`, `diff`, or none.
    body: Option<&'static str>,
    /// The media type of a success.
    gives: &'static str,
}

const LANG: (&str, &str) = ("lang", "zh (default) or en: the language of text");
const UNIT: (&str, &str) = ("unit", "the unit's name");

fn op(method: &str, path: &str) -> Option<Op> {
    let (summary, query, body, gives): (&str, &[(&str, &str)], Option<&str>, &str) = match (method, path) {
        ("GET", "/") => ("the page", &[], None, "text/html"),
        ("GET", "/assets/{file}") => ("a file of the page", &[], None, "application/octet-stream"),
        ("GET", "/health") => ("`{\"status\":\"ok\",\"rubrics\":N}`", &[], None, "application/json"),
        ("GET", "/openapi.json") => ("this document", &[], None, "application/json"),
        ("GET", "/api/rubrics") => ("the rubrics served", &[], None, "application/json"),
        ("GET", "/api/problems") => {
            ("the rule files that do not check, with their diagnostics", &[LANG], None, "application/json")
        }
        ("GET", "/api/rubrics/{id}") => ("a rubric: its tree and the facts of its form", &[], None, "application/json"),
        ("GET", "/api/rubrics/{id}/template") => (
            "a blank facts form",
            &[("format", "xlsx (default), csv or json"), ("unit", "a unit to list (repeatable)")],
            None,
            "application/octet-stream",
        ),
        ("GET", "/api/rubrics/{id}/show") => (
            "the rubric as the document's table, each row's text beside its rules (原文对照)",
            &[("format", "md (default), html or xlsx"), LANG],
            None,
            "text/markdown",
        ),
        ("GET", "/api/rubrics/{id}/example") => {
            ("the example facts shipped with the rubric (404 without)", &[], None, "application/json")
        }
        ("POST", "/api/rubrics/{id}/rank") => {
            ("`rank --format json`, with the units that failed", &[LANG], Some("facts"), "application/json")
        }
        ("POST", "/api/rubrics/{id}/eval") => {
            ("`eval --format json`: every unit's breakdown, or one", &[LANG, UNIT], Some("facts"), "application/json")
        }
        ("POST", "/api/rubrics/{id}/explain") => (
            "`explain --format json`: one unit's rows and what would raise them",
            &[LANG, UNIT, ("item", "a row's id")],
            Some("facts"),
            "application/json",
        ),
        ("POST", "/api/rubrics/{id}/whatif") => {
            ("`whatif --format json`", &[LANG, UNIT], Some("facts"), "application/json")
        }
        ("POST", "/api/rubrics/{id}/score") => (
            "`score --format jsonl` as an array: each unit's total and sections",
            &[("rows", "true: every row's score, not only the sections'")],
            Some("facts"),
            "application/json",
        ),
        ("POST", "/api/rubrics/{id}/results.xlsx") => (
            "the results workbook (`rank --format xlsx`)",
            &[LANG, UNIT],
            Some("facts"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("POST", "/api/rubrics/{id}/report") => {
            ("the unit's results page (`rulecheck report`)", &[LANG, UNIT], Some("facts"), "text/html")
        }
        ("POST", "/api/check") => {
            ("a rule file's diagnostics (`check --format json`)", &[LANG], Some("rules"), "application/json")
        }
        ("POST", "/api/diff") => ("`diff --format json` of two versions", &[LANG], Some("diff"), "application/json"),
        _ => return None,
    };
    Some(Op { summary, query, body, gives })
}

fn body(kind: &str) -> Value {
    match kind {
        "facts" => json!({
            "required": true,
            "description": "the facts: as a facts .json file, a facts CSV table, or an Excel workbook",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
            }
        }),
        "rules" => json!({"required": true, "content": {"text/plain": {"schema": {"type": "string"}}}}),
        _ => json!({"required": true, "content": {"application/json": {"schema": {
            "type": "object",
            "required": ["old", "new"],
            "properties": {"old": {"type": "string"}, "new": {"type": "string"}, "facts": {"type": "object"}}
        }}}}),
    }
}

/// The error responses every operation may give.
fn errors() -> Value {
    let e = json!({"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let mut out = serde_json::Map::new();
    for code in ["400", "401", "404", "408", "413", "415", "422"] {
        out.insert(code.into(), e.clone());
    }
    Value::Object(out)
}

fn operation(method: &str, path: &str) -> Value {
    let Some(o) = op(method, path) else { return json!({"summary": "undocumented"}) };
    let mut params: Vec<Value> = Vec::new();
    for name in ["id", "file"] {
        if path.contains(&format!("{{{name}}}")) {
            params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"},
                "description": if name == "id" { "the rule file's path under the rules folder without .rubric (may hold `/`)" } else { "a file's name" }}));
        }
    }
    for (name, about) in o.query {
        params.push(
            json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}, "description": about}),
        );
    }
    let mut responses = errors();
    if let Some(r) = responses.as_object_mut() {
        r.insert("200".into(), json!({"description": o.summary, "content": {o.gives: {}}}));
    }
    let mut v = json!({"summary": o.summary, "parameters": params, "responses": responses});
    if let (Some(b), Some(obj)) = (o.body, v.as_object_mut()) {
        obj.insert("requestBody".into(), body(b));
    }
    v
}

/// A problem of a request's input: a facts problem located as data (unit, row, column, sheet,
/// fact), beside its message in both languages; a unit's facts list each fact's in `related`.
fn problem() -> Value {
    let (s, n) = (json!({"type": "string"}), json!({"type": "integer", "minimum": 1}));
    json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "severity": s, "code": s, "help": {"type": ["string", "null"]},
            "message": {"type": "string", "description": "in the request's language"},
            "message_en": s, "message_zh": s,
            "unit": {"type": "string", "description": "the unit whose facts these are"},
            "fact": {"type": "string", "description": "the fact whose value is wrong, missing or unknown"},
            "row": {"type": "integer", "minimum": 1, "description": "1-based row of a table or sheet, the header being row 1"},
            "column": {"type": "integer", "minimum": 1, "description": "1-based column (of a table, a sheet or a line)"},
            "column_letter": {"type": "string", "description": "the column as Excel names it: B"},
            "sheet": {"type": "string", "description": "the workbook's sheet"},
            "line": n,
            "place": {"type": "string", "description": "where, in English: sheet 事实, cell B3"},
            "place_zh": {"type": "string", "description": "where, in Chinese: 工作表 事实 的 B3 单元格"},
            "related": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}
        }
    })
}

/// The document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path) in ROUTES {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        if let Some(e) = entry.as_object_mut() {
            e.insert(method.to_ascii_lowercase(), operation(method, path));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "rulecheck serve",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Score units with rubrics (绩效考评细则): the JSON of `rulecheck`'s commands over HTTP. Send `Authorization: Bearer TOKEN` when the service was started with `--token`."
        },
        "paths": paths,
        "components": {
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "message_zh": {"type": "string"},
                    "message_en": {"type": "string"},
                    "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}
                }
            }}}, "Problem": problem()},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    })
}
