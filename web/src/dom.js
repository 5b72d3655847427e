// Small DOM helpers. Everything a user (or a saved session, or a share link) can influence is
// put into the page with textContent, never innerHTML: a tag value such as
// `<img src=x onerror=alert(1)>` must stay text.

/** `el("li", {class: "x", "data-id": id}, "text", childNode, …)`: attributes via setAttribute,
 * strings as text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  append(node, ...children);
  return node;
}

/** Appends strings (as text) and nodes; skips null/undefined/false. */
export function append(node, ...children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

/** Removes every child. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** `document.getElementById`, failing loudly when the page and the script disagree. */
export function $(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node;
}

/** The CSS class of a state's tone (the lab decides the tone and the symbol; the page only
 * colours it). */
export function toneClass(tone) {
  switch (tone) {
    case "ok": return "ok";
    case "failed": return "bad";
    case "busy": return "busy";
    default: return "";
  }
}
