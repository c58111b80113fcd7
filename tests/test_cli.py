"""The facs-course command line, run as a learner or instructor runs it."""

import json
import shutil
import subprocess
import sys

import pytest

EXE = shutil.which("facs-course") or pytest.fail("facs-course is not installed in this environment")


def run(*args, check=True):
    result = subprocess.run([EXE, *args], capture_output=True, text=True, timeout=60)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_check_prints_agreement_misses_adds_and_intensity_in_plain_words():
    out = run("check", "1+2+5B+26", "1+2+5C+25+26").stdout
    assert "Agreement 0.89" in out
    assert "Added (in your answer, not in the key): 25 (Lips part)" in out
    assert "Intensity of 5: the key has B, you gave C" in out


def test_check_names_the_cue_for_a_confused_pair():
    out = run("check", "1+4+9", "1+4+10").stdout
    assert "Missed (in the key, not in your answer): 9 (Nose wrinkler)" in out
    assert "bridge of the nose" in out


def test_check_reports_side_differences():
    out = run("check", "L12", "R12").stdout
    assert "Side of 12: the key has left side only, you scored right side only" in out


def test_check_json():
    data = json.loads(run("check", "1+2+5B+26", "1+5+27", "--json").stdout)
    assert data["agreement"] == pytest.approx(0.5714, abs=1e-4)
    assert data["missed"] == ["2", "26"] and data["added"] == ["27"]


