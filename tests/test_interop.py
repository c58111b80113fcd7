"""Coding that travels: ELAN and CSV round trips, OpenFace 2 and py-feat CSVs, bad files."""

from __future__ import annotations

import pytest

from course.facs.agreement import Event
from course.facs.notation import parse
from course.interop import (
    ClipCoding,
    InteropError,
    Thresholds,
    compare_auto,
    read_autocoder,
    read_coding_csv,
    read_eaf,
    write_coding_csv,
    write_eaf,
)

FPS = 25.0


def _coding(media="clip.webm"):
    score = parse("1+2+R12C+26")
    events = {
        1: Event(3, 10, 20),
        2: Event(3, 10, 20),
        12: Event(5, 10, 24),
        26: Event(8, 12, 18),
    }
    return ClipCoding(score, events, FPS, media)


def test_eaf_round_trip_keeps_codes_sides_intensities_frames_and_media(tmp_path):
    coding = _coding()
    path = write_eaf(coding, tmp_path / "clip.eaf")
    text = path.read_text()
    assert 'MEDIA_URL="clip.webm"' in text
    assert 'TIER_ID="AU12"' in text and 'TIER_ID="AU12 apex"' in text
    assert 'TIME_VALUE="200"' in text  # frame 5 at 25 fps
    back = read_eaf(path, FPS)
    assert back == coding
    assert str(back.score) == "1+2+R12C+26"


def test_eaf_from_elsewhere_without_apex_tier_and_with_other_tiers(tmp_path):
    from pympi.Elan import Eaf

    eaf = Eaf()
    eaf.add_tier("AU06")
    eaf.add_annotation("AU06", 400, 1200, "6B")
    eaf.add_tier("AU25")
    eaf.add_annotation("AU25", 400, 800, "c")
    for other in ("speech", "Audio notes"):
        eaf.add_tier(other)
        eaf.add_annotation(other, 0, 500, "hello")
    eaf.to_file(str(tmp_path / "other.eaf"))
    back = read_eaf(tmp_path / "other.eaf", FPS)
    assert str(back.score) == "6B+25C"
    assert back.events[6] == Event(10, 20, 30)


def test_csv_round_trip(tmp_path):
    coding = _coding()
    path = write_coding_csv(coding, tmp_path / "coding.csv")
    assert path.read_text().splitlines()[0].startswith("code,prefix,intensity,onset_frame")
    assert read_coding_csv(path) == coding


def test_unknown_code_in_csv_names_the_line(tmp_path):
    path = tmp_path / "coding.csv"
    path.write_text(
        "code,prefix,intensity,onset_frame,apex_frame,offset_frame,fps,media\n"
        "12,,C,1,5,9,25,\n"
        "99,,,1,5,9,25,\n"
    )
    with pytest.raises(InteropError, match=r"coding.csv, line 3: 99 is not a FACS 2002 code"):
        read_coding_csv(path)


def test_openface_csv_is_not_a_coding_csv(tmp_path):
    path = tmp_path / "of.csv"
    path.write_text("frame, timestamp, AU01_r\n1, 0.0, 2.0\n")
    with pytest.raises(InteropError, match="line 1: the columns code, prefix.*read_autocoder"):
        read_coding_csv(path)


def test_malformed_eaf_says_what_to_do(tmp_path):
    path = tmp_path / "broken.eaf"
    path.write_text("<ANNOTATION_DOCUMENT><TIER")
    with pytest.raises(InteropError, match="broken.eaf is not a readable ELAN .* save it again"):
        read_eaf(path, FPS)


def test_eaf_with_wrong_code_on_tier_names_the_tier(tmp_path):
    from pympi.Elan import Eaf

    eaf = Eaf()
    eaf.add_tier("AU12")
    eaf.add_annotation("AU12", 0, 400, "6B")
    eaf.to_file(str(tmp_path / "x.eaf"))
    with pytest.raises(InteropError, match="tier AU12: .*put it on the tier AU6"):
        read_eaf(tmp_path / "x.eaf", FPS)


