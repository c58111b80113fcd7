// The FACS clip player and coding panel (anywidget entry; assembled with its parts into one
// self-contained ES module by course/player/bundle.py). Frame-exact stepping on a plain <video>
// fed from a Blob of the clip bytes; every grading number and every parse comes from Python.

import { button, h } from "./dom.js";
import { PHASES, clampFrame, filesUrl, frameAt, percentOf, timeOf, zoomView } from "./geometry.js";
import { binding, bindingFor, helpLine, tooltip } from "./keys.js";
import { codingPanel } from "./panel.js";
import { frameSeeker } from "./seeking.js";
import { drawTimeline, timelineLegend } from "./timeline.js";

const PHASE_LABELS = { onset: "Onset", apex: "Apex", offset: "Offset" };
const SPEEDS = [1, 0.5, 0.25, 0.1];
const VIEWS = [
  ["clip", "Clip"],
  ["side", "Side by side"],
  ["diff", "Difference"],
];
const TRANSPORT = [
  ["first", "|◀"],
  ["back10", "−10"],
  ["back1", "−1", "fp-btn fp-step-back"],
  ["play", "▶", "fp-btn fp-play"],
  ["fwd1", "+1", "fp-btn fp-step-fwd"],
  ["fwd10", "+10"],
  ["last", "▶|"],
];
const DIFF_GAIN = 4;
const WORK_WIDTH = 480; // the neutral and difference canvases never exceed this width
const SYNC_MS = 250; // how often the frame reaches Python while playing

