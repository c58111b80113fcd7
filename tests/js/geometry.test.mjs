// Pure helpers of the player: frame <-> time, timeline positions, zoom, the files URL.
import assert from "node:assert/strict";
import { test } from "node:test";

import { clampFrame, filesUrl, frameAt, percentOf, timeOf, zoomView } from "../../course/player/js/geometry.js";

test("a frame's timestamp reads back as that frame, at any frame rate", () => {
  for (const fps of [30, 25, 30000 / 1001, 12, 60]) {
    for (let n = 0; n < 300; n++) assert.equal(frameAt(n / fps, fps, 300), n);
  }
});

test("a frame's seek time is inside its display interval, never on a boundary", () => {
  for (const fps of [30, 25, 30000 / 1001, 12, 60]) {
    for (let n = 0; n < 300; n++) {
      const t = timeOf(n, fps);
      assert.ok(t > n / fps && t < (n + 1) / fps, `${n} at ${fps}`);
    }
  }
});

test("times and frames outside the clip clamp to its ends", () => {
  assert.equal(frameAt(-1, 30, 90), 0);
  assert.equal(frameAt(10, 30, 90), 89);
  assert.equal(clampFrame(89.4, 90), 89);
  assert.equal(clampFrame(5, 0), 0);
});

test("timeline positions run from 0% at the first frame to 100% at the last", () => {
  assert.equal(percentOf(0, 90), "0%");
  assert.equal(percentOf(89, 90), "100%");
  assert.equal(percentOf(0, 1), "0%"); // a one-frame clip does not divide by zero
});

test("the whole face is not zoomed", () => {
  assert.deepEqual(zoomView([0, 0, 1, 1]), { scale: 1, left: 0, top: 0 });
  assert.deepEqual(zoomView(undefined), { scale: 1, left: 0, top: 0 });
});

test("a region fills the view by its longer side, centred on it", () => {
  const { scale, left, top } = zoomView([0.2, 0.28, 0.8, 0.52]); // eyes: wide, short
  assert.ok(Math.abs(scale - 1 / 0.6) < 1e-9);
  assert.ok(Math.abs(left - 0.2) < 1e-9);
  assert.ok(Math.abs(top - (0.4 - 0.3)) < 1e-9);
});

test("a region at the frame's edge is shifted so the view stays inside the frame", () => {
  const low = zoomView([0.25, 0.8, 0.75, 1.0]); // span 0.5, centred at y 0.9
  assert.equal(low.top, 0.5);
  const corner = zoomView([0, 0, 0.2, 0.2]);
  assert.deepEqual([corner.left, corner.top], [0, 0]);
});

test("the files URL follows the server's base URL, as under JupyterHub", () => {
  const hub = { serverRoot: "/home/jovyan", baseUrl: "/user/alice/" };
  assert.equal(filesUrl("/home/jovyan/week 1/clip.webm", hub), "/user/alice/files/week%201/clip.webm");
  assert.equal(filesUrl("/srv/c.webm", { serverRoot: "/srv/", baseUrl: "/" }), "/files/c.webm");
  assert.equal(filesUrl("/srv/c.webm", { serverRoot: "/srv", baseUrl: "/user/bob" }), "/user/bob/files/c.webm");
});

test("a file outside the served folder has no URL", () => {
  assert.equal(filesUrl("/tmp/clip.webm", { serverRoot: "/home/jovyan", baseUrl: "/" }), null);
  assert.equal(filesUrl("/home/jovyanx/clip.webm", { serverRoot: "/home/jovyan", baseUrl: "/" }), null);
  assert.equal(filesUrl("/home/clip.webm", {}), null);
});
