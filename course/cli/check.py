"""``facs-course check KEY ANSWER`` or ``check --file answers.csv``: compare answers with keys."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check",
        help="compare an answer with a key, as the manual's score checker does",
        description="Compare a FACS answer with its key: agreement, missed and added codes, "
        "intensity and side differences. Give KEY and ANSWER, or --file with columns "
        "item,key,answer.",
    )
    check.add_argument("key", nargs="?", help='the key, e.g. "1+2+5B+26"')
    check.add_argument("answer", nargs="?", help='your answer, e.g. "1+2+5C+25+26"')
    check.add_argument("--file", type=Path, help="a CSV file with columns item,key,answer")
    output = check.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument(
        "--html",
        action="store_true",
        help="print the feedback as a web page (save it with > feedback.html and open it)",
    )
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..facs.agreement import compare
    from ..facs.explain import item_lines

    if args.file:
        if args.key or args.answer:
            raise UsageError("give either KEY and ANSWER or --file, not both")
        return _check_file(args.file, args.json, args.html)
    if not (args.key and args.answer):
        raise UsageError('give a KEY and an ANSWER, e.g. facs-course check "1+2+5B" "1+2+5C"')
    result = compare(args.key, args.answer)
    if args.json:
        print(json.dumps(_item_json(result), indent=2))
    elif args.html:
        print(_page([_section(result)]))
    else:
        print("\n".join(item_lines(result)))
    return 0


def _section(result, heading: str = ""):
    """The item's feedback section, with the key drawn on a course face when it can be."""
    from .. import feedback_view
    from ..pictures import drawable, picture

    still = None
    if drawable(str(result.key)):
        still = feedback_view.jpeg_uri(picture(str(result.key) or "0", size=320))
    return feedback_view.item_section(result, heading, still=still, show_key=True)


def _page(sections) -> str:
    from .. import feedback_view
    from ..content import text

    return feedback_view.page(text("feedback", "page_title"), sections)


def _item_json(result) -> dict:
    return {
        "key": str(result.key),
        "answer": str(result.answer),
        "agreement": round(result.agreement, 4),
        "missed": result.missed_text,
        "added": result.added_text,
        "intensity_exact": result.intensity_exact,
        "intensity_within_one": result.intensity_within_one,
        "intensity_differences": [
            {"code": str(p.code), "key": p.key, "answer": p.answer}
            for p in result.intensity_differences
        ],
        "side_agreement": result.side_agreement,
        "side_differences": [
            {"code": str(p.code), "key": p.key, "answer": p.answer} for p in result.side_differences
        ],
        "cues": [
            {"missed": str(p.missed), "added": str(p.added), "cue": p.confusion.cue}
            for p in result.confused
        ],
    }


def _check_file(path: Path, as_json: bool, as_html: bool = False) -> int:
    from ..facs.agreement import error_table, test_score
    from ..facs.explain import test_lines
    from ..facs.notation import NotationError, parse
    from .answers import read_answers

    rows = read_answers(path)
    pairs = []
    for number, row in rows:
        for column in ("key", "answer"):
            try:
                parse(row[column])
            except NotationError as err:
                raise NotationError(
                    f"{path}, line {number}, item {row['item']}, {column}: {err}"
                ) from None
        pairs.append((row["key"], row["answer"]))
    score = test_score(pairs)
    table = error_table(score.items)
    items = [row for _, row in rows]
    if as_json:
        print(
            json.dumps(
                {
                    "items": [
                        {"item": row["item"], **_item_json(r)}
                        for row, r in zip(items, score.items, strict=True)
                    ],
                    "mean": round(score.mean, 4),
                    "passed": score.passed,
                    "ready": score.ready,
                    "per_code": table.to_dict(orient="records"),
                },
                indent=2,
            )
        )
        return 0
    if as_html:
        from ..feedback_view import week_section

        sections = [
            _section(r, f"Item {row['item']}") for row, r in zip(items, score.items, strict=True)
        ]
        print(_page([*sections, week_section(path.name, score, score.items, on_page=True)]))
        return 0
    width = max(len(row["item"]) for row in items)
    print(f"{'item':<{width}}  agreement  missed       added        key / answer")
    for row, r in zip(items, score.items, strict=True):
        missed = " ".join(r.missed_text) or "-"
        added = " ".join(r.added_text) or "-"
        print(
            f"{row['item']:<{width}}  {r.agreement:9.2f}  {missed:<11}  {added:<11}  "
            f"{r.key} / {r.answer}"
        )
    print()
    print("\n".join(test_lines(score)))
    errors = table[table["errors"] > 0]
    if not errors.empty:
        print("\nYour misses and adds by code (most errors first):")
        print(errors.to_string(index=False))
    return 0
