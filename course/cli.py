"""The ``facs-course`` command line."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from .facs import NotationError, compare, error_table, get, parse, test_score
from .facs.codes import KINDS, REGIONS, all_codes, catalog
from .facs.explain import item_lines, test_lines


class UsageError(Exception):
    """A problem with what the user typed; printed as one line, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except (NotationError, UsageError) as err:
        print(f"facs-course {args.command}: {err}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="facs-course", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="compare an answer with a key, as the manual's score checker does",
        description="Compare a FACS answer with its key: agreement, missed and added codes, "
        "intensity and side differences. Give KEY and ANSWER, or --file with columns "
        "item,key,answer.",
    )
    check.add_argument("key", nargs="?", help='the key, e.g. "1+2+5B+26"')
    check.add_argument("answer", nargs="?", help='your answer, e.g. "1+2+5C+25+26"')
    check.add_argument("--file", type=Path, help="a CSV file with columns item,key,answer")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=_check)

    codes = sub.add_parser("codes", help="list the FACS codes, or explain one")
    codes.add_argument("code", nargs="?", help="a code number, e.g. 12")
    codes.set_defaults(run=_codes)

    handouts = sub.add_parser("handouts", help="write the printable handouts (PDF) into handouts/")
    handouts.add_argument("--out", type=Path, default=Path("handouts"), help="the folder to write")
    handouts.set_defaults(run=_handouts)

    # Imported here: these modules import UsageError from this one.
    from autograder.commands import register as register_assignments

    from .face.commands import register as register_faces

    register_faces(sub)
    register_assignments(sub)
    return parser


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


def _check(args) -> int:
    if args.file:
        if args.key or args.answer:
            raise UsageError("give either KEY and ANSWER or --file, not both")
        return _check_file(args.file, args.json)
    if not (args.key and args.answer):
        raise UsageError('give a KEY and an ANSWER, e.g. facs-course check "1+2+5B" "1+2+5C"')
    result = compare(args.key, args.answer)
    if args.json:
        print(json.dumps(_item_json(result), indent=2))
    else:
        print("\n".join(item_lines(result)))
    return 0


def _read_answers(path: Path) -> list[dict]:
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if not rows or not {"item", "key", "answer"} <= set(rows[0]):
        raise UsageError(f"{path} needs a header line with the columns item,key,answer")
    return rows


def _check_file(path: Path, as_json: bool) -> int:
    rows = _read_answers(path)
    pairs = []
    for number, row in enumerate(rows, start=2):
        for column in ("key", "answer"):
            try:
                parse(row[column] or "")
            except NotationError as err:
                raise NotationError(
                    f"{path}, line {number}, item {row['item']}, {column}: {err}"
                ) from None
        pairs.append((row["key"], row["answer"]))
    score = test_score(pairs)
    table = error_table(score.items)
    if as_json:
        print(
            json.dumps(
                {
                    "items": [
                        {"item": row["item"], **_item_json(r)}
                        for row, r in zip(rows, score.items, strict=True)
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
    width = max(len(str(r["item"])) for r in rows)
    print(f"{'item':<{width}}  agreement  missed       added        key / answer")
    for row, r in zip(rows, score.items, strict=True):
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


def _codes(args) -> int:
    if args.code is None:
        for kind, label in KINDS.items():
            print(f"{label.capitalize()}s:")
            for c in all_codes(kind):
                print(f"  {c.code:>3}  {c.name}")
        return 0
    try:
        number = int(str(args.code).upper().removeprefix("AU"))
    except ValueError:
        raise UsageError(f"'{args.code}' is not a code number; try e.g. 12") from None
    if number in catalog().retired:
        raise UsageError(catalog().retired[number])
    try:
        c = get(number)
    except KeyError:
        raise UsageError(f"{number} is not a FACS 2002 code; run 'facs-course codes'") from None
    print(f"{c.code}  {c.name}  ({KINDS[c.kind]})")
    if c.muscles:
        print(f"Muscles: {', '.join(c.muscles)}")
    print(f"Look at: {REGIONS[c.region]}. Manual chapter {c.chapter}; course week {c.week}.")
    print("What changes:")
    for line in c.appearance:
        print(f"  - {line}")
    print(f"In a mirror: {c.mirror}")
    print(f"Intensity: {c.intensity_guide}")
    for conf in c.confusions:
        print(f"Not to be confused with {conf.other(c.code)}: {conf.cue}")
    return 0


def _handouts(args) -> int:
    from .handouts import write_handouts

    for path in write_handouts(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
