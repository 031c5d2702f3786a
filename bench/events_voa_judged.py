"""50 random VOA events judged field by field: type, actor, recipient, date and place.

Usage: uv run python bench/events_voa_judged.py [--release PATH] [--out bench/results/events_voa_fields.md]
           (the fixed sample: seed 20261214, verdicts in bench/events_voa_fixed14.tsv)
       uv run python bench/events_voa_judged.py --seed 20261130 --judgements bench/events_voa_judged.tsv \
           --out bench/results/events_voa_first_fixed.md   (the first fixed sample, read thirteen times)
       uv run python bench/events_voa_judged.py --seed 20261201 --judgements bench/events_voa_dev.tsv \
           --out bench/results/events_voa_dev.md   (a development sample: another seed, its own verdicts file)
       uv run python bench/events_voa_judged.py --seed 20261202 --exclude bench/events_voa_judged.tsv \
           --exclude bench/events_voa_dev.tsv --judgements bench/events_voa_dev6.tsv \
           --out bench/results/events_voa_dev6.md
           (the sixth round's development sample: no row of the fixed sample's or the fifth round's verdict files)
       uv run python bench/events_voa_judged.py --seed 20261203 --size 40 --exclude bench/events_voa_judged.tsv \
           --exclude bench/events_voa_dev.tsv --exclude bench/events_voa_dev6.tsv \
           --judgements bench/events_voa_dev7.tsv --out bench/results/events_voa_dev7.md
           (the seventh round's: 40 events, none of the three earlier verdict files' rows)
       uv run python bench/events_voa_judged.py --seed 20261204 --size 40 --exclude bench/events_voa_judged.tsv \
           --exclude bench/events_voa_dev.tsv --exclude bench/events_voa_dev6.tsv --exclude bench/events_voa_dev7.tsv \
           --judgements bench/events_voa_dev8.tsv --out bench/results/events_voa_dev8.md
           (the eighth round's: 40 events, none of the four earlier verdict files' rows)
       uv run python bench/events_voa_judged.py --seed 20261205 --size 30 --exclude bench/events_voa_judged.tsv \
           --exclude bench/events_voa_dev.tsv --exclude bench/events_voa_dev6.tsv --exclude bench/events_voa_dev7.tsv \
           --exclude bench/events_voa_dev8.tsv --judgements bench/events_voa_dev9.tsv --out bench/results/events_voa_dev9.md
           (the ninth round's: 30 events, none of the five earlier verdict files' rows)

Without ``--release`` the VOA release is built first, as a user would (``newsevents run`` on a folder holding
``../shared/data/voa/voa_stories.jsonl``, run date pinned with SOURCE_DATE_EPOCH as tests/conftest.py does).

The sample: the 50 events whose sha256 of (seed, story id, offset of the first mention, event type) is smallest,
so a change elsewhere in the release does not reshuffle it.  Each is listed with its evidence sentence and the
verdicts of a careful reader (the engineer), kept in ``bench/events_voa_fixed14.tsv`` keyed by that story, offset
and type, with the values judged: a field whose value changed since is shown as ``unjudged`` (verdicts on the
row's unchanged fields stand and are counted; fully right counts only rows whose five fields are all judged).
``--mark-changed`` writes the current values of such rows into the verdicts file with the verdict ``unjudged``
on each changed field, for a reader who did not write the change to judge.

Verdicts per field:
- ``right``: the value is what a PLOVER coder would give from the story (the type: a codable event of that
  category; a date: the day the act happened, the report's day counting as right only when the sentence reports
  that day's news; a place: where it happened, a country counting when no finer place is given);
- ``wrong``: a value that is not;
- ``missed``: blank though the story gives one;
- ``na``: blank, and rightly so (the sentence has no recipient, the act has no knowable place or date).
When the sentence holds no codable act, a filled date or place is wrong (there is nothing to date or place);
when it holds an act of another category, the other fields are judged against that act.  A report-dated event
is right when it happened within a day of the report (the release's stated tolerance).
Precision of a field is right / (right + wrong), over the values the release gives; an event is fully right
when none of its five fields is wrong or missed.  The same table is also given over the events whose type
is right (the coder's share of errors apart).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
# The fixed sample (fourteenth reading on): seed 20261214, drawn without the rows of every verdict file before it, so
# no rule was ever written or tuned looking at one of its events.  The first fixed sample (seed 20261130,
# events_voa_judged.tsv, read thirteen times) became partly in-sample in the twelfth round and is a development
# sample now (``--seed 20261130 --judgements bench/events_voa_judged.tsv``).
JUDGEMENTS = ROOT / "bench" / "events_voa_fixed14.tsv"
FIXED_EXCLUDES = tuple(
    ROOT / "bench" / name
    for name in (
        "events_voa_judged.tsv",
        "events_voa_dev.tsv",
        "events_voa_dev10a.tsv",
        "events_voa_dev10b.tsv",
        "events_voa_dev10c.tsv",
        "events_voa_dev11a.tsv",
        "events_voa_dev11b.tsv",
        "events_voa_dev12a.tsv",
        "events_voa_dev12b.tsv",
        "events_voa_dev6.tsv",
        "events_voa_dev7.tsv",
        "events_voa_dev8.tsv",
        "events_voa_dev9.tsv",
    )
)
FIELDS = ("type", "actor", "recipient", "date", "place")
VERDICTS = ("right", "wrong", "missed", "na")
# A field whose value changed since it was judged: its old verdict no longer applies, and a new one is left to a
# reader who did not write the change (``--mark-changed`` writes it into the verdicts file).
UNJUDGED = "unjudged"
JUDGED_COLUMNS = (
    "doc_id",
    "char_start",
    "type",
    "actor",
    "recipient",
    "date",
    "place",
    *(f"{f}_verdict" for f in FIELDS),
    "note",
)
CELL_BREAK = re.compile(r"\s*[\t\r\n]\s*")
EARLIER_MARKS = re.compile(r"^(\[[^\]]*(?:changed since judged|newly drawn)[^\]]*\]\s*)+")
SEED, SAMPLE = 20261214, 50
RUN_EPOCH = "1767225600"  # tests/conftest.py VOA_RUN_EPOCH: 2026-01-01, after the newest story


def build_release(data: Path, work: Path) -> Path:
    from flows.cli import main

    inputs, output = work / "input", work / "output"
    inputs.mkdir(parents=True)
    shutil.copyfile(data, inputs / data.name)
    os.environ["SOURCE_DATE_EPOCH"] = RUN_EPOCH
    if main(["run", "--input", str(inputs), "--output", str(output)]) != 0:
        raise SystemExit("building the VOA release failed")
    return output / "releases" / (output / "LATEST").read_text().strip()


def _one_line(text: str | None) -> str | None:
    """A value as one TSV cell: a span across a line break (a heading and the line after it, as pages other than
    the VOA stories have) would otherwise split its row of the verdicts file in two."""
    return CELL_BREAK.sub(" ", text) if text else text


def sample_rows(
    release: Path, n: int = SAMPLE, seed: int = SEED, exclude: frozenset[tuple[str, int]] = frozenset()
) -> list[dict]:
    """The fixed-seed sample of events, each with the values a reader judges.  ``exclude``: (story, offset) keys of
    events left out before drawing (the rows of other samples' verdict files, so a development sample never holds
    a test row, whatever the release's changes do to either sample)."""
    data = release / "data"
    events = pl.read_parquet(data / "events.parquet")
    first = (
        pl.read_parquet(data / "event_mentions.parquet")
        .join(events.select("event_id", "evidence"), on="event_id")
        .sort("doc_id", "char_start")
        .group_by("event_id", maintain_order=True)
        .first()
        .select("event_id", "doc_id", "char_start")
    )
    rows = events.join(first, on="event_id").to_dicts()

    def rank(r):
        return hashlib.sha256(f"{seed}|{r['doc_id']}|{r['char_start']}|{r['event_type']}".encode()).hexdigest()

    rows = [r for r in rows if (r["doc_id"], r["char_start"]) not in exclude]
    out = []
    for r in sorted(sorted(rows, key=rank)[:n], key=lambda r: (r["doc_id"], r["char_start"])):
        date = f"{r['event_date']} ({r['date_precision']}, {r['date_source']})" if r["event_date"] else "-"
        place = (
            f"{_one_line(r['location_name'])} ({r['geo_precision']}, {r['geo_source']})" if r["location_name"] else "-"
        )
        out.append(
            {
                "doc_id": r["doc_id"],
                "char_start": r["char_start"],
                "type": r["event_type"],
                "actor": _one_line(r["actor_text"]) or "-",
                "recipient": _one_line(r["recipient_text"]) or "-",
                "date": date,
                "place": place,
                "evidence": " ".join(r["evidence"].split()),
            }
        )
    return out


def read_judgements(path: Path = JUDGEMENTS) -> dict[tuple[str, int, str], dict]:
    """(story, offset, type) -> the judged values, verdicts and note."""
    out = {}
    if not path.exists():
        return out
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        out[(row["doc_id"], int(row["char_start"]), row["type"])] = row
    return out


def field_verdicts(row: dict, judged: dict) -> dict[str, str] | None:
    """Per field, the verdict on a sampled row's value, ``unjudged`` for a field whose value changed since it was
    judged (or that was never judged); None when the row was never judged.  The type is part of the key, so its
    verdict holds while the row is sampled."""
    j = judged.get((row["doc_id"], row["char_start"], row["type"]))
    if j is None:
        return None
    out = {f: (j[f"{f}_verdict"] if f == "type" or j[f] == row[f] else UNJUDGED) for f in FIELDS}
    bad = {f: v for f, v in out.items() if v not in (*VERDICTS, UNJUDGED)}
    if bad:
        raise SystemExit(f"unknown verdicts {bad} for {row['doc_id']}@{row['char_start']}")
    return out


def verdicts_of(row: dict, judged: dict) -> dict[str, str] | None:
    """The verdicts on a sampled row, or None when any of its fields is unjudged or its values changed since."""
    out = field_verdicts(row, judged)
    if out is None or UNJUDGED in out.values():
        return None
    return out


def changed_fields(rows: list[dict], judged: dict) -> Counter:
    """Per field, how many sampled rows carry a value that was not judged (a changed value or a new row)."""
    counts: Counter = Counter()
    for r in rows:
        v = field_verdicts(r, judged)
        for f in FIELDS:
            if v is None or v[f] == UNJUDGED:
                counts[f] += 1
    return counts


def mark_changed(rows: list[dict], judged: dict, path: Path = JUDGEMENTS) -> int:
    """Write the sampled rows' current values into the verdicts file: a field whose value changed gets the verdict
    ``unjudged`` (its old verdict is in the file's history), verdicts on unchanged values are kept, a newly drawn
    row is added with every verdict ``unjudged``.  Rows that left the sample are kept.  Returns the rows written."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    header = lines[header_at].split("\t")
    by_key = {}
    for i, line in enumerate(lines[header_at + 1 :], header_at + 1):
        cells = line.split("\t")
        if len(cells) > 2:
            by_key[(cells[0], int(cells[1]), cells[2])] = i
    written = 0
    for r in rows:
        key = (r["doc_id"], r["char_start"], r["type"])
        v = field_verdicts(r, judged)
        if v is not None and UNJUDGED not in v.values():
            continue
        old = judged.get(key, {})
        cells = {f: r[f] for f in ("doc_id", "type", "actor", "recipient", "date", "place")}
        cells["char_start"] = str(r["char_start"])
        for f in FIELDS:
            cells[f"{f}_verdict"] = v[f] if v is not None else UNJUDGED
        changed = [f for f in FIELDS if v is None or v[f] == UNJUDGED]
        # A row marked again keeps one prefix: the earlier note without the marks of earlier rounds (they
        # stacked up, one per run, before).
        earlier = EARLIER_MARKS.sub("", old.get("note", ""))
        cells["note"] = f"[{', '.join(changed)} changed since judged; the note is on the earlier values] {earlier}"
        if not earlier:
            cells["note"] = "[newly drawn: not judged]"
        line = "\t".join(cells.get(h, "") for h in header)
        if key in by_key:
            lines[by_key[key]] = line
        else:
            lines.append(line)
        written += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def summary(rows: list[dict], judged: dict) -> tuple[list[str], dict]:
    per_field = {f: Counter() for f in FIELDS}
    typed = {f: Counter() for f in FIELDS}  # the same, over events whose type is right
    fully, n = 0, 0
    for r in rows:
        v = field_verdicts(r, judged)
        if v is None:
            continue
        for f in FIELDS:
            if v[f] == UNJUDGED:
                continue  # a field's verdict counts while its value is the one judged
            per_field[f][v[f]] += 1
            if v["type"] == "right":
                typed[f][v[f]] += 1
        if UNJUDGED not in v.values():
            n += 1
            fully += all(v[f] in ("right", "na") for f in FIELDS)
    changed = changed_fields(rows, judged)
    lines = [
        f"Judged {n} of {len(rows)} sampled events; **fully right {fully} of {n}"
        + (f" ({fully / n:.0%})**." if n else "**."),
        "",
        "Sampled rows with a value not judged yet (changed since its verdict, or newly drawn), per field: "
        + ", ".join(f"{f} {changed[f]}" for f in FIELDS)
        + ".  The tables count each field over the rows where its value is the one judged; fully right is over "
        "the rows whose five fields are all judged.",
        "",
        "| field | right | wrong | missed | n.a. | precision right/(right+wrong) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in FIELDS:
        c = per_field[f]
        given = c["right"] + c["wrong"]
        lines.append(
            f"| {f} | {c['right']} | {c['wrong']} | {c['missed']} | {c['na']} | "
            + (f"{c['right'] / given:.2f} |" if given else "- |")
        )
    n_typed = typed["type"]["right"]
    lines += ["", f"Over the {n_typed} events whose type is right:", ""]
    lines += ["| field | right | wrong | missed | n.a. | precision |", "|---|---:|---:|---:|---:|---:|"]
    for f in FIELDS[1:]:
        c = typed[f]
        given = c["right"] + c["wrong"]
        lines.append(
            f"| {f} | {c['right']} | {c['wrong']} | {c['missed']} | {c['na']} | "
            + (f"{c['right'] / given:.2f} |" if given else "- |")
        )
    return lines, {"judged": n, "fully_right": fully, **{f: dict(per_field[f]) for f in FIELDS}}


def _cell(s: str) -> str:
    return s.replace("|", "\\|")


def report(rows: list[dict], judged: dict, release: Path, seed: int = SEED, verdicts: Path = JUDGEMENTS) -> str:
    head, _ = summary(rows, judged)
    # Any release can be sampled (the VOA stories, or another corpus's pages): its size is read, not assumed.
    documents = release / "data" / "documents.parquet"
    n_docs = pl.scan_parquet(documents).select(pl.len()).collect().item() if documents.exists() else "?"
    lines = [
        "# Events judged field by field (bench/events_voa_judged.py)",
        "",
        f"Release `{release.name}` built from {n_docs} documents; {len(rows)} events drawn with seed {seed}; "
        f"verdicts in `bench/{verdicts.name}` (see the script's docstring for what each verdict means).",
        "",
        *head,
        "",
        "| # | story@offset | type | actor | recipient | date | place | verdicts (type/actor/recipient/date/place) "
        "| note | evidence |",
        "|---:|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(rows, 1):
        v = field_verdicts(r, judged)
        j = judged.get((r["doc_id"], r["char_start"], r["type"]), {})
        marks = "/".join(v[f] for f in FIELDS) if v else UNJUDGED
        lines.append(
            f"| {i} | {r['doc_id'][:10]}@{r['char_start']} | {r['type']} | {_cell(r['actor'])} | "
            f"{_cell(r['recipient'])} | {r['date']} | {_cell(r['place'])} | {marks} | "
            f"{_cell(j.get('note', '')) if v else ''} | {_cell(r['evidence'][:300])} |"
        )
    return "\n".join(lines) + "\n"


def unjudged_tsv(rows: list[dict], judged: dict) -> str:
    """Rows to paste into the judgement file (verdict columns left for the reader)."""
    out = []
    for r in rows:
        if verdicts_of(r, judged) is None:
            cells = [r["doc_id"], str(r["char_start"]), r["type"], r["actor"], r["recipient"], r["date"], r["place"]]
            out.append("\t".join(cells + ["?"] * len(FIELDS) + [r["evidence"][:200]]))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", type=Path, help="a built VOA release folder (default: build one)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "events_voa_fields.md")
    ap.add_argument("--unjudged", type=Path, help="write the rows still to judge here, as TSV")
    ap.add_argument(
        "--mark-changed",
        action="store_true",
        help="write changed values into the verdicts file with verdict 'unjudged' (kept verdicts untouched)",
    )
    ap.add_argument("--size", type=int, default=SAMPLE, help=f"events drawn (default {SAMPLE})")
    ap.add_argument("--seed", type=int, default=SEED, help=f"sample seed (default {SEED}, the fixed judged sample)")
    ap.add_argument(
        "--judgements",
        type=Path,
        default=JUDGEMENTS,
        help="verdicts file (default: the fixed sample's); a development sample with another seed keeps its own",
    )
    ap.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="a verdicts file whose rows (story, offset) are left out of the draw (repeatable; the fixed sample's "
        "draw leaves out every verdict file older than it unless --exclude is given)",
    )
    args = ap.parse_args(argv)
    if args.seed != SEED and args.judgements.resolve() == JUDGEMENTS.resolve():
        raise SystemExit("another seed draws another sample: give it its own --judgements file")
    if args.seed == SEED and not args.exclude:
        args.exclude = list(FIXED_EXCLUDES)
    with tempfile.TemporaryDirectory() as tmp:
        release = args.release or build_release(args.data, Path(tmp))
        exclude = frozenset((k[0], k[1]) for path in args.exclude for k in read_judgements(path))
        rows = sample_rows(release, n=args.size, seed=args.seed, exclude=exclude)
    judged = read_judgements(args.judgements)
    if args.mark_changed:
        if not args.judgements.exists():
            args.judgements.write_text("\t".join(JUDGED_COLUMNS) + "\n", encoding="utf-8")
        print(f"marked {mark_changed(rows, judged, args.judgements)} rows of {args.judgements.name} for judging")
    args.out.write_text(report(rows, judged, release, args.seed, args.judgements), encoding="utf-8")
    if args.unjudged:
        args.unjudged.write_text(unjudged_tsv(rows, judged) + "\n", encoding="utf-8")
    print("\n".join(summary(rows, judged)[0]))
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
