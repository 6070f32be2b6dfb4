// Builds the page's elements. Text goes in with `textContent` only: nothing from a rule file, a
// facts file or the service is ever parsed as markup.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k === "class") {
      e.className = v;
    } else if (k.startsWith("data-")) {
      e.setAttribute(k, String(v));
    } else if (k.startsWith("on") && typeof v === "function") {
      e.addEventListener(k.slice(2), v);
    } else {
      e.setAttribute(k, String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) {
      continue;
    }
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

/** Removes an element's children. */
export function clear(e) {
  while (e.firstChild) {
    e.firstChild.remove();
  }
  return e;
}

/** A table row of cells (`th` when `head`). */
export function row(cells, head = false, attrs = {}) {
  return el("tr", attrs, cells.map((c) => (c instanceof Node ? el(head ? "th" : "td", {}, c) : el(head ? "th" : "td", {}, String(c ?? "")))));
}

/** Compares two decimal strings exactly (no floating point): -1, 0 or 1. */
export function compareDecimal(a, b) {
  const pa = parse(a);
  const pb = parse(b);
  if (pa.neg !== pb.neg) {
    return pa.neg ? -1 : 1;
  }
  const sign = pa.neg ? -1 : 1;
  const width = Math.max(pa.frac.length, pb.frac.length);
  const ia = pa.int.replace(/^0+/, "");
  const ib = pb.int.replace(/^0+/, "");
  if (ia.length !== ib.length) {
    return ia.length < ib.length ? -sign : sign;
  }
  const da = ia + pa.frac.padEnd(width, "0");
  const db = ib + pb.frac.padEnd(width, "0");
  if (da === db) {
    return 0;
  }
  return da < db ? -sign : sign;
}

function parse(s) {
  const text = String(s).trim();
  const neg = text.startsWith("-") && /[1-9]/.test(text);
  const body = text.replace(/^[-+]/, "");
  const [int, frac = ""] = body.split(".");
  return { neg, int: int || "0", frac: frac.replace(/0+$/, "") };
}

/** Saves bytes as a file the browser downloads. */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
