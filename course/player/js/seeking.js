// Frame-exact seeking on a plain <video>: one seek in flight at a time, the latest request wins.

import { clampFrame, frameAt, timeOf } from "./geometry.js";

// `clip` gives fps(), count() and current() (the frame on screen); `shown(n)` is called once
// frame n is presented and no newer request waits; `busy(on)` while seeks are in flight.
export function frameSeeker(video, clip, { shown, busy }) {
  let wanted = null; // the frame asked for next
  let heading = null; // the frame the seek in flight is heading for
  let seeking = false;
  let alive = true;

  // Aim at the middle of frame n's display interval, then wait for the frame callback that
  // shows n, or for `seeked` when the frame on screen does not change.
  function seekOnce(n) {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        video.removeEventListener("seeked", onSeeked);
        resolve(n);
      };
      const onSeeked = () => requestAnimationFrame(() => requestAnimationFrame(finish));
      // A callback can report a frame still on its way from an earlier seek: wait for n.
      const onFrame = (_, meta) => {
        if (frameAt(meta.mediaTime, clip.fps(), clip.count()) === n) finish();
        else if (!done) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      video.addEventListener("seeked", onSeeked);
      video.currentTime = timeOf(n, clip.fps());
    });
  }

  async function goTo(n) {
    wanted = clampFrame(n, clip.count());
    if (!video.paused) video.pause();
    if (seeking) return;
    seeking = true;
    busy(true);
    while (alive && wanted !== null) {
      heading = wanted;
      wanted = null;
      const frame = await seekOnce(heading);
      if (wanted === null) shown(frame);
    }
    heading = null;
    seeking = false;
    busy(false);
  }

  return {
    seekOnce,
    goTo,
    step: (d) => goTo((wanted ?? heading ?? clip.current()) + d),
    seeking: () => seeking,
    wants: (n) => n === wanted,
    stop: () => (alive = false),
  };
}
