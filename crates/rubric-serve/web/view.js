// Draws what the service answered: the ranking, a unit's breakdown with every reason, what would
// raise it, and errors located by unit, row and column. Text only through `textContent`.

import { el, clear, row, compareDecimal } from "./dom.js";
import { current, t } from "./i18n.js";

function gradeName(g) {
  return g && typeof g === "object" ? String(g.name ?? "") : g ? String(g) : "";
}

/** The ranking table: one row a unit, its sections' scores, a click opens its breakdown. */
export function ranking(table, rank, onUnit) {
  clear(table);
  const units = Array.isArray(rank.units) ? rank.units : [];
  const sections = units.length > 0 ? (units[0].children || []).map((c) => `${c.id} ${c.title}`) : [];
  const periods = units.length > 0 ? (units[0].periods || []).map((p) => String(p.title || p.period)) : [];
  const graded = units.some((u) => u.grade);
  table.append(el("caption", {}, t("clickUnit")));
  table.append(row([t("rank"), t("unit"), t("total"), ...(graded ? [t("grade")] : []), ...sections, ...periods], true));
  for (const u of units) {
    const name = el("button", { type: "button", class: "link unit", "data-unit": u.unit, onclick: () => onUnit(String(u.unit)) }, String(u.unit));
    const cells = [String(u.rank), name, `${u.score} / ${u.max}`];
    if (graded) {
      cells.push(gradeName(u.grade));
    }
    for (const c of u.children || []) {
      cells.push(`${c.score} / ${c.max}`);
    }
    for (const p of u.periods || []) {
      cells.push(`${p.score} / ${p.max}`);
    }
    const tr = row(cells, false, { "data-unit": u.unit });
    if (u.vetoed && u.vetoed.length) {
      tr.classList.add("vetoed");
    }
    table.append(tr);
  }
}

/** Units the ranking left out, each with why. */
export function failed(box, rank) {
  clear(box);
  const list = Array.isArray(rank.failed) ? rank.failed : [];
  if (list.length === 0) {
    return;
  }
  box.append(el("p", { class: "error" }, t("failed")));
  box.append(problemList(list.map((f) => ({ ...(f.error || {}), unit: f.unit }))));
}

/** Problems as a list: where (unit, row, column, from the service's located fields when the
 * message does not already say them), what, the help, and the problems under each (a unit's bad
 * facts, each with its sheet and cell). `outer` is the unit of the problem they are under. */
function problemList(problems, outer) {
  return el("ul", { class: "problems" }, problems.map((p) => {
    const said = String(message(p));
    const unit = p.unit && p.unit !== outer && !said.includes(`\`${p.unit}\``) ? p.unit : null;
    const placed = [p.place, p.place_zh].some((x) => typeof x === "string" && said.includes(x));
    const row = !placed && p.row !== undefined ? `${t("row")} ${p.row}` : null;
    const column = placed || p.row === undefined ? null : (p.column_letter || p.column);
    const where = [unit, row, column].filter((x) => x !== undefined && x !== null && x !== "");
    const related = Array.isArray(p.related) && p.related.length > 0 ? problemList(p.related, p.unit) : null;
    return el("li", {},
      where.length > 0 ? el("b", {}, `${where.join(" · ")}：`) : null,
      said,
      p.help ? el("div", { class: "help" }, String(p.help)) : null,
      related);
  }));
}

function message(x) {
  if (typeof x === "string") {
    return x;
  }
  const zh = current() === "zh";
  return String((zh && x.message_zh) || x.message || x.reason || "");
}

/** A step of a breakdown as one line, said from the step's parts in the words `rulecheck eval`
 * uses (for a breakdown without the service's `reasons`); null for a rule that did nothing. */
