// Building DOM nodes: h("div", { class: "x", onclick }, ...children) and the player's buttons.

export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child);
  }
  return node;
}

export function button(label, title, onclick, extra = {}) {
  return h("button", { type: "button", class: "fp-btn", title, onclick, ...extra }, label);
}
