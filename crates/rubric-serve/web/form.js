// The form generated from a rubric's facts (`GET /api/rubrics/{id}`): one row a fact, one column
// a unit; a kind is a select of its names, yes/no a select of 是/否, a percent typed with its
// `%`, a list a JSON array. The form becomes a facts JSON body whose numbers are the digits typed
// (never a floating-point number).

import { el, clear } from "./dom.js";
import { t } from "./i18n.js";

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

function kindNames(f) {
  const names = f.kinds || [];
  return Array.isArray(names) ? names.map(String) : [];
}

/** The fact's type: the first word of the service's `type` (`bool（是/否）` is `bool`). */
function typeName(f) {
  return String(f.type || "").split(/[（(\s]/)[0].trim().toLowerCase();
}

/** What the form says under a fact's name: its description and what to type. */
function describe(f) {
  return [f.description, f.label].filter((x) => typeof x === "string" && x !== "").join(" · ");
}

function input(f, unitIndex) {
  const type = typeName(f);
  const name = `${unitIndex}:${f.name}`;
  if (type === "bool") {
    return el("select", { name, "aria-label": f.name },
      el("option", { value: "" }, t("blank")),
      el("option", { value: "true" }, t("yes")),
      el("option", { value: "false" }, t("no")));
  }
  const names = kindNames(f);
  if (type === "kind" || names.length > 0) {
    return el("select", { name, "aria-label": f.name },
      el("option", { value: "" }, t("blank")),
      names.map((n) => el("option", { value: n }, n)));
  }
  if (type === "list") {
    return el("textarea", { name, rows: 2, placeholder: t("listHelp"), "aria-label": f.name });
  }
  const placeholder = type === "percent" ? "87.5%" : type === "date" ? "2024-07-31" : "";
  return el("input", { type: "text", name, placeholder, inputmode: type === "date" ? undefined : "decimal", "aria-label": f.name });
}

/** Draws the form for `facts` with `units` columns into `box`; `onScore` gets the JSON body. */
export function draw(box, facts, onScore, onError) {
  clear(box);
  const units = [""];
  const table = el("table", { class: "form" });
  const redraw = () => {
    clear(table);
    const head = el("tr", {}, el("th", {}, t("fact")), units.map((u, i) =>
      el("th", {}, el("input", { type: "text", name: `${i}:`, value: u, placeholder: t("unitName"), "aria-label": t("unitName"),
        oninput: (e) => { units[i] = e.target.value; } }))));
    table.append(head);
    for (const f of facts) {
      const label = el("th", { class: "fact" }, el("span", {}, String(f.name)), el("small", {}, describe(f)));
      table.append(el("tr", {}, label, units.map((_, i) => el("td", {}, input(f, i)))));
    }
  };
  redraw();
  const add = el("button", { type: "button", onclick: () => { units.push(""); redraw(); } }, t("addUnit"));
  const score = el("button", { type: "button", class: "primary", id: "form-score", onclick: () => {
    try {
      onScore(body(table, facts, units.length));
    } catch (e) {
      onError(e);
    }
  } }, t("scoreForm"));
  box.append(el("div", { class: "scroll" }, table), el("div", { class: "choices" }, add, score));
}

/** The facts JSON text of the form: units with a name, facts left blank left out. */
function body(table, facts, count) {
  const value = (name) => {
    const e = table.querySelector(`[name="${CSS.escape(name)}"]`);
    return e ? e.value.trim() : "";
  };
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    const unit = value(`${i}:`);
    if (unit === "") {
      continue;
    }
    const parts = [];
    for (const f of facts) {
      const v = value(`${i}:${f.name}`);
      if (v !== "") {
        parts.push(`${JSON.stringify(String(f.name))}: ${literal(f, v, unit)}`);
      }
    }
    entries.push(`{"unit": ${JSON.stringify(unit)}, "facts": {${parts.join(", ")}}}`);
  }
  if (entries.length === 0) {
    throw new Error(t("noUnits"));
  }
  return `{"units": [${entries.join(", ")}]}`;
}

/** One value as JSON text: a number's digits as typed, yes/no as a boolean, the rest as text. */
function literal(f, v, unit) {
  const type = typeName(f);
  if (type === "bool") {
    return v === "true" ? "true" : "false";
  }
  if (type === "list") {
    let parsed;
    try {
      parsed = JSON.parse(v);
    } catch (_) {
      parsed = null;
    }
    if (!Array.isArray(parsed)) {
      throw new Error(t("badList", f.name, unit));
    }
    return v;
  }
  if (["count", "number", "points"].includes(type)) {
    if (!DECIMAL.test(v)) {
      throw new Error(t("badNumber", f.name, unit));
    }
    return v.replace(/^\+/, "");
  }
  return JSON.stringify(v);
}
