// The coding panel: the code box (parsed in Python as you type), Check, Hint and feedback.

import { button, h } from "./dom.js";

const TYPING_MS = 120; // pause in typing before the code goes to Python

// `marks()` gives the marks sent with a Check; `onPractice(model)` is told when the practice
// state changes (the player mirrors it in data attributes).
export function codingPanel(model, marks, onPractice) {
  const codeInput = h("input", { type: "text", class: "fp-code", placeholder: "e.g. 1+2+5B", spellcheck: false, autocomplete: "off", value: model.get("code") });
  const parsedBox = h("div", { class: "fp-parsed" });
  const checkBtn = button("Check", "Compare your code and marks with the key", () => check(), { class: "fp-btn fp-primary fp-check" });
  const hintBtn = button("Hint", "A hint: first where to look, then the cue, then the answer", () => model.send({ type: "hint" }), { class: "fp-btn fp-hint-btn" });
  const feedbackBox = h("div", { class: "fp-feedback" });
  const hintBox = h("div", { class: "fp-hintbox" });
  const practiceRow = h("div", { class: "fp-row fp-practice" }, checkBtn, hintBtn);
  const panel = h("div", { class: "fp-panel" }, h("label", { class: "fp-label" }, "Your code", codeInput), parsedBox, practiceRow, hintBox, feedbackBox);

  let typing = null;
  function sendCode() {
    clearTimeout(typing);
    if (model.get("code") === codeInput.value) {
      renderParsed(); // back to what Python already parsed
      return;
    }
    model.set("code", codeInput.value);
    model.save_changes();
  }
  codeInput.addEventListener("input", () => {
    clearTimeout(typing);
    panel.dataset.parse = "pending";
    typing = setTimeout(sendCode, TYPING_MS);
  });

  function check() {
    // Send what is on screen with the request: state updates may be held back while the
    // kernel is busy, custom messages are not, so their order is not guaranteed.
    sendCode();
    model.send({ type: "check", code: codeInput.value, marks: marks() });
  }

  function renderParsed() {
    const p = model.get("parsed");
    parsedBox.replaceChildren();
    panel.dataset.parse = p.state || "empty";
    if (p.state === "ok") {
      parsedBox.append(
        h("div", { class: "fp-canonical" }, "Reads as ", h("strong", {}, p.canonical)),
        h("ul", { class: "fp-codes" }, p.codes.map((c) => h("li", {}, h("b", {}, c.text), ` ${c.name}`, c.detail ? h("span", { class: "fp-detail" }, ` · ${c.detail}`) : null))),
      );
    } else if (p.state === "error") {
      parsedBox.append(h("div", { class: "fp-error" }, p.message));
    } else {
      parsedBox.append(h("div", { class: "fp-empty" }, p.message || "Type the codes you see, joined with +."));
    }
  }

  function renderPractice() {
    practiceRow.hidden = !model.get("practice");
    feedbackBox.innerHTML = model.get("feedback");
    hintBox.innerHTML = model.get("hint");
    onPractice(model);
  }

  model.on("change:parsed", renderParsed);
  model.on("change:code", () => {
    if (codeInput.value !== model.get("code") && document.activeElement !== codeInput) codeInput.value = model.get("code");
  });
  for (const name of ["practice", "feedback", "hint", "feedback_state", "agreement"]) model.on(`change:${name}`, renderPractice);
  renderParsed();
  renderPractice();
  return { panel, codeInput, check };
}