export function stepText(s) {
  for (const key of ["reason", "sentence", "said"]) {
    if (typeof s[key] === "string" && s[key] !== "") {
      return s[key];
    }
  }
  const zh = current() === "zh";
  const facts = Array.isArray(s.facts) && s.facts.length > 0
    ? (zh ? `（${s.facts.map((f) => `${f.name}=${f.text ?? f.value}`).join("，")}）` : ` (${s.facts.map((f) => `${f.name} = ${f.text ?? f.value}`).join(", ")})`)
    : "";
  const why = s.label || s.condition || "";
  const colon = zh ? "：" : ": ";
  switch (s.kind) {
    case "award":
      if (s.applied) {
        return zh ? `得 ${s.points}分${colon}${why}${facts}` : `+${s.points}${colon}${why}${facts}`;
      }
      return zh ? `未得 ${s.amount}分${colon}未满足 ${s.condition ?? why}${facts}` : `not ${s.amount}${colon}${s.condition ?? why} is not met${facts}`;
    case "deduct":
    case "bonus": {
      if (!s.applied || compareDecimal(s.points, "0") === 0) {
        return null;
      }
      const sign = s.kind === "deduct" ? (zh ? "扣" : "−") : (zh ? "加" : "+");
      const per = s.per ? (zh ? `（${s.amount} × ${s.per_text ?? ""} ${s.per}）` : ` (${s.amount} × ${s.per_text ?? ""} ${s.per})`) : "";
      return `${sign} ${s.points}${zh ? "分" : ""}${per}${colon}${why}${s.per ? "" : facts}`;
    }
    case "band":
      return zh ? `${s.subject} ${s.text ?? s.value} 在 ${s.band}，得 ${s.points}分${s.label ? colon + s.label : ""}${facts}`
        : `${s.subject} ${s.text ?? s.value} is in ${s.band}: ${s.points}${s.label ? " — " + s.label : ""}${facts}`;
    case "zero":
      return zh ? `清零（原 ${s.before ?? ""}分）${colon}${why}${facts}` : `zeroed (was ${s.before ?? ""})${colon}${why}${facts}`;
    case "veto":
      return zh ? `一票否决${colon}${why}${facts}` : `vetoed${colon}${why}${facts}`;
    case "floor":
      return zh ? `不低于 ${s.after}分（原 ${s.before}）` : `no less than ${s.after} (was ${s.before})`;
    case "cap":
    case "bonus_cap":
      return zh ? `封顶 ${s.after ?? s.points}分（原 ${s.before ?? ""}）` : `capped at ${s.after ?? s.points} (was ${s.before ?? ""})`;
    case "full":
      return zh ? `满分 ${s.points}分` : `full marks ${s.points}`;
    case "sum":
      return null;
    case "score":
      return `${s.expr} = ${s.points}${facts}`;
    case "judged":
      return zh ? `评定 ${s.fact} = ${s.points}分` : `judged ${s.fact} = ${s.points}`;
    case "round":
      return zh ? `${s.before} 取舍为 ${s.after}` : `${s.before} rounded to ${s.after}`;
    case "not_given":
      return zh ? `未提供：${(s.facts || []).join("、")}` : `not given: ${(s.facts || []).join(", ")}`;
    default:
      return [s.kind, s.points ?? "", why, facts].filter((x) => x !== "").join(" ");
  }
}

/** The breakdown of one unit: every node, its score, and the reasons; rows below max marked. */
export function breakdown(table, unit) {
  clear(table);
  // The sentence `rulecheck eval` prints for each row, by id, when the service gives them.
  const reasonsById = unit.reasons && typeof unit.reasons === "object" ? unit.reasons : null;
  table.append(row([t("id"), t("item"), t("score"), t("max"), t("reason")], true));
  const walk = (node, depth, prefix) => {
    const lost = compareDecimal(node.score, node.max) < 0;
    const said = reasonsById && typeof reasonsById[node.id] === "string" ? [reasonsById[node.id]] : (node.steps || []).map(stepText);
    const reasons = el("ul", { class: "reasons" }, said.filter((x) => x).map((x) => el("li", {}, x)));
    const title = el("span", { class: `depth${Math.min(depth, 4)}` }, `${prefix}${node.title ?? ""}`);
    const tr = row([String(node.id ?? ""), title, String(node.score), String(node.max), reasons], false, {
      "data-id": node.id, class: [lost ? "lost" : "", node.kind === "item" ? "item" : "group"].join(" ").trim(),
    });
    table.append(tr);
    for (const c of node.children || []) {
      walk(c, depth + 1, "");
    }
  };
  if (Array.isArray(unit.periods) && unit.periods.length > 0) {
    for (const p of unit.periods) {
      table.append(el("tr", { class: "period" }, el("th", { colspan: 5 }, `${p.title ?? p.period}（×${p.weight_text ?? p.weight ?? 1}）  ${p.score} / ${p.max}`)));
      for (const c of p.children || []) {
        walk(c, 0, "");
      }
    }
  } else {
    for (const c of unit.children || []) {
      walk(c, 0, "");
    }
  }
}

/** The hints of `explain` and the suggestions of `whatif`. */
export function raise(list, table, explain, whatif) {
  clear(list);
  clear(table);
  // A rubric in periods has the hints of each period, said with the period's title.
  const periods = explain && Array.isArray(explain.periods) ? explain.periods : [];
  const hints = [
    ...(explain && Array.isArray(explain.hints) ? explain.hints : []),
    ...periods.flatMap((p) => (Array.isArray(p.hints) ? p.hints : []).map((h) => ({ ...h, node: `【${p.title ?? p.period}】${h.node ?? ""}` }))),
  ];
  for (const h of hints) {
    list.append(el("li", {}, el("b", {}, `+${h.gain}`), ` ${h.node ?? ""} `, String(h.text ?? "")));
  }
  const sugg = whatif && Array.isArray(whatif.suggestions) ? whatif.suggestions : [];
  if (sugg.length > 0) {
    table.append(row([t("id"), t("item"), t("fact"), t("now"), t("change"), t("gain")], true));
    for (const s of sugg) {
      table.append(row([String(s.node), String(s.title), String(s.fact), String(s.now), String(s.change), `+${s.total_gain}`]));
    }
  }
  if (hints.length === 0 && sugg.length === 0) {
    list.append(el("li", { class: "muted" }, t("noHints")));
  }
}

/** An error with its located problems or a rule file's diagnostics. */
export function error(box, err) {
  clear(box);
  box.hidden = false;
  box.append(el("p", { class: "error" }, String(err.message || err)));
  const problems = [...(err.problems || []), ...(err.diagnostics || [])].filter((p) => p && (p.message || p.related));
  if (problems.length > 0) {
    box.append(problemList(problems));
  }
}

export function hideError(box) {
  clear(box);
  box.hidden = true;
}