@pytest.mark.parametrize(
    "key, answer, word", [("1+2", "1+41", "43"), ("1+X", "1", "X"), ("26+27", "26", "27")]
)
def test_a_malformed_score_exits_non_zero_with_the_message_on_stderr(key, answer, word):
    result = run("check", key, answer, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.startswith("facs-course check:")
    if word:
        assert word in result.stderr


def test_check_file_prints_items_mean_verdict_and_per_code_table(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("item,key,answer\n1,1+2+5B+26,1+2+5C+25+26\n2,6+12,12\n3,1+4+9,1+4+10\n")
    out = run("check", "--file", str(answers)).stdout
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["item", "agreement", "missed", "added"]
    assert lines[1].split()[:3] == ["1", "0.89", "-"]
    assert lines[2].split()[:3] == ["2", "0.67", "6"]
    assert "Mean agreement 0.74 over 3 items: a pass, but below the readiness mark" in out
    assert "Your misses and adds by code" in out
    table = out.split("Your misses and adds by code")[1]
    assert "Cheek raiser" in table and "Nose wrinkler" in table


def test_check_file_json(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("item,key,answer\na,1+2,1+2\nb,9,9\n")
    data = json.loads(run("check", "--file", str(answers), "--json").stdout)
    assert data["mean"] == 1.0 and data["passed"] and data["ready"]
    assert [i["item"] for i in data["items"]] == ["a", "b"]


def test_check_file_names_the_line_of_a_bad_answer(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("item,key,answer\n1,1+2,1+2\n2,6+12,12+X\n")
    result = run("check", "--file", str(answers), check=False)
    assert result.returncode == 2
    assert "line 3, item 2, answer" in result.stderr


@pytest.mark.parametrize(
    "content, words", [(None, "no such file"), ("a,b\n1,2\n", "item,key,answer")]
)
def test_check_file_problems_are_explained(tmp_path, content, words):
    path = tmp_path / "answers.csv"
    if content is not None:
        path.write_text(content)
    result = run("check", "--file", str(path), check=False)
    assert result.returncode == 2 and words in result.stderr


def test_codes_lists_the_catalog():
    out = run("codes").stdout
    for line in [
        "Action units:",
        "   12  Lip corner puller",
        "Visibility codes:",
        "   74  Unscorable",
    ]:
        assert line in out


def test_codes_explains_one_code():
    out = run("codes", "12").stdout
    assert out.startswith("12  Lip corner puller  (action unit)")
    assert "zygomaticus major" in out and "In a mirror:" in out
    assert "Not to be confused with 6:" in out


@pytest.mark.parametrize(
    "code, words",
    [("41", "merged into 43"), ("99", "not a FACS 2002 code"), ("x", "not a code number")],
)
def test_codes_explains_unknown_codes(code, words):
    result = run("codes", code, check=False)
    assert result.returncode == 2 and words in result.stderr


def test_module_entry_point_matches_the_console_script():
    result = subprocess.run(
        [sys.executable, "-m", "course.cli", "check", "1", "1", "--json"],
        capture_output=True,
        text=True,
    )
    assert json.loads(result.stdout)["agreement"] == 1.0


def test_codes_and_check_start_without_the_grader_video_notebooks_or_pandas():
    code = (
        "import sys, course.cli as cli\n"
        "assert cli.main(['codes', '12']) == 0 and cli.main(['check', '1+2', '1+4']) == 0\n"
        "heavy = ('cv2', 'av', 'nbformat', 'pandas', 'autograder', 'fpdf', 'course.face')\n"
        "print(' '.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Lip corner puller" in result.stdout and "Agreement" in result.stdout
    assert result.stderr.strip() == ""


def test_the_library_parts_import_nothing_of_the_autograder():
    import ast
    from pathlib import Path

    import course

    root = Path(course.__file__).parent
    imported = {}
    for part in ("facs", "face", "player"):
        for path in (root / part).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                else:
                    continue
                imported.setdefault(f"{part}/{path.name}", set()).update(names)
    assert {"facs/agreement.py", "face/render.py", "player/__init__.py"} <= set(imported)
    offenders = {f: n for f, n in imported.items() if any(m.startswith("autograder") for m in n)}
    assert offenders == {}


ANSWERS = "item,key,answer\n1,1+2,1+2\n2,6+12,12\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_check_file_reads_utf8_with_or_without_a_bom(tmp_path, encoding):
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS.replace("item", "Item") + "é,9,9\n", encoding=encoding)
    data = json.loads(run("check", "--file", str(answers), "--json").stdout)
    assert [i["item"] for i in data["items"]] == ["1", "2", "é"]


def one_line_refusal(result):
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    return result.stderr


@pytest.mark.parametrize(
    "content, words",
    [
        ((ANSWERS + "é,9,9\n").encode("latin-1"), "is not UTF-8 text (byte 0xE9 on line 4"),
        (ANSWERS.encode("utf-16"), "is UTF-16 text"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "is a workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
    ],
)
def test_check_file_in_another_encoding_or_binary_says_save_it_as_utf8_csv(
    tmp_path, content, words
):
    answers = tmp_path / "answers.csv"
    answers.write_bytes(content)
    err = one_line_refusal(run("check", "--file", str(answers), check=False))
    assert words in err and "save it as UTF-8 CSV" in err


def test_check_file_that_is_not_a_csv_names_the_columns_it_needs(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("I think the first clip was 12, the second 6+12.\n")
    err = one_line_refusal(run("check", "--file", str(notes), check=False))
    assert "no column item, key, answer" in err and "columns item,key,answer" in err


def test_check_file_a_cell_over_the_csv_field_limit_is_explained(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS + '3,"1+2,1+2\n' + "x" * 200_000 + "\n")
    err = one_line_refusal(run("check", "--file", str(answers), check=False))
    assert "line 4: a cell is longer than 131,072 characters" in err and "quotation mark" in err


def test_check_file_accepts_header_names_in_any_case_and_spacing(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("Item, key ,ANSWER \n1,1+2,1+2\n\n2,6+12,12\n,,\n")
    out = run("check", "--file", str(answers)).stdout
    assert "Mean agreement 0.83 over 2 items" in out


def test_check_file_rejects_duplicated_columns_naming_them(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("item,key,answer,Answer\n1,1+2,1+2,1\n")
    err = one_line_refusal(run("check", "--file", str(answers), check=False))
    assert "more than one column named answer" in err


def test_check_file_names_a_missing_column(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("item,key,response\n1,1+2,1+2\n")
    err = one_line_refusal(run("check", "--file", str(answers), check=False))
    assert "has no column answer" in err and "item,key,response" in err


@pytest.mark.parametrize(
    "code, named",
    [("１２", "U+FF11 (fullwidth digit one)"), ("١٢", "U+0661 (arabic-indic digit one)")],
)
def test_codes_refuses_non_ascii_digits_naming_the_character(code, named):
    """The same words as a score with those digits gets (the notation's one check)."""
    err = one_line_refusal(run("codes", code, check=False))
    assert named in err and "not the keyboard's 0-9" in err and 'write "12"' in err


def test_check_html_prints_the_feedback_page_in_the_practice_panel_layout():
    import re

    from course.practice import check

    page = run("check", "1+2+5B+26", "1+2+5C+25+26", "--html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    section = page[page.index("<section") : page.index("</section>") + len("</section>")]
    assert re.search(r'<span class="facs-code facs-added"[^>]*>25 \(Lips part\)<', section)
    assert 'class="facs-agreement"' in section and ">0.89</span>" in section
    assert "Intensity of 5: the key has B, you gave C." in section
    still = re.search(r'<img class="facs-still" src="data:image/jpeg;base64,[^"]+"[^>]*>', section)
    assert still, "the key drawn on a course face"
    practice = check("1+2+5B+26", "1+2+5C+25+26")._repr_html_()
    assert section.replace(still.group(0), "") in practice  # the same layout, the same words


def test_check_file_html_lays_out_every_item_and_the_table(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("item,key,answer\n1,6+12,7+12\n2,1+2,1+2\n", encoding="utf-8")
    page = run("check", "--file", str(path), "--html").stdout
    assert page.count('class="facs-section facs-item"') == 2 and ">Item 2<" in page
    assert "Look below the eye" in page  # the catalog's cue for 6 or 7
    assert 'class="facs-table"' in page and 'data-lab-path="sessions/drill.ipynb"' in page
    assert 'href="#facs-drill-how"' in page and 'id="facs-drill-how"' in page  # no script: a note
    assert "Mean agreement over 2 items" in page
