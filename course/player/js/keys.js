// The one key map: the keyboard handler, the help line under the player and the shortcut in
// every button's tooltip are all generated from KEYMAP.

import { PHASES } from "./geometry.js";

export const MARK_LETTERS = { onset: "O", apex: "A", offset: "E" };

// id: what buttons refer to; key: KeyboardEvent.key (letters lower case); shift: true or false
// when it matters; name: how the help shows it; title: what it does; group: help line phrase
// (bindings with the same group are listed together); run: [action, argument].
export const KEYMAP = [
  { id: "back1", key: "ArrowLeft", shift: false, name: "←", title: "Back 1 frame", group: "one frame", run: ["step", -1] },
  { id: "fwd1", key: "ArrowRight", shift: false, name: "→", title: "Forward 1 frame", group: "one frame", run: ["step", 1] },
  { id: "back10", key: "ArrowLeft", shift: true, name: "Shift+←", title: "Back 10 frames", group: "ten", run: ["step", -10] },
  { id: "fwd10", key: "ArrowRight", shift: true, name: "Shift+→", title: "Forward 10 frames", group: "ten", run: ["step", 10] },
  { id: "play", key: " ", name: "Space", title: "Play / pause", group: "play/pause", run: ["play"] },
  { id: "first", key: "Home", name: "Home", title: "First frame", group: "first/last frame", run: ["first"] },
  { id: "last", key: "End", name: "End", title: "Last frame", group: "first/last frame", run: ["last"] },
  ...PHASES.map((phase) => ({
    id: `mark-${phase}`,
    key: MARK_LETTERS[phase].toLowerCase(),
    name: MARK_LETTERS[phase],
    title: `Mark this frame as the ${phase}; again to clear`,
    group: "mark onset/apex/offset",
    run: ["mark", phase],
  })),
  ...PHASES.map((phase, i) => ({
    id: `jump-${phase}`,
    key: String(i + 1),
    name: String(i + 1),
    title: `Jump to the ${phase} mark`,
    group: "jump to a mark",
    run: ["jump", phase],
  })),
  { id: "hold", key: "n", name: "N", title: "Hold to see the first (neutral) frame", group: "hold for neutral", run: ["hold"] },
];

const BY_ID = Object.fromEntries(KEYMAP.map((b) => [b.id, b]));

export function binding(id) {
  const found = BY_ID[id];
  if (!found) throw new Error(`No key binding ${id}`);
  return found;
}

// The tooltip of the button for binding `id`: what it does and its key.
export function tooltip(id) {
  const b = binding(id);
  return `${b.title} (${b.name})`;
}

// The binding a key event asks for, or null. Letters match in either case; Ctrl, Alt and Meta
// combinations belong to the browser and the notebook.
export function bindingFor(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return KEYMAP.find((b) => b.key === key && (b.shift === undefined || b.shift === !!event.shiftKey)) || null;
}

// "Click the player, then: ←/→ one frame · Shift+←/Shift+→ ten · ..."
export function helpLine() {
  const groups = new Map();
  for (const b of KEYMAP) groups.set(b.group, [...(groups.get(b.group) || []), b.name]);
  const parts = [...groups].map(([group, names]) => `${names.join("/")} ${group}`);
  return `Click the player, then: ${parts.join(" · ")}`;
}
