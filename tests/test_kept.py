"""Faces' still layers kept on disk between kernels (course/face/kept.py): read back, they draw
the same pixels; anything unreadable is drawn again."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from course.face import kept

render = importlib.import_module("course.face.render")  # the module (course.face.render is
# also the name of its function)


@pytest.fixture
def keeping(tmp_path, monkeypatch):
    """Keeping on, in this test's own folder, with no still layer in memory."""
    monkeypatch.setenv("FACS_CLIP_CACHE", str(tmp_path / "clips"))
    render._base.cache_clear()
    yield tmp_path / "clips" / kept.FACES
    render._base.cache_clear()


def test_a_kept_still_layer_draws_the_same_face(keeping, monkeypatch):
    drawn = render.render_score("1+2+12C", identity=2, size=96)
    assert len(list(keeping.glob("*.pickle"))) == 1
    render._base.cache_clear()

    def not_again(*_):
        raise AssertionError("the kept still layer should have been read, not drawn")

    monkeypatch.setattr(render, "build_base", not_again)
    assert np.array_equal(render.render_score("1+2+12C", identity=2, size=96), drawn)


def test_an_unreadable_still_layer_is_drawn_again(keeping):
    drawn = render.render_score("4", size=64)
    [stored] = keeping.glob("*.pickle")
    stored.write_bytes(b"not a pickle")
    render._base.cache_clear()
    assert np.array_equal(render.render_score("4", size=64), drawn)
    assert stored.read_bytes() != b"not a pickle"  # kept again, whole


def test_nothing_is_kept_when_keeping_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("FACS_CLIP_CACHE", "off")
    assert kept.kept("anything", lambda: 42) == 42
    assert kept.folder() is None
