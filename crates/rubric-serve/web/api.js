// The service's JSON API (docs/service.md). Every call says the page's language; an answer that
// is not 2xx becomes an `ApiError` with the service's message and located problems.

import { current, t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    const zh = current() === "zh" && e.message_zh;
    super(zh || e.message || t("httpError", status));
    this.status = status;
    this.code = e.code || "";
    this.problems = Array.isArray(e.problems) ? e.problems : [];
    this.diagnostics = Array.isArray(e.diagnostics) ? e.diagnostics : [];
  }
}

function url(path, params = {}) {
  const q = new URLSearchParams({ ...params, lang: current() });
  return `${path}?${q.toString()}`;
}

/** The bearer token of a service started with `--token`, kept for this tab only. */
let token = sessionStorage.getItem("rubric-token") || "";

/** Sets the token the page sends (`Authorization: Bearer …`). */
export function setToken(next) {
  token = next.trim();
  sessionStorage.setItem("rubric-token", token);
}

async function call(path, params, init) {
  let res;
  const headers = { ...(init.headers || {}) };
  if (token !== "") {
    headers.Authorization = `Bearer ${token}`;
  }
  try {
    res = await fetch(url(path, params), { ...init, headers });
  } catch (_) {
    throw new ApiError(0, { error: { message: t("netError") } });
  }
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch (_) {
      body = null;
    }
    throw new ApiError(res.status, body);
  }
  return res;
}

/** The path of a rubric's endpoint: each part of the id encoded, `/` kept between them. */
export function rubricPath(id, what = "") {
  const parts = id.split("/").map(encodeURIComponent).join("/");
  return `/api/rubrics/${parts}${what ? "/" + what : ""}`;
}

/** GETs `path` (a download: the response itself). */
export async function get(path, params = {}) {
  return call(path, params, {});
}

export async function getJson(path, params = {}) {
  return (await call(path, params, { headers: { Accept: "application/json" } })).json();
}

/** The example facts' text (kept as text so that their numbers stay exact), or null (404). */
export async function example(id) {
  try {
    const res = await call(rubricPath(id, "example"), {}, {});
    return await res.text();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return null;
    }
    throw e;
  }
}

/** POSTs the facts (`{body, type}`) to one of a rubric's endpoints. */
export async function post(id, what, facts, params = {}) {
  return call(rubricPath(id, what), params, {
    method: "POST",
    headers: { "Content-Type": facts.type },
    body: facts.body,
  });
}

export async function postJson(id, what, facts, params = {}) {
  return (await post(id, what, facts, params)).json();
}

/** The content type of a facts file by its name. */
export function typeOf(name) {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) {
    return "application/json";
  }
  if (lower.endsWith(".csv")) {
    return "text/csv";
  }
  return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
