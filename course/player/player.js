// The FACS clip player and coding panel: one self-contained ES module for anywidget.
// Frame-exact stepping on a plain <video> fed from a Blob of the clip bytes; every grading
// number and every parse comes from Python through traits and messages.

const PHASES = ["onset", "apex", "offset"];
const PHASE_LABELS = { onset: "Onset", apex: "Apex", offset: "Offset" };
const MARK_LETTERS = { onset: "O", apex: "A", offset: "E" }; // the key that marks each phase
const MARK_KEYS = Object.fromEntries(PHASES.map((p) => [MARK_LETTERS[p].toLowerCase(), p]));
const JUMP_KEYS = { 1: "onset", 2: "apex", 3: "offset" };
const SPEEDS = [1, 0.5, 0.25, 0.1];
const VIEWS = [
  ["clip", "Clip"],
  ["side", "Side by side"],
  ["diff", "Difference"],
];
const DIFF_GAIN = 4;
const WORK_WIDTH = 480; // the neutral and difference canvases never exceed this width
const SYNC_MS = 250; // how often the frame reaches Python while playing

function h(tag, props = {}, ...children) {
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

function button(label, title, onclick, extra = {}) {
  return h("button", { type: "button", class: "fp-btn", title, onclick, ...extra }, label);
}

function render({ model, el }) {
  let fps = model.get("fps");
  let count = model.get("frame_count");
  const last = () => Math.max(0, count - 1);
  const clamp = (n) => Math.min(last(), Math.max(0, Math.round(n)));
  const frameOf = (t) => clamp(t * fps);

  // --- DOM ------------------------------------------------------------------------------------
  const video = h("video", { muted: true, playsInline: true, preload: "auto", class: "fp-media" });
  const holdCanvas = h("canvas", { class: "fp-media fp-hold" });
  const neutralCanvas = h("canvas", { class: "fp-media" });
  const diffCanvas = h("canvas", { class: "fp-media" });
  const workCanvas = document.createElement("canvas");
  const viewports = [];
  const pane = (cls, label, ...media) => {
    const vp = h("div", { class: "fp-viewport" }, h("div", { class: "fp-zoom" }, ...media));
    viewports.push(vp.firstChild);
    return h("figure", { class: `fp-pane ${cls}` }, vp, h("figcaption", {}, label));
  };
  const livePane = pane("fp-live", "Frame on screen", video, holdCanvas);
  const neutralPane = pane("fp-neutral", "Neutral (first frame)", neutralCanvas);
  const diffPane = pane("fp-diff", "Difference from neutral", diffCanvas);
  const stage = h("div", { class: "fp-stage", dataset: { view: "clip" } }, livePane, neutralPane, diffPane);
  const status = h("div", { class: "fp-status" }, "Loading clip…");
  stage.append(status);

  const readout = h("span", { class: "fp-readout" });
  const title = h("span", { class: "fp-title" }, model.get("title"));
  const head = h("div", { class: "fp-head" }, title, readout);

  const scrub = h("input", { type: "range", min: 0, max: last(), step: 1, value: 0, class: "fp-scrub", title: "Scrub through the clip" });
  const timeline = h("div", { class: "fp-timeline" });
  const playhead = h("div", { class: "fp-playhead" });
  const legend = h("div", { class: "fp-legend", hidden: true },
    h("span", { class: "fp-legend-key" }), "the key's events (bar: onset to offset, line: apex)  ",
    h("span", { class: "fp-tick-onset fp-legend-tick" }, "O"), h("span", { class: "fp-tick-apex fp-legend-tick" }, "A"),
    h("span", { class: "fp-tick-offset fp-legend-tick" }, "E"), " your marks");

  const playBtn = button("▶", "Play / pause (Space)", () => togglePlay(), { class: "fp-btn fp-play" });
  const transport = h(
    "div",
    { class: "fp-row" },
    h(
      "div",
      { class: "fp-group" },
      button("|◀", "First frame (Home)", () => goTo(0)),
      button("−10", "Back 10 frames (Shift+←)", () => step(-10)),
      button("−1", "Back 1 frame (←)", () => step(-1), { class: "fp-btn fp-step-back" }),
      playBtn,
      button("+1", "Forward 1 frame (→)", () => step(1), { class: "fp-btn fp-step-fwd" }),
      button("+10", "Forward 10 frames (Shift+→)", () => step(10)),
      button("▶|", "Last frame (End)", () => goTo(last())),
    ),
    h("div", { class: "fp-group fp-speeds", title: "Playback speed" },
      SPEEDS.map((s) => button(`${s}×`, `Play at ${s}× speed`, () => setSpeed(s), { dataset: { speed: String(s) } })),
    ),
    button("Loop", "Loop between the onset and offset marks", () => setLoop(!loop), { class: "fp-btn fp-loop" }),
  );

  const markChips = {};
  const markRow = h(
    "div",
    { class: "fp-row" },
    h("span", { class: "fp-group-label" }, "Mark"),
    PHASES.map((phase) => {
      const key = MARK_LETTERS[phase];
      const jump = String(PHASES.indexOf(phase) + 1);
      markChips[phase] = button("–", `Jump to the ${phase} mark (${jump})`, () => jumpTo(phase), { class: "fp-chip" });
      return h("span", { class: `fp-mark fp-mark-${phase}` },
        button(`${PHASE_LABELS[phase]} (${key})`, `Mark this frame as the ${phase} (${key}); again to clear`, () => toggleMark(phase), { class: `fp-btn fp-set-${phase}` }),
        markChips[phase]);
    }),
  );

  const holdBtn = button("Hold: neutral (N)", "Hold to see the first (neutral) frame", null, { class: "fp-btn fp-hold-btn" });
  const viewGroup = h("div", { class: "fp-group" },
    VIEWS.map(([name, label]) => button(label, `${label} view`, () => setView(name), { dataset: { view: name } })));
  const viewRow = h("div", { class: "fp-row" }, h("span", { class: "fp-group-label" }, "View"), viewGroup, holdBtn);
  const zoomGroup = h("div", { class: "fp-row fp-zoom-group" });
  const help = h("div", { class: "fp-help" },
    "Click the player, then: ←/→ one frame · Shift+←/→ ten · Space play/pause · O/A/E mark onset/apex/offset · 1/2/3 jump to a mark · hold N for neutral");

  const codeInput = h("input", { type: "text", class: "fp-code", placeholder: "e.g. 1+2+5B", spellcheck: false, autocomplete: "off", value: model.get("code") });
  const parsedBox = h("div", { class: "fp-parsed" });
  const checkBtn = button("Check", "Compare your code and marks with the key", () => check(), { class: "fp-btn fp-primary fp-check" });
  const hintBtn = button("Hint", "A hint: first where to look, then the cue, then the answer", () => model.send({ type: "hint" }), { class: "fp-btn fp-hint-btn" });
  const feedbackBox = h("div", { class: "fp-feedback" });
  const hintBox = h("div", { class: "fp-hintbox" });
  const practiceRow = h("div", { class: "fp-row fp-practice" }, checkBtn, hintBtn);
  const panel = h("div", { class: "fp-panel" },
    h("label", { class: "fp-label" }, "Your code", codeInput),
    parsedBox, practiceRow, hintBox, feedbackBox);

  const left = h("div", { class: "fp-left" }, stage,
    h("div", { class: "fp-scrubber" }, scrub, timeline, legend), transport, markRow, viewRow, zoomGroup, help);
  const root = h("div", { class: "facs-player", tabIndex: 0, dataset: { ready: "0", frame: "0", view: "clip" } },
    head, h("div", { class: "fp-body" }, left, panel));
  timeline.append(playhead);
  el.append(root);

  // --- State ----------------------------------------------------------------------------------
  let current = 0; // the frame on screen
  let wanted = null; // the frame asked for next
  let heading = null; // the frame the seek in flight is heading for
  let busy = false;
  let loop = false;
  let view = "clip";
  let neutralData = null;
  let lastSync = 0;
  let url = null;
  let alive = true;

  const workCtx = workCanvas.getContext("2d", { willReadFrequently: true });

  function updateReadout() {
    const t = (current / fps).toFixed(3);
    readout.textContent = `Frame ${current} / ${last()} · ${t} s · ${fps.toFixed(fps % 1 ? 2 : 0)} fps`;
  }

  function showFrame(n, fromPlayback = false) {
    current = n;
    root.dataset.frame = String(n);
    scrub.value = String(n);
    playhead.style.left = pct(n);
    updateReadout();
    if (view === "diff") drawDiff();
    const now = performance.now();
    if (!fromPlayback || now - lastSync > SYNC_MS) {
      lastSync = now;
      if (model.get("frame") !== n) {
        model.set("frame", n);
        model.save_changes();
      }
    }
  }

  // Seek so that frame n is presented: aim at the middle of its display interval, then wait for
  // the frame callback, or for `seeked` when the frame on screen does not change.
  function seekOnce(n) {
    return new Promise((resolve) => {
      let done = false;
      const finish = (frame) => {
        if (done) return;
        done = true;
        video.removeEventListener("seeked", onSeeked);
        resolve(frame);
      };
      const onSeeked = () => requestAnimationFrame(() => requestAnimationFrame(() => finish(n)));
      // A callback can report a frame still on its way from an earlier seek: wait for n.
      const onFrame = (_, meta) => {
        if (frameOf(meta.mediaTime) === n) finish(n);
        else if (!done) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      video.addEventListener("seeked", onSeeked);
      video.currentTime = (n + 0.5) / fps;
    });
  }

  async function goTo(n) {
    wanted = clamp(n);
    if (!video.paused) video.pause();
    if (busy) return;
    busy = true;
    root.dataset.seeking = "1";
    while (alive && wanted !== null) {
      heading = wanted;
      wanted = null;
      const shown = await seekOnce(heading);
      if (wanted === null) showFrame(shown);
    }
    heading = null;
    busy = false;
    root.dataset.seeking = "0";
  }

  const step = (d) => goTo((wanted ?? heading ?? current) + d);

  function pct(n) {
    return `${last() ? (100 * n) / last() : 0}%`;
  }

  // --- Playback -------------------------------------------------------------------------------
  const loopStart = () => marks().onset ?? 0;
  const loopEnd = () => marks().offset ?? last();

  function onPlayFrame(_, meta) {
    if (video.paused || !alive) return;
    const n = frameOf(meta.mediaTime);
    showFrame(n, true);
    if (loop && n >= loopEnd()) video.currentTime = (loopStart() + 0.5) / fps;
    video.requestVideoFrameCallback(onPlayFrame);
  }

  function togglePlay() {
    if (!video.paused) {
      video.pause();
      return;
    }
    if (current >= (loop ? loopEnd() : last())) video.currentTime = ((loop ? loopStart() : 0) + 0.5) / fps;
    video.playbackRate = speed();
    video.requestVideoFrameCallback(onPlayFrame);
    video.play();
  }

  video.addEventListener("play", () => {
    playBtn.textContent = "❚❚";
    root.dataset.playing = "1";
  });
  video.addEventListener("pause", () => {
    playBtn.textContent = "▶";
    root.dataset.playing = "0";
    if (!busy) goTo(current); // settle on the exact frame and tell Python
  });
  video.addEventListener("ended", () => {
    if (loop) togglePlay();
  });

  const speed = () => model.get("speed");
  function setSpeed(s) {
    model.set("speed", s);
    model.save_changes();
  }
  function renderSpeed() {
    video.playbackRate = speed();
    for (const b of transport.querySelectorAll("[data-speed]")) b.classList.toggle("fp-on", Number(b.dataset.speed) === speed());
  }

  function setLoop(on) {
    loop = on;
    transport.querySelector(".fp-loop").classList.toggle("fp-on", on);
  }

  // --- Marks ----------------------------------------------------------------------------------
  const marks = () => ({ onset: null, apex: null, offset: null, ...model.get("marks") });

  function toggleMark(phase) {
    const m = marks();
    m[phase] = m[phase] === current ? null : current;
    model.set("marks", m);
    model.save_changes();
  }

  function jumpTo(phase) {
    const n = marks()[phase];
    if (n != null) goTo(n);
  }

  function renderMarks() {
    const m = marks();
    for (const phase of PHASES) {
      markChips[phase].textContent = m[phase] == null ? "–" : `f ${m[phase]}`;
      markChips[phase].disabled = m[phase] == null;
    }
    root.dataset.marks = PHASES.map((p) => m[p] ?? "").join(",");
    renderTimeline();
  }

  function renderTimeline() {
    for (const node of [...timeline.children]) if (node !== playhead) node.remove();
    const m = marks();
    const events = model.get("key_events");
    events.forEach((ev, row) => {
      const top = 3 + row * 22;
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
    timeline.style.height = `${22 + events.length * 22}px`;
    for (const phase of PHASES) {
      if (m[phase] == null) continue;
      const tick = h("div", { class: `fp-tick fp-tick-${phase}`, title: `Your ${phase}: frame ${m[phase]}` }, MARK_LETTERS[phase]);
      tick.style.left = pct(m[phase]);
      timeline.append(tick);
    }
    legend.hidden = events.length === 0;
  }

  // --- Neutral, side by side, difference, zoom ----------------------------------------------
  function sizeCanvases() {
    const scale = Math.min(1, WORK_WIDTH / video.videoWidth);
    const w = Math.max(1, Math.round(video.videoWidth * scale));
    const hgt = Math.max(1, Math.round(video.videoHeight * scale));
    for (const c of [workCanvas, neutralCanvas, diffCanvas, holdCanvas]) {
      c.width = w;
      c.height = hgt;
    }
    for (const vp of viewports) vp.parentNode.style.aspectRatio = `${video.videoWidth} / ${video.videoHeight}`;
  }

  function grab() {
    workCtx.drawImage(video, 0, 0, workCanvas.width, workCanvas.height);
    return workCtx.getImageData(0, 0, workCanvas.width, workCanvas.height);
  }

  function captureNeutral() {
    neutralData = grab();
    neutralCanvas.getContext("2d").putImageData(neutralData, 0, 0);
    holdCanvas.getContext("2d").putImageData(neutralData, 0, 0);
  }

  function drawDiff() {
    if (!neutralData) return;
    const now = grab();
    const a = now.data;
    const b = neutralData.data;
    for (let i = 0; i < a.length; i += 4) {
      const d = (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2])) / 3;
      const v = Math.min(255, d * DIFF_GAIN);
      a[i] = v; // unchanged reads as near black, change as warm orange to yellow
      a[i + 1] = v * 0.72;
      a[i + 2] = 24 + v * 0.15;
    }
    diffCanvas.getContext("2d").putImageData(now, 0, 0);
  }

  function setView(name) {
    view = name;
    stage.dataset.view = name;
    root.dataset.view = name;
    for (const b of viewGroup.children) b.classList.toggle("fp-on", b.dataset.view === name);
    if (name === "diff") drawDiff();
  }

  function holdNeutral(on) {
    root.dataset.neutral = on ? "1" : "0";
    holdBtn.classList.toggle("fp-on", on);
  }
  holdBtn.addEventListener("pointerdown", (e) => {
    e.preventDefault();
    holdNeutral(true);
  });
  for (const type of ["pointerup", "pointerleave", "pointercancel"]) holdBtn.addEventListener(type, () => holdNeutral(false));

  function renderRegions() {
    zoomGroup.replaceChildren(
      h("span", { class: "fp-group-label" }, "Zoom"),
      ...model.get("regions").map((r) =>
        button(r.label, `Zoom to ${r.label.toLowerCase()}`, () => {
          model.set("region", r.name);
          model.save_changes();
        }, { dataset: { region: r.name } }),
      ),
    );
    renderZoom();
  }

  function renderZoom() {
    const name = model.get("region");
    const region = model.get("regions").find((r) => r.name === name);
    const [x0, y0, x1, y1] = region ? region.box : [0, 0, 1, 1];
    const s = 1 / Math.max(x1 - x0, y1 - y0, 1e-3);
    const span = 1 / s;
    const left = Math.min(Math.max((x0 + x1) / 2 - span / 2, 0), 1 - span);
    const top = Math.min(Math.max((y0 + y1) / 2 - span / 2, 0), 1 - span);
    for (const z of viewports) z.style.transform = `scale(${s}) translate(${-left * 100}%, ${-top * 100}%)`;
    root.dataset.region = name;
    for (const b of zoomGroup.querySelectorAll("[data-region]")) b.classList.toggle("fp-on", b.dataset.region === name);
  }

  // --- Coding panel ---------------------------------------------------------------------------
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
    typing = setTimeout(sendCode, 120);
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
    root.dataset.feedback = model.get("feedback_state");
    root.dataset.agreement = model.get("agreement");
  }

  // --- Keyboard -------------------------------------------------------------------------------
  // Listen on window in the capture phase: Notebook 7 handles shortcuts while capturing at
  // the document, so a listener on the player itself would come too late.
  function onKeyDown(e) {
    if (!root.contains(e.target)) return;
    e.stopPropagation(); // keep notebook shortcuts away from the player
    if (e.target === codeInput) {
      if (e.key === "Enter" && model.get("practice")) check();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    let handled = true;
    if (e.key === "ArrowRight") step(e.shiftKey ? 10 : 1);
    else if (e.key === "ArrowLeft") step(e.shiftKey ? -10 : -1);
    else if (e.key === " ") togglePlay();
    else if (e.key === "Home") goTo(0);
    else if (e.key === "End") goTo(last());
    else if (key in MARK_KEYS) toggleMark(MARK_KEYS[key]);
    else if (key in JUMP_KEYS) jumpTo(JUMP_KEYS[key]);
    else if (key === "n") holdNeutral(true);
    else handled = false;
    if (handled) e.preventDefault();
  }
  function onKeyUp(e) {
    if (!root.contains(e.target)) return;
    e.stopPropagation();
    if (e.key.toLowerCase() === "n") holdNeutral(false);
  }
  window.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("keyup", onKeyUp, true);
  root.addEventListener("blur", () => holdNeutral(false));
  stage.addEventListener("click", () => root.focus());
  scrub.addEventListener("input", () => goTo(Number(scrub.value)));

  // --- Loading --------------------------------------------------------------------------------
  function loadClip() {
    root.dataset.ready = "0";
    fps = model.get("fps");
    count = model.get("frame_count");
    scrub.max = String(last());
    renderMarks(); // positions on the timeline depend on the frame count
    const bytes = model.get("clip");
    if (url) URL.revokeObjectURL(url);
    url = null;
    status.hidden = false;
    status.textContent = "Loading clip…";
    if (bytes && bytes.byteLength) {
      url = URL.createObjectURL(new Blob([bytes], { type: model.get("mime") }));
      video.src = url;
    } else if (model.get("file")) {
      const served = filesUrl(model.get("file"));
      if (served) video.src = served;
      else status.textContent = `The video ${model.get("file")} is outside the folder Jupyter serves; move it there and run the cell again.`;
    } else {
      status.textContent = "No clip loaded.";
    }
  }

  // A large video streams from Jupyter's /files/ endpoint (which supports seeking). The URL
  // is built from the page's own base URL, so it also works under JupyterHub's /user/<name>/.
  function filesUrl(path) {
    const node = document.getElementById("jupyter-config-data");
    if (!node) return null;
    const config = JSON.parse(node.textContent);
    const root = (config.serverRoot || "").replace(/\/+$/, "");
    if (!root || !path.startsWith(`${root}/`)) return null;
    const rel = path.slice(root.length + 1).split("/").map(encodeURIComponent).join("/");
    const base = (config.baseUrl || "/").replace(/\/?$/, "/");
    return `${base}files/${rel}`;
  }

  video.addEventListener("loadeddata", async () => {
    sizeCanvases();
    await seekOnce(0);
    captureNeutral();
    const start = clamp(model.get("frame"));
    showFrame(await seekOnce(start));
    status.hidden = true;
    root.dataset.ready = "1";
  });
  video.addEventListener("error", () => {
    status.hidden = false;
    status.textContent = "This browser cannot play the clip. Re-open it with play() to convert it.";
    root.dataset.ready = "error";
  });

  // --- Python -> browser ----------------------------------------------------------------------
  model.on("change:clip", loadClip);
  model.on("change:file", loadClip);
  model.on("change:frame", () => {
    const n = model.get("frame");
    if (root.dataset.ready === "1" && n !== current && n !== wanted) goTo(n);
  });
  model.on("change:marks", renderMarks);
  model.on("change:key_events", renderTimeline);
  model.on("change:speed", renderSpeed);
  model.on("change:regions", renderRegions);
  model.on("change:region", renderZoom);
  model.on("change:title", () => (title.textContent = model.get("title")));
  model.on("change:parsed", renderParsed);
  model.on("change:code", () => {
    if (codeInput.value !== model.get("code") && document.activeElement !== codeInput) codeInput.value = model.get("code");
  });
  for (const name of ["practice", "feedback", "hint", "feedback_state", "agreement"]) model.on(`change:${name}`, renderPractice);

  setView("clip");
  renderSpeed();
  renderRegions();
  renderMarks();
  renderParsed();
  renderPractice();
  updateReadout();
  loadClip();

  return () => {
    alive = false;
    window.removeEventListener("keydown", onKeyDown, true);
    window.removeEventListener("keyup", onKeyUp, true);
    video.pause();
    video.removeAttribute("src");
    if (url) URL.revokeObjectURL(url);
  };
}

export default { render };
