"""Video files: write frames as a WebM that Chromium plays, read any video, transcode.

WebM (VP9) plays in every Chromium build; a short keyframe interval keeps stepping back a
frame instant in the player. Files carry no tags beyond the muxer's name, so nothing about a
clip's answer can travel inside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

CODEC = "libvpx-vp9"
# Realtime VP9 at cpu-used 8 encodes a 90-frame 320x320 clip in about 0.1 s on one core;
# CRF 24 keeps a trace movement (12A) close to its rendered change; 32 starts to blur it.
CODEC_OPTIONS = {"deadline": "realtime", "cpu-used": "8", "crf": "24", "b": "0"}
KEYFRAME_INTERVAL = 10
# A web browser shows fewer than this many frames a second; more means a broken header.
_MAX_PLAUSIBLE_FPS = 240
# FFmpeg inside OpenCV would print its own lines ("moov atom not found") for a damaged file;
# VideoError says what is wrong and what to do instead. A value the user set is kept.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")


class VideoError(ValueError):
    """A video that cannot be read or written; the message names the file and what to do."""


def write_webm(
    frames: Iterable[np.ndarray],
    path: str | Path,
    fps: float,
    keyframe_interval: int = KEYFRAME_INTERVAL,
) -> Path:
    """Encode RGB uint8 frames (height x width x 3) into a VP9 WebM at a constant frame rate.

    Odd widths or heights are padded by one edge pixel, as yuv420p needs even sizes.
    Returns the path written. Raises VideoError when the folder cannot be written or there
    are no frames.
    """
    path = Path(path)
    rate = _rate(fps)
    if not path.parent.is_dir():
        raise VideoError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    new_file = not path.exists()  # on failure, remove only a file this call created
    import av  # PyAV loads in a tenth of a second: only when a clip is written

    try:
        container = av.open(str(path), "w", format="webm", options={"fflags": "+bitexact"})
        try:
            count = _encode(container, frames, rate, keyframe_interval)
        finally:
            container.close()
    except BaseException as err:
        if new_file:
            path.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise VideoError(f"Cannot write {path}: {err.strerror or err}.") from None
        raise
    if count == 0:
        path.unlink(missing_ok=True)
        raise VideoError(f"Nothing to write to {path}: the clip has no frames.")
    return path


def _encode(container, frames: Iterable[np.ndarray], rate: Fraction, keyframe_interval: int) -> int:
    import av

    stream = None
    count = 0
    for frame in frames:
        image = _even(np.ascontiguousarray(frame, dtype=np.uint8))
        if stream is None:
            stream = _video_stream(container, rate, image, keyframe_interval)
        # OpenCV turns RGB into the encoder's YUV 4:2:0 (BT.601, as FFmpeg's default) about
        # five times faster than FFmpeg's own scaler would inside the encoder.
        yuv = cv2.cvtColor(image, cv2.COLOR_RGB2YUV_I420)
        picture = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        picture.pts = count
        picture.time_base = 1 / rate
        container.mux(stream.encode(picture))
        count += 1
    if stream is not None:
        container.mux(stream.encode())
    return count


def _rate(fps: float) -> Fraction:
    rate = Fraction(fps).limit_denominator(1001)
    if not 0 < rate <= _MAX_PLAUSIBLE_FPS:
        raise VideoError(f"{fps} frames a second is not a usable frame rate; use e.g. 30.")
    return rate


def _even(image: np.ndarray) -> np.ndarray:
    if image.ndim != 3 or image.shape[2] != 3:
        raise VideoError(f"A frame must be height x width x 3 (RGB); got shape {image.shape}.")
    height, width = image.shape[:2]
    if height % 2 or width % 2:
        image = np.pad(image, ((0, height % 2), (0, width % 2), (0, 0)), mode="edge")
    return image


def _video_stream(container, rate: Fraction, image: np.ndarray, keyframe_interval: int):
    stream = container.add_stream(CODEC, rate=rate, options={**CODEC_OPTIONS, "flags": "+bitexact"})
    stream.height, stream.width = image.shape[:2]
    stream.pix_fmt = "yuv420p"
    stream.codec_context.gop_size = max(1, keyframe_interval)
    stream.thread_count = 1
    return stream


def read_frames(path: str | Path) -> tuple[list[np.ndarray], float]:
    """All frames of a video file as RGB uint8 arrays, and its frame rate.

    Reads whatever OpenCV reads (WebM, MP4, AVI, MOV ...). Raises VideoError when it cannot.
    """
    path = Path(path)
    fps, frames = _open(path)
    return list(frames), fps


def _open(path: Path) -> tuple[float, Iterator[np.ndarray]]:
    if not path.is_file():
        raise VideoError(f"There is no video file {path}; check the name and folder.")
    capture = cv2.VideoCapture(str(path))
    ok, first = capture.read() if capture.isOpened() else (False, None)
    if not ok:
        capture.release()
        raise VideoError(
            f"Cannot read {path} as a video: it may be damaged or in a format this computer "
            "cannot decode. Convert it to MP4 (H.264) or WebM and try again."
        )
    fps = capture.get(cv2.CAP_PROP_FPS)
    if not 0 < fps <= _MAX_PLAUSIBLE_FPS:
        capture.release()
        raise VideoError(
            f"{path} does not say its frame rate (it reports {fps:g}); convert it to MP4 or "
            "WebM with a constant frame rate and try again."
        )

    def frames() -> Iterator[np.ndarray]:
        try:
            frame = first
            while frame is not None:
                yield cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
                ok, frame = capture.read()
                frame = frame if ok else None
        finally:
            capture.release()

    return fps, frames()


def read_frame(path: str | Path, index: int) -> np.ndarray:
    """Frame ``index`` (from 0) of a video file as an RGB uint8 array, decoded up to it."""
    import av

    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="rgb24")
    raise VideoError(f"{path} has no frame {index}.")


def to_browser_webm(path_in: str | Path, path_out: str | Path) -> Path:
    """Transcode any readable video (an instructor's H.264 MP4, an AVI ...) into a WebM.

    Frame by frame at the source's frame rate, so memory stays small; sound is dropped, as
    coding faces does not use it. Returns ``path_out``.
    """
    path_in, path_out = Path(path_in), Path(path_out)
    if path_in.resolve() == path_out.resolve():
        raise VideoError(f"Write the WebM to a new file, not over {path_in} itself.")
    fps, frames = _open(path_in)
    return write_webm(frames, path_out, fps)