def _openface_csv(path, rows):
    """Write ``rows`` of (frame, confidence, success, AU01_r, AU12_r, AU01_c, AU12_c) as OpenFace 2."""
    header = "frame, face_id, timestamp, confidence, success, AU01_r, AU12_r, AU01_c, AU12_c"
    lines = [header]
    for frame, conf, ok, r1, r12, c1, c12 in rows:
        lines.append(f"{frame}, 0, {(frame - 1) / FPS:.3f}, {conf}, {ok}, {r1}, {r12}, {c1}, {c12}")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_openface_frames_become_scores_with_cut_points(tmp_path):
    path = _openface_csv(
        tmp_path / "of.csv",
        [
            (1, 0.98, 1, 0.2, 0.0, 0, 0),
            (2, 0.98, 1, 1.5, 2.5, 1, 1),
            (3, 0.98, 1, 0.8, 4.6, 1, 1),
            (4, 0.30, 1, 3.0, 3.0, 1, 1),  # low confidence: left out
            (5, 0.98, 0, 3.0, 3.0, 1, 1),  # tracking failed: left out
        ],
    )
    auto = read_autocoder(path)
    assert auto.tool == "openface"
    assert {f: str(s) for f, s in auto.frames.items()} == {0: "0", 1: "1B+12C", 2: "1A+12E"}
    assert auto.apex == 2
    strict = read_autocoder(path, Thresholds(cuts=(2.0, 3.0, 4.0, 4.5)))
    assert str(strict.frames[1]) == "1A+12B"


def test_pyfeat_probabilities_with_threshold(tmp_path):
    path = tmp_path / "feat.csv"
    path.write_text("frame,AU01,AU06,AU12\n0,0.1,0.2,0.3\n1,0.7,0.6,0.9\n2,0.2,0.55,0.45\n")
    auto = read_autocoder(path)
    assert auto.tool == "py-feat"
    assert {f: str(s) for f, s in auto.frames.items()} == {0: "0", 1: "1+6+12", 2: "6"}
    assert str(read_autocoder(path, Thresholds(probability=0.4)).frames[2]) == "6+12"


def test_csv_from_another_tool_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("time,smile,brow\n0,0.2,0.1\n")
    with pytest.raises(InteropError, match="line 1: no automatic coder's AU columns"):
        read_autocoder(path)


def test_unknown_au_column_names_it(tmp_path):
    path = tmp_path / "feat.csv"
    path.write_text("frame,AU03\n0,0.9\n")
    with pytest.raises(InteropError, match="column AU03 is AU 3, which is not a FACS 2002"):
        read_autocoder(path)


def test_unreadable_number_names_the_line(tmp_path):
    path = tmp_path / "feat.csv"
    path.write_text("frame,AU01\n0,0.9\n1,high\n")
    with pytest.raises(InteropError, match="feat.csv, line 3: a number is missing"):
        read_autocoder(path)


def test_person_against_openface_frame_by_frame_and_at_apex(tmp_path):
    person = ClipCoding(parse("1+12C"), {1: Event(1, 2, 3), 12: Event(1, 2, 4)}, FPS)
    path = _openface_csv(
        tmp_path / "of.csv",
        [
            (1, 0.98, 1, 0.0, 0.0, 0, 0),  # frame 0: nobody codes anything
            (2, 0.98, 1, 0.0, 1.5, 0, 1),  # frame 1: OpenFace misses 1
            (3, 0.98, 1, 1.2, 2.5, 1, 1),  # frame 2 (apex): both
            (4, 0.98, 1, 0.0, 1.1, 0, 1),  # frame 3: person 1+12, OpenFace 12
            (5, 0.98, 1, 0.0, 0.0, 0, 0),  # frame 4: person 12, OpenFace nothing
        ],
    )
    result = compare_auto(person, read_autocoder(path))
    assert result.apex_frame == 2
    assert result.at_apex.agreement == 1.0
    assert result.at_apex.intensity_exact == 1.0
    assert [round(r.agreement, 3) for r in result.frames.values()] == [1.0, 0.667, 1.0, 0.667, 0.0]
    assert result.frame_agreement == pytest.approx((1 + 2 / 3 + 1 + 2 / 3 + 0) / 5)
    offset = result.timing[12].phases[2]
    assert (offset.phase, offset.key, offset.marked, offset.agrees) == ("offset", 4, 3, True)


