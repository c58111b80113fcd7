// The one key map: the handler, the help line and the tooltips all come from KEYMAP.
import assert from "node:assert/strict";
import { test } from "node:test";

import { KEYMAP, binding, bindingFor, helpLine, tooltip } from "../../course/player/js/keys.js";

const press = (key, more = {}) => bindingFor({ key, shiftKey: false, ...more })?.run;

test("arrows step one frame, ten with Shift", () => {
  assert.deepEqual(press("ArrowRight"), ["step", 1]);
  assert.deepEqual(press("ArrowLeft"), ["step", -1]);
  assert.deepEqual(press("ArrowRight", { shiftKey: true }), ["step", 10]);
  assert.deepEqual(press("ArrowLeft", { shiftKey: true }), ["step", -10]);
});

test("letters mark phases in either case, digits jump to marks, N holds neutral", () => {
  assert.deepEqual(press("o"), ["mark", "onset"]);
  assert.deepEqual(press("A", { shiftKey: true }), ["mark", "apex"]);
  assert.deepEqual(press("e"), ["mark", "offset"]);
  assert.deepEqual(press("2"), ["jump", "apex"]);
  assert.deepEqual(press("n"), ["hold"]);
  assert.deepEqual(press(" "), ["play"]);
  assert.deepEqual(press("Home"), ["first"]);
  assert.deepEqual(press("End"), ["last"]);
});

test("browser and notebook shortcuts and other keys are left alone", () => {
  assert.equal(press("a", { ctrlKey: true }), undefined);
  assert.equal(press("ArrowRight", { altKey: true }), undefined);
  assert.equal(press("x"), undefined);
  assert.equal(press("Enter"), undefined);
});

test("every binding is reachable by its own key, and no two share a key", () => {
  const seen = new Set();
  for (const b of KEYMAP) {
    assert.equal(bindingFor({ key: b.key, shiftKey: !!b.shift }), b, b.id);
    const chord = `${b.shift ? "Shift+" : ""}${b.key}`;
    assert.ok(!seen.has(chord), chord);
    seen.add(chord);
  }
});

test("the help line names every key, grouped, in the map's order", () => {
  const line = helpLine();
  assert.ok(line.startsWith("Click the player, then: ←/→ one frame · Shift+←/Shift+→ ten · Space play/pause"));
  assert.ok(line.includes("O/A/E mark onset/apex/offset · 1/2/3 jump to a mark"));
  for (const b of KEYMAP) assert.ok(line.includes(b.name), b.name);
});

test("a button's tooltip says what it does and its key", () => {
  assert.equal(tooltip("fwd10"), "Forward 10 frames (Shift+→)");
  assert.equal(tooltip("mark-apex"), "Mark this frame as the apex; again to clear (A)");
  assert.throws(() => binding("nope"), /No key binding nope/);
});
