// Pure helpers: frame <-> time, timeline positions, zoom boxes, the served URL of a file.

export const PHASES = ["onset", "apex", "offset"];

// The frame whose presentation timestamp is nearest t (seconds; a frame callback's mediaTime),
// within 0..count-1.
export function frameAt(t, fps, count) {
  return clampFrame(t * fps, count);
}

export function clampFrame(n, count) {
  return Math.min(Math.max(0, count - 1), Math.max(0, Math.round(n)));
}

// The time to seek to for frame n: the middle of its display interval, never a boundary.
export function timeOf(n, fps) {
  return (n + 0.5) / fps;
}

// Where frame n sits on the timeline, as a CSS percentage.
export function percentOf(n, count) {
  const last = Math.max(0, count - 1);
  return `${last ? (100 * n) / last : 0}%`;
}

// Scale and top-left offset (fractions of the frame) that fill a square viewport with the box
// [x0, y0, x1, y1] (fractions of the frame), kept inside the frame.
export function zoomView(box) {
  const [x0, y0, x1, y1] = box || [0, 0, 1, 1];
  const span = Math.max(x1 - x0, y1 - y0, 1e-3);
  const inside = (centre) => Math.min(Math.max(centre - span / 2, 0), Math.max(0, 1 - span));
  return { scale: 1 / span, left: inside((x0 + x1) / 2), top: inside((y0 + y1) / 2) };
}

// The URL of `path` under Jupyter's /files/ endpoint, from the page's jupyter-config-data
// (serverRoot, baseUrl): so it also works under JupyterHub's /user/<name>/. Null when the
// file lies outside the folder Jupyter serves.
export function filesUrl(path, config) {
  const root = (config.serverRoot || "").replace(/\/+$/, "");
  if (!root || !path.startsWith(`${root}/`)) return null;
  const rel = path.slice(root.length + 1).split("/").map(encodeURIComponent).join("/");
  const base = (config.baseUrl || "/").replace(/\/?$/, "/");
  return `${base}files/${rel}`;
}
