"""The answers file of ``check --file``: a UTF-8 CSV with the columns item,key,answer.

Every way such a file can be wrong (another encoding, a workbook, no header, a column twice)
is a one-line UsageError that says what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import textwrap
from pathlib import Path

from .errors import UsageError

COLUMNS = ("item", "key", "answer")
SAVE_AS = "save it as UTF-8 CSV (in a spreadsheet: Save As, 'CSV UTF-8') and try again"


def read_answers(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {"item", "key", "answer"}) for each line of answers, blank lines skipped."""
    reader = csv.reader(io.StringIO(_text(path), newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as err:
        line = rows[-1][0] + 1 if rows else 1
        if "field larger than field limit" in str(err):
            raise UsageError(
                f"{path}, line {line}: a cell is longer than "
                f"{csv.field_size_limit():,} characters (a quotation mark never closed?); "
                "each cell holds one item, key or answer"
            ) from None
        raise UsageError(f"{path}, line {line}: not readable as CSV ({err}); {SAVE_AS}") from None
    if not rows:
        raise UsageError(
            f"{path} is empty; it needs a header line with the columns item,key,answer"
        )
    header = [name.strip().lower() for name in rows[0][1]]
    twice = [name for name in COLUMNS if header.count(name) > 1]
    if twice:
        raise UsageError(
            f"{path} has more than one column named {' and '.join(twice)}; "
            "keep one column each of item,key,answer"
        )
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        shown = textwrap.shorten(",".join(rows[0][1]), 60, placeholder="…")
        raise UsageError(
            f"{path} has no column {', '.join(missing)}: it needs a header line with the "
            f"columns item,key,answer (its first line is: {shown})"
        )
    where = {name: header.index(name) for name in COLUMNS}
    answers = [
        (line, {name: row[i].strip() if i < len(row) else "" for name, i in where.items()})
        for line, row in rows[1:]
        if any(cell.strip() for cell in row)
    ]
    if not answers:
        raise UsageError(f"{path} has a header line but no answers; add one line per item")
    return answers


def _text(path: Path) -> str:
    """The file's text, from UTF-8 with or without a byte-order mark; any other file refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UsageError(f"{path} is UTF-16 text; {SAVE_AS}")
    if data.startswith(b"PK\x03\x04"):
        raise UsageError(f"{path} is a workbook (or another zip file), not CSV; {SAVE_AS}")
    if b"\x00" in data:
        raise UsageError(f"{path} is not a text file (it holds NUL bytes); {SAVE_AS}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise UsageError(
            f"{path} is not UTF-8 text (byte 0x{data[err.start]:02X} on line {line}: "
            f"Latin-1 or Windows text?); {SAVE_AS}"
        ) from None
