"""Synthetic faces: poses, the renderer, and clips (timeline -> frames -> WebM, with a key)."""

from .clip import (
    Clip,
    ClipError,
    ClipEvent,
    ClipKey,
    ClipSpec,
    clip_spec_for,
    make_clip,
    write_clip,
)
from .pose import Action, Pose, pose_from_score
from .render import HeadMotion, render, render_score
from .video import VideoError, read_frames, to_browser_webm, write_webm

__all__ = [
    "Action",
    "Clip",
    "ClipError",
    "ClipEvent",
    "ClipKey",
    "ClipSpec",
    "HeadMotion",
    "Pose",
    "VideoError",
    "clip_spec_for",
    "make_clip",
    "pose_from_score",
    "read_frames",
    "render",
    "render_score",
    "to_browser_webm",
    "write_clip",
    "write_webm",
]
