// The page of `rulecheck serve`: choose a rubric, give the facts (a workbook, the example, or the
// form), see the ranking, open a unit's breakdown and what would raise it, download the results.

import * as api from "./api.js";
import { el, clear, save } from "./dom.js";
import { current, t, use } from "./i18n.js";
import * as form from "./form.js";
import * as view from "./view.js";

const $ = (id) => document.getElementById(id);

const state = {
  rubrics: [],
  rubric: null, // the id chosen
  facts: null, // {body, type, name}
  unit: null,
  rank: null,
};

async function busy(work) {
  $("busy").hidden = false;
  view.hideError($("errors"));
  try {
    return await work();
  } catch (e) {
    view.error($("errors"), e);
    if (e instanceof api.ApiError && e.status === 401) {
      askToken();
    }
    return undefined;
  } finally {
    $("busy").hidden = true;
  }
}

async function loadRubrics() {
  await busy(async () => {
    state.rubrics = await api.getJson("/api/rubrics");
    const select = clear($("rubric"));
    for (const r of state.rubrics) {
      select.append(el("option", { value: r.id }, `${r.title}（${r.id}）`));
    }
    if (state.rubrics.length === 0) {
      throw new Error(t("noRubrics"));
    }
    const wanted = new URLSearchParams(location.search).get("rubric");
    const first = state.rubrics.find((r) => r.id === wanted) || state.rubrics[0];
    select.value = first.id;
    chooseRubric(first.id);
  });
  showProblems();
}

async function showProblems() {
  try {
    const problems = await api.getJson("/api/problems");
    if (Array.isArray(problems) && problems.length > 0) {
      const info = $("rubric-info");
      info.append(el("span", { class: "error" }, ` ${t("problems")} ${problems.map((p) => p.file).join("、")}`));
    }
  } catch (_) {
    // The list of broken rule files is a courtesy: the page works without it.
  }
}

function chooseRubric(id) {
  state.rubric = id;
  state.facts = null;
  state.rank = null;
  $("step-rank").hidden = true;
  $("step-unit").hidden = true;
  $("form-card").hidden = true;
  $("facts-info").textContent = "";
  const r = state.rubrics.find((x) => x.id === id);
  // "Use the example" only where the rule file has example facts next to it.
  $("example").hidden = Boolean(r) && r.units_example === false;
  const info = clear($("rubric-info"));
  if (r) {
    const basis = t("basis")[r.basis] || r.basis || "";
    info.textContent = `${t("max")} ${r.max} · ${basis}${r.grades && r.grades.length ? ` · ${t("grade")}：${r.grades.join("、")}` : ""}`;
  }
}

async function score(facts) {
  state.facts = facts;
  state.unit = null;
  $("facts-info").textContent = t("factsFrom", facts.name);
  $("step-unit").hidden = true;
  const rank = await busy(() => api.postJson(state.rubric, "rank", facts));
  if (!rank) {
    $("step-rank").hidden = true;
    return;
  }
  state.rank = rank;
  view.ranking($("ranking"), rank, openUnit);
  view.failed($("failed"), rank);
  $("step-rank").hidden = false;
}

async function openUnit(unit) {
  if (!state.facts || !state.rank) {
    return;
  }
  state.unit = unit;
  for (const tr of document.querySelectorAll("#ranking tr[data-unit]")) {
    tr.classList.toggle("chosen", tr.dataset.unit === unit);
  }
  const facts = state.facts;
  const got = await busy(async () => {
    const [evaluated, explained, whatif] = await Promise.all([
      api.postJson(state.rubric, "eval", facts, { unit }),
      api.postJson(state.rubric, "explain", facts, { unit }).catch(() => null),
      api.postJson(state.rubric, "whatif", facts, { unit }).catch(() => null),
    ]);
    return { evaluated, explained, whatif };
  });
  if (!got || state.unit !== unit) {
    return;
  }
  const units = got.evaluated.units || [got.evaluated];
  const one = units.find((u) => u.unit === unit) || units[0];
  $("unit-title").textContent = unit;
  const ranked = (state.rank.units || []).find((u) => u.unit === unit);
  const grade = one.grade ? ` · ${t("grade")} ${one.grade.name}` : "";
  const place = ranked ? ` · ${t("place", ranked.rank, state.rank.units.length)}` : "";
  $("unit-total").textContent = `${t("totalOf", one.score, one.max)}${place}${grade}`;
  view.breakdown($("breakdown"), one);
  view.raise($("hints"), $("whatif"), got.explained, got.whatif);
  $("step-unit").hidden = false;
  $("step-unit").scrollIntoView({ block: "start" });
}

async function download(what, params, name) {
  await busy(async () => {
    const res = await api.post(state.rubric, what, state.facts, params);
    save(await res.blob(), name);
  });
}

/** A service started with `--token` answers 401: ask for the token, then start again. */
function askToken() {
  const input = el("input", { type: "password", id: "token", autocomplete: "off", "aria-label": t("token") });
  const ok = el("button", { type: "button", class: "primary", onclick: () => {
    api.setToken(input.value);
    loadRubrics();
  } }, t("tokenOk"));
  $("errors").append(el("p", {}, el("label", {}, `${t("token")} `, input), " ", ok));
}

function wire() {
  $("lang").addEventListener("click", async () => {
    use(current() === "zh" ? "en" : "zh");
    // The service's words (reasons, hints, errors) come in the language asked for: ask again.
    const { rubric, facts, unit } = state;
    if (rubric) {
      chooseRubric(rubric);
    }
    if (facts) {
      await score(facts);
      if (unit) {
        await openUnit(unit);
      }
    }
  });
  $("rubric").addEventListener("change", (e) => chooseRubric(e.target.value));
  $("file").addEventListener("change", async (e) => {
    const file = e.target.files && e.target.files[0];
    if (file) {
      await score({ body: await file.arrayBuffer(), type: api.typeOf(file.name), name: file.name });
      e.target.value = "";
    }
  });
  $("example").addEventListener("click", async () => {
    const text = await busy(() => api.example(state.rubric));
    if (text === null) {
      view.error($("errors"), new Error(t("noExample")));
    } else if (text !== undefined) {
      await score({ body: text, type: "application/json", name: t("exampleName") });
    }
  });
  $("form-open").addEventListener("click", async () => {
    const details = await busy(() => api.getJson(api.rubricPath(state.rubric)));
    if (!details) {
      return;
    }
    const box = $("form");
    form.draw(box, details.facts || [], (body) => score({ body, type: "application/json", name: t("formName") }),
      (e) => view.error($("errors"), e));
    $("form-card").hidden = false;
  });
  $("template").addEventListener("click", () => busy(async () => {
    const res = await api.get(api.rubricPath(state.rubric, "template"), { format: "xlsx" });
    save(await res.blob(), `${state.rubric.replaceAll("/", "-")}.facts.xlsx`);
  }));
  $("download-xlsx").addEventListener("click", () => download("results.xlsx", {}, "计分结果.xlsx"));
  $("download-report").addEventListener("click", () => {
    if (state.unit) {
      download("report", { unit: state.unit }, `${state.unit}.html`);
    }
  });
}

wire();
use("zh");
loadRubrics();
