// The timeline under the scrubber: the key's events (after a Check) and the learner's marks.

import { h } from "./dom.js";
import { PHASES, percentOf } from "./geometry.js";
import { MARK_LETTERS } from "./keys.js";

const ROW = 22; // px per key event row

export function timelineLegend() {
  return h(
    "div",
    { class: "fp-legend", hidden: true },
    h("span", { class: "fp-legend-key" }),
    "the key's events (bar: onset to offset, line: apex)  ",
    PHASES.map((p) => h("span", { class: `fp-tick-${p} fp-legend-tick` }, MARK_LETTERS[p])),
    " your marks",
  );
}

// Redraw `timeline` (keeping `playhead`) for key `events` and `marks` on a clip of `count` frames.
export function drawTimeline(timeline, playhead, legend, events, marks, count) {
  const pct = (n) => percentOf(n, count);
  for (const node of [...timeline.children]) if (node !== playhead) node.remove();
  events.forEach((ev, row) => {
    const top = 3 + row * ROW;
    const at = (cls, frame, text = null) => {
      const node = h("div", { class: cls }, text);
      node.style.left = pct(frame);
      node.style.top = `${top + (cls === "fp-key-label" ? 9 : 0)}px`;
      return node;
    };
    const bar = at("fp-key-bar", ev.onset);
    bar.title = `Key ${ev.label}: onset ${ev.onset}, apex ${ev.apex}, offset ${ev.offset}`;
    bar.style.width = `calc(${pct(ev.offset)} - ${pct(ev.onset)})`;
    timeline.append(bar, at("fp-key-apex", ev.apex), at("fp-key-label", ev.onset, `key ${ev.label}`));
  });
  timeline.style.height = `${ROW + events.length * ROW}px`;
  for (const phase of PHASES) {
    if (marks[phase] == null) continue;
    const tick = h("div", { class: `fp-tick fp-tick-${phase}`, title: `Your ${phase}: frame ${marks[phase]}` }, MARK_LETTERS[phase]);
    tick.style.left = pct(marks[phase]);
    timeline.append(tick);
  }
  legend.hidden = events.length === 0;
}