def test_key_only_compares_at_the_tools_apex(tmp_path):
    path = tmp_path / "feat.csv"
    path.write_text("frame,AU01,AU02,AU12\n0,0.1,0.1,0.1\n1,0.9,0.8,0.2\n")
    result = compare_auto("1+2+5B", read_autocoder(path))
    assert result.apex_frame == 1
    assert result.at_apex.missed == (5,)
    assert result.at_apex.agreement == pytest.approx(0.8)


def test_command_line_exports_eaf_and_reads_it_back(tmp_path, capsys):
    from course.cli import main

    csv_path = write_coding_csv(_coding(), tmp_path / "coding.csv")
    assert main(["export-eaf", str(csv_path), "--out", str(tmp_path / "clip.eaf")]) == 0
    assert "Wrote" in capsys.readouterr().out
    back = tmp_path / "back.csv"
    assert main(["export-eaf", str(tmp_path / "clip.eaf"), "--fps", "25", "--out", str(back)]) == 0
    assert read_coding_csv(back) == _coding()


def test_command_line_compares_openface_with_a_key(tmp_path, capsys):
    from course.cli import main

    path = _openface_csv(
        tmp_path / "of.csv", [(1, 0.98, 1, 0.0, 0.2, 0, 0), (2, 0.98, 1, 2.4, 3.5, 1, 1)]
    )
    assert main(["compare-auto", str(path), "--key", "1C+2+12D"]) == 0
    out = capsys.readouterr().out
    assert "At the apex (frame 1):" in out
    assert "Agreement 0.80 (key 1C+2+12D, your answer 1C+12D)" in out
    assert "Missed (in the key, not in your answer): 2 (" in out


def test_command_line_bad_files_are_one_line(tmp_path, capsys):
    from course.cli import main

    other = tmp_path / "other.csv"
    other.write_text("time,smile\n0,0.5\n")
    assert main(["compare-auto", str(other), "--key", "12"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("facs-course compare-auto: other.csv, line 1: no automatic coder's")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    broken = tmp_path / "broken.eaf"
    broken.write_text("not xml")
    assert main(["export-eaf", str(broken), "--fps", "25", "--out", str(tmp_path / "o.csv")]) == 2
    assert "broken.eaf is not a readable ELAN" in capsys.readouterr().err
    assert main(["compare-auto", str(other), "--key", "12", "--cuts", "3,2,1,0"]) == 2
    assert "four rising numbers" in capsys.readouterr().err


def test_openface_full_header_with_presence_only_and_unscored_intensity_codes(tmp_path):
    r_codes = [1, 2, 4, 5, 6, 7, 9, 10, 12, 14, 15, 17, 20, 23, 25, 26, 45]
    c_codes = r_codes[:-1] + [28, 45]
    header = ["frame", "face_id", "timestamp", "confidence", "success", "gaze_0_x", "pose_Tx"]
    header += [f"AU{c:02d}_r" for c in r_codes] + [f"AU{c:02d}_c" for c in c_codes]
    values = {"frame": 1, "confidence": 0.97, "success": 1, "AU45_r": 2.0, "AU45_c": 1}
    values |= {"AU28_c": 1, "AU12_r": 3.2, "AU12_c": 1}
    row = [str(values.get(h, 0)) for h in header]
    (tmp_path / "of.csv").write_text(", ".join(header) + "\n" + ", ".join(row) + "\n")
    auto = read_autocoder(tmp_path / "of.csv")
    assert str(auto.frames[0]) == "12D+28+45"
