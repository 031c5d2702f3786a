"""Bench: how the actors and recipients of two builds of one release differ, and which judged rows they touch.

Events are keyed as the verdict files key them (story, offset of the first mention, type: ``events_voa_judged``).
Prints the counts of both releases (events, mentions, with an actor, with a recipient), every event whose actor or
recipient changed, and the events only one release has; with ``--verdicts`` files, the judged rows whose role
cells changed, each with the verdicts recorded on the old values (a row judged on other values says so).

Usage: uv run python bench/events_roles_diff.py OLD_RELEASE NEW_RELEASE [--verdicts FILE ...] [--all]
       (--all: list every changed event, not only the judged ones)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from events_voa_judged import read_judgements, sample_rows  # noqa: E402

ROLES = ("actor", "recipient")


def rows_by_key(release: Path) -> dict[tuple[str, int, str], dict]:
    return {(r["doc_id"], r["char_start"], r["type"]): r for r in sample_rows(release, n=10**9)}


def counts(release: Path) -> str:
    events = pl.read_parquet(release / "data" / "events.parquet")
    mentions = pl.read_parquet(release / "data" / "event_mentions.parquet")
    actor = events.filter(pl.col("actor_text").is_not_null()).height
    recipient = events.filter(pl.col("recipient_text").is_not_null()).height
    return f"{events.height} events / {mentions.height} mentions; with an actor {actor}, with a recipient {recipient}"


def changed_roles(old: dict, new: dict) -> list[tuple]:
    out = []
    for key in sorted(old.keys() & new.keys()):
        cells = [(f, old[key][f], new[key][f]) for f in ROLES if old[key][f] != new[key][f]]
        if cells:
            out.append((key, cells, new[key]["evidence"]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--verdicts", type=Path, action="append", default=[])
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    old, new = rows_by_key(args.old), rows_by_key(args.new)
    print(f"old: {counts(args.old)}")
    print(f"new: {counts(args.new)}")
    changes = changed_roles(old, new)
    print(f"events whose actor or recipient changed: {len(changes)}")
    print(f"events only in old: {len(old.keys() - new.keys())}, only in new: {len(new.keys() - old.keys())}")
    if args.all:
        for key, cells, evidence in changes:
            print(f"{key[0]}@{key[1]} {key[2]}: " + "; ".join(f"{f} {a!r} -> {b!r}" for f, a, b in cells))
            print(f"    {evidence[:400]}")
        for key in sorted(new.keys() - old.keys()):
            print(f"NEW {key[0]}@{key[1]} {key[2]}: actor {new[key]['actor']!r}, recipient {new[key]['recipient']!r}")
            print(f"    {new[key]['evidence'][:400]}")
        for key in sorted(old.keys() - new.keys()):
            print(f"GONE {key[0]}@{key[1]} {key[2]}: actor {old[key]['actor']!r}, recipient {old[key]['recipient']!r}")
    for path in args.verdicts:
        try:
            judged = read_judgements(path)
        except KeyError:  # an older verdicts file keyed otherwise (story, sentence): no role cells to compare
            print(f"[{path.name}] not keyed by story and offset: skipped")
            continue
        for key, cells, evidence in changes:
            j = judged.get(key)
            if j is None:
                continue
            said = "; ".join(
                f"{f} {a!r} ({j[f + '_verdict'] if j[f] == a else 'judged on ' + repr(j[f])}) -> {b!r}"
                for f, a, b in cells
            )
            print(f"[{path.name}] {key[0]}@{key[1]} {key[2]}: {said}")
            print(f"    {evidence[:500]}")
        for key in sorted((new.keys() - old.keys()) & judged.keys()):
            print(f"[{path.name}] NEW {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