function render({ model, el }) {
  let fps = model.get("fps");
  let count = model.get("frame_count");
  const last = () => Math.max(0, count - 1);
  const pct = (n) => percentOf(n, count);

  // --- DOM ------------------------------------------------------------------------------------
  const root = h("div", { class: "facs-player", tabIndex: 0, dataset: { ready: "0", frame: "0", view: "clip" } });
  const video = h("video", { muted: true, playsInline: true, preload: "auto", class: "fp-media" });
  const holdCanvas = h("canvas", { class: "fp-media fp-hold" });
  const poster = h("img", { class: "fp-media fp-poster", alt: "", hidden: true });
  const neutralCanvas = h("canvas", { class: "fp-media" });
  const diffCanvas = h("canvas", { class: "fp-media" });
  const workCanvas = document.createElement("canvas");
  const viewports = [];
  const pane = (cls, label, ...media) => {
    const vp = h("div", { class: "fp-viewport" }, h("div", { class: "fp-zoom" }, ...media));
    viewports.push(vp.firstChild);
    return h("figure", { class: `fp-pane ${cls}` }, vp, h("figcaption", {}, label));
  };
  const livePane = pane("fp-live", "Frame on screen", video, holdCanvas, poster);
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
  const legend = timelineLegend();

  const actions = {
    step: (d) => seeker.step(d),
    play: () => togglePlay(),
    first: () => seeker.goTo(0),
    last: () => seeker.goTo(last()),
    mark: (phase) => toggleMark(phase),
    jump: (phase) => jumpTo(phase),
    hold: () => holdNeutral(true),
  };
  const run = (id) => {
    const [action, arg] = binding(id).run;
    actions[action](arg);
  };
  const keyButton = (id, label, cls = "fp-btn") => button(label, tooltip(id), () => run(id), { class: cls });

  const transportButtons = Object.fromEntries(TRANSPORT.map(([id, label, cls]) => [id, keyButton(id, label, cls)]));
  const playBtn = transportButtons.play;
  const transport = h(
    "div",
    { class: "fp-row" },
    h("div", { class: "fp-group" }, Object.values(transportButtons)),
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
      markChips[phase] = keyButton(`jump-${phase}`, "–", "fp-chip");
      const set = keyButton(`mark-${phase}`, `${PHASE_LABELS[phase]} (${binding(`mark-${phase}`).name})`, `fp-btn fp-set-${phase}`);
      return h("span", { class: `fp-mark fp-mark-${phase}` }, set, markChips[phase]);
    }),
  );

  const holdBtn = button(`Hold: neutral (${binding("hold").name})`, tooltip("hold"), null, { class: "fp-btn fp-hold-btn" });
  const viewGroup = h("div", { class: "fp-group" },
    VIEWS.map(([name, label]) => button(label, `${label} view`, () => setView(name), { dataset: { view: name } })));
  const viewRow = h("div", { class: "fp-row" }, h("span", { class: "fp-group-label" }, "View"), viewGroup, holdBtn);
  const zoomGroup = h("div", { class: "fp-row fp-zoom-group" });
  const help = h("div", { class: "fp-help" }, helpLine());

  const marks = () => ({ onset: null, apex: null, offset: null, ...model.get("marks") });
  const coding = codingPanel(model, marks, () => {
    root.dataset.feedback = model.get("feedback_state");
    root.dataset.agreement = model.get("agreement");
  });

  const left = h("div", { class: "fp-left" }, stage,
    h("div", { class: "fp-scrubber" }, scrub, timeline, legend), transport, markRow, viewRow, zoomGroup, help);
  root.append(head, h("div", { class: "fp-body" }, left, coding.panel));
  timeline.append(playhead);
  el.append(root);

  // --- State ----------------------------------------------------------------------------------
  let current = 0; // the frame on screen
  let loop = false;
  let view = "clip";
  let neutralData = null;
  let lastSync = 0;
  let url = null;
  let posterUrl = null;
  let alive = true;

  const workCtx = workCanvas.getContext("2d", { willReadFrequently: true });
  const seeker = frameSeeker(video, { fps: () => fps, count: () => count, current: () => current }, {
    shown: (n) => showFrame(n),
    busy: (on) => (root.dataset.seeking = on ? "1" : "0"),
  });

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

  // --- Playback -------------------------------------------------------------------------------
  const loopStart = () => marks().onset ?? 0;
  const loopEnd = () => marks().offset ?? last();

  function onPlayFrame(_, meta) {
    if (video.paused || !alive) return;
    const n = frameAt(meta.mediaTime, fps, count);
    showFrame(n, true);
    if (loop && n >= loopEnd()) video.currentTime = timeOf(loopStart(), fps);
    video.requestVideoFrameCallback(onPlayFrame);
  }

  function togglePlay() {
    if (!video.paused) {
      video.pause();
      return;
    }
    if (current >= (loop ? loopEnd() : last())) video.currentTime = timeOf(loop ? loopStart() : 0, fps);
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
    if (!seeker.seeking()) seeker.goTo(current); // settle on the exact frame and tell Python
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
  function toggleMark(phase) {
    const m = marks();
    m[phase] = m[phase] === current ? null : current;
    model.set("marks", m);
    model.save_changes();
  }

  function jumpTo(phase) {
    const n = marks()[phase];
    if (n != null) seeker.goTo(n);
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

  const renderTimeline = () => drawTimeline(timeline, playhead, legend, model.get("key_events"), marks(), count);

  // --- Neutral, side by side, difference, zoom ----------------------------------------------
  function sizeCanvases() {
    const scale = Math.min(1, WORK_WIDTH / video.videoWidth);
    const w = Math.max(1, Math.round(video.videoWidth * scale));
    const hgt = Math.max(1, Math.round(video.videoHeight * scale));
    for (const c of [workCanvas, neutralCanvas, diffCanvas, holdCanvas]) {
      c.width = w;
      c.height = hgt;
    }
    fitViewports(video.videoWidth, video.videoHeight);
  }

  function fitViewports(width, height) {
    for (const vp of viewports) vp.parentNode.style.aspectRatio = `${width} / ${height}`;
  }

  function grab() {
    workCtx.drawImage(video, 0, 0, workCanvas.width, workCanvas.height);
    return workCtx.getImageData(0, 0, workCanvas.width, workCanvas.height);
  }

  // A busy browser can hand back an all-black first grab right after loading: try again.
  async function captureNeutral() {
    for (let tries = 0; tries < 20; tries++) {
      neutralData = grab();
      if (!allBlack(neutralData)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    neutralCanvas.getContext("2d").putImageData(neutralData, 0, 0);
    holdCanvas.getContext("2d").putImageData(neutralData, 0, 0);
  }

  function allBlack(image) {
    const d = image.data;
    for (let i = 0; i < d.length; i += 4) if (d[i] || d[i + 1] || d[i + 2]) return false;
    return true;
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
    const { scale, left, top } = zoomView(region && region.box);
    for (const z of viewports) z.style.transform = `scale(${scale}) translate(${-left * 100}%, ${-top * 100}%)`;
    root.dataset.region = name;
    for (const b of zoomGroup.querySelectorAll("[data-region]")) b.classList.toggle("fp-on", b.dataset.region === name);
  }

  // --- Keyboard -------------------------------------------------------------------------------
  // Listen on window in the capture phase: Notebook 7 handles shortcuts while capturing at
  // the document, so a listener on the player itself would come too late.
  function onKeyDown(e) {
    if (!root.contains(e.target)) return;
    e.stopPropagation(); // keep notebook shortcuts away from the player
    if (e.target === coding.codeInput) {
      if (e.key === "Enter" && model.get("practice")) coding.check();
      return;
    }
    const found = bindingFor(e);
    if (!found) return;
    e.preventDefault();
    run(found.id);
  }
  function onKeyUp(e) {
    if (!root.contains(e.target)) return;
    e.stopPropagation();
    if (bindingFor({ key: e.key })?.id === "hold") holdNeutral(false);
  }
  window.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("keyup", onKeyUp, true);
  root.addEventListener("blur", () => holdNeutral(false));
  stage.addEventListener("click", () => root.focus());
  scrub.addEventListener("input", () => seeker.goTo(Number(scrub.value)));

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
    if (model.get("problem")) {
      status.textContent = model.get("problem");
      root.dataset.ready = "error";
    } else if (bytes && bytes.byteLength) {
      url = URL.createObjectURL(new Blob([bytes], { type: model.get("mime") }));
      video.src = url;
      showPoster(); // a clip kept from before: its first frame at once, while the video opens
    } else if (model.get("file")) {
      // A large video streams from Jupyter's /files/ endpoint, which supports seeking.
      const config = document.getElementById("jupyter-config-data");
      const served = config && filesUrl(model.get("file"), JSON.parse(config.textContent));
      if (served) video.src = served;
      else status.textContent = `The video ${model.get("file")} is outside the folder Jupyter serves; move it there and run the cell again.`;
    } else if (!showPoster()) {
      status.textContent = "No clip loaded.";
    }
  }

  // Frame 0 as a picture while the video is still being encoded in the kernel: the learner
  // sees the face at once; stepping starts when the video has arrived.
  function showPoster() {
    const bytes = model.get("poster");
    if (!bytes || !bytes.byteLength) return false;
    if (posterUrl) URL.revokeObjectURL(posterUrl);
    posterUrl = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
    poster.onload = () => {
      if (root.dataset.ready === "0") {
        fitViewports(poster.naturalWidth, poster.naturalHeight);
        poster.hidden = false;
        status.classList.add("fp-status-corner");
        root.dataset.shown = "1";
      }
    };
    poster.src = posterUrl;
    return true;
  }

  // Loaded data is the first frame at time 0: the neutral face, with no seek to wait for.
  video.addEventListener("loadeddata", async () => {
    sizeCanvases();
    await captureNeutral();
    const start = clampFrame(model.get("frame"), count);
    showFrame(start === 0 ? 0 : await seeker.seekOnce(start));
    status.hidden = true;
    status.classList.remove("fp-status-corner");
    poster.hidden = true;
    root.dataset.shown = "1";
    root.dataset.ready = "1";
  });
  video.addEventListener("error", () => {
    status.hidden = false;
    status.textContent = "This browser cannot play the clip. Re-open it with play() to convert it.";
    root.dataset.ready = "error";
  });

  // --- Python -> browser ----------------------------------------------------------------------
  model.on("change:clip", loadClip);
  model.on("change:problem", loadClip);
  model.on("change:file", loadClip);
  model.on("change:frame", () => {
    const n = model.get("frame");
    if (root.dataset.ready === "1" && n !== current && !seeker.wants(n)) seeker.goTo(n);
  });
  model.on("change:marks", renderMarks);
  model.on("change:key_events", renderTimeline);
  model.on("change:speed", renderSpeed);
  model.on("change:regions", renderRegions);
  model.on("change:region", renderZoom);
  model.on("change:title", () => (title.textContent = model.get("title")));

  setView("clip");
  renderSpeed();
  renderRegions();
  renderMarks();
  updateReadout();
  loadClip();

  return () => {
    alive = false;
    seeker.stop();
    window.removeEventListener("keydown", onKeyDown, true);
    window.removeEventListener("keyup", onKeyUp, true);
    video.pause();
    video.removeAttribute("src");
    if (url) URL.revokeObjectURL(url);
    if (posterUrl) URL.revokeObjectURL(posterUrl);
  };
}

export default { render };
