"""Video files: WebM that Chromium plays, read back frame-exactly; other formats transcoded."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from course.face.video import VideoError, read_frames, to_browser_webm, write_webm


def _moving_square(count: int, width: int = 96, height: int = 64) -> list[np.ndarray]:
    """Frames that differ: a bright square moving right on a grey background."""
    frames = []
    for i in range(count):
        frame = np.full((height, width, 3), 90, np.uint8)
        frame[16:40, 4 + 3 * i : 28 + 3 * i] = (230, 60, 40)
        frames.append(frame)
    return frames


def test_webm_decodes_to_every_frame_at_its_size_and_rate(tmp_path: Path) -> None:
    frames = _moving_square(24)
    path = write_webm(frames, tmp_path / "item.webm", fps=25)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert container.format.name.split(",")[-1] == "webm"
        assert stream.codec_context.name in ("vp8", "vp9")
        assert stream.average_rate == 25
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    assert len(decoded) == 24
    assert decoded[0].shape == (64, 96, 3)
    # Frame-exact: each decoded frame is closest to the frame written at that position.
    for i in (0, 11, 23):
        errors = [np.abs(decoded[i].astype(int) - f).mean() for f in frames]
        assert int(np.argmin(errors)) == i
        assert errors[i] < 3


def test_keyframes_come_often_so_stepping_back_is_quick(tmp_path: Path) -> None:
    path = write_webm(_moving_square(30), tmp_path / "steps.webm", fps=30)
    with av.open(str(path)) as container:
        packets = [p for p in container.demux(video=0) if p.size]
    keys = [i for i, p in enumerate(packets) if p.is_keyframe]
    assert keys[0] == 0
    assert max(np.diff([*keys, len(packets)])) <= 15


def test_webm_carries_no_tags_but_the_muxer_name(tmp_path: Path) -> None:
    path = write_webm(_moving_square(6), tmp_path / "a.webm", fps=30)
    with av.open(str(path)) as container:
        assert set(container.metadata) <= {"encoder"}
        assert set(container.streams.video[0].metadata) <= {"DURATION"}
    assert [p.name for p in tmp_path.iterdir()] == ["a.webm"]


def test_odd_sizes_are_padded_to_even(tmp_path: Path) -> None:
    frames = [np.full((33, 45, 3), 128, np.uint8)] * 3
    decoded, fps = read_frames(write_webm(frames, tmp_path / "odd.webm", fps=10))
    assert (len(decoded), decoded[0].shape, fps) == (3, (34, 46, 3), 10)


def test_read_frames_gives_rgb_frames_and_fps(tmp_path: Path) -> None:
    frames = _moving_square(10)
    decoded, fps = read_frames(write_webm(frames, tmp_path / "rgb.webm", fps=30))
    assert fps == 30
    assert len(decoded) == 10
    red, green, blue = decoded[0][28, 14]
    assert red > 180 and green < 110 and blue < 90


@pytest.mark.parametrize("suffix", [".mp4", ".avi"])
def test_instructor_video_is_transcoded_to_browser_webm(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"lecture{suffix}"
    writer = cv2.VideoWriter(str(source), cv2.VideoWriter_fourcc(*"mp4v"), 15, (96, 64))
    for frame in _moving_square(20):
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    writer.release()
    out = to_browser_webm(source, tmp_path / "lecture.webm")
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert container.format.name.split(",")[-1] == "webm"
        assert stream.codec_context.name in ("vp8", "vp9")
        assert stream.average_rate == 15
        assert sum(1 for _ in container.decode(stream)) == 20


def test_unreadable_video_is_named_with_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"this is not a video")
    with pytest.raises(VideoError, match=r"broken\.mp4.*Convert it"):
        read_frames(broken)
    with pytest.raises(VideoError, match=r"missing\.webm"):
        to_browser_webm(tmp_path / "missing.webm", tmp_path / "out.webm")
    assert issubclass(VideoError, ValueError)


def test_writing_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VideoError, match="does not exist"):
        write_webm(_moving_square(2), tmp_path / "nowhere" / "clip.webm", fps=30)
