"""Quote speakers on the 89 VOA stories, judged by reading: 30 random quotes (fixed seed) with their context.

Usage: uv run python bench/quotes_voa_judged.py --release OUT/releases/VERSION [--out bench/results/quotes_voa_judged.md]
       uv run python bench/quotes_voa_judged.py --release OUT/releases/VERSION --seed 20261209 --size 40 \
           --exclude bench/quotes_voa_judgements.tsv --judgements bench/quotes_voa_dev10.tsv \
           --out bench/results/quotes_voa_dev10.md
           (a development sample: another seed, its own verdicts file, none of the fixed sample's quotes)

Build the release first as a user does (copy ``../shared/data/voa/voa_stories.jsonl`` into a folder, then
``uv run newsevents run --input FOLDER --output OUT``).  The sample is the 30 quotes whose hash
(seed 20251130 + quote_id) is smallest, so a change elsewhere in the release does not reshuffle it; each is
listed with the text around it.  The verdicts are a careful reader's (the engineer's), kept in
``bench/quotes_voa_judgements.tsv`` keyed by quote_id with the speaker they judged, so a rerun whose speaker
changed shows the row as unjudged again (a quote may have a line per speaker judged: a verdict on a change's new
speaker is added, the old one kept for the release it was given on).  A speaker is ``right`` when it names who said the quoted words by
the text (the person or body of the reporting clause, or its antecedent); ``wrong`` otherwise, including a
missing speaker where the text gives one.  Issue 11's target: at least 27 of 30 right.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = ROOT / "bench" / "quotes_voa_judgements.tsv"
SEED, SAMPLE, CONTEXT_CHARS = 20251130, 30, 220


def _judgements(path: Path = JUDGEMENTS) -> dict[str, dict[str, tuple[str, str]]]:
    """quote_id -> {speaker judged: (verdict, note)}."""
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            quote_id, speaker, verdict, note = (line.split("\t") + [""] * 4)[:4]
            out.setdefault(quote_id, {})[speaker] = (verdict, note)
    return out


def _speaker(row: dict) -> str:
    """What the release says about the speaker: its text and, when linked, its entity's name."""
    text = row["speaker_text"] or "-"
    return f"{text} [{row['speaker_name']}]" if row["speaker_name"] else text


def sample(release: Path, n: int = SAMPLE, seed: int = SEED, exclude: frozenset[str] = frozenset()) -> list[dict]:
    """The n quotes with the smallest sha256(seed + quote_id), none of ``exclude`` (quote ids of another sample's
    verdict file), each with its context."""
    data = release / "data"
    quotes = pl.read_parquet(data / "quotes.parquet")
    names = dict(pl.read_parquet(data / "entities.parquet").select("entity_id", "name").iter_rows())
    texts = dict(pl.read_parquet(data / "documents.parquet").select("doc_id", "text").iter_rows())
    candidates = [r for r in quotes.iter_rows(named=True) if r["quote_id"] not in exclude]
    rows = sorted(candidates, key=lambda r: hashlib.sha256(f"{seed}|{r['quote_id']}".encode()).hexdigest())[:n]
    out = []
    for r in sorted(rows, key=lambda r: (r["doc_id"], r["char_start"])):
        text = texts.get(r["doc_id"]) or ""
        a, b = max(0, r["char_start"] - CONTEXT_CHARS), min(len(text), r["char_end"] + CONTEXT_CHARS // 2)
        context = (
            text[a : r["char_start"]] + "[[" + text[r["char_start"] : r["char_end"]] + "]]" + text[r["char_end"] : b]
        )
        out.append({**r, "speaker_name": names.get(r["speaker_entity_id"]), "context": context})
    return out


def _shown(path: Path) -> str:
    """The path as the repository names it (relative to its root when inside it)."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _cell(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def report(rows: list[dict], seed: int = SEED, judgements: Path = JUDGEMENTS) -> str:
    judged = _judgements(judgements)
    verdicts = []
    lines = []
    for i, r in enumerate(rows, 1):
        speaker = _speaker(r)
        verdicts_of_quote = judged.get(r["quote_id"], {})
        verdict, note = verdicts_of_quote.get(speaker, ("unjudged", ""))
        if verdict == "unjudged" and verdicts_of_quote:
            note = f"speaker changed since judged ({'; '.join(verdicts_of_quote)})"
        verdicts.append(verdict)
        kind = "direct" if r["direct"] else "indirect"
        lines.append(
            f"| {i} | `{r['quote_id']}` | {kind} | {_cell(speaker)} | {verdict} | {_cell(note)} | {_cell(r['context'])} |"
        )
    counts = Counter(verdicts)
    head = [
        "# Quote speakers on the VOA release, judged by reading",
        "",
        f"Sample: the {len(rows)} quotes with the smallest sha256(seed {seed} + quote_id); "
        f"`bench/quotes_voa_judged.py` (verdicts in `{_shown(judgements)}`).",
        "",
        f"**right {counts['right']} of {len(rows)}**, wrong {counts['wrong']}, unjudged {counts['unjudged']}"
        + (" (target: at least 27 right)." if judgements == JUDGEMENTS else "."),
        "",
        "| # | quote_id | kind | speaker [entity] | verdict | reason | context ([[quote]]) |",
        "|---|---|---|---|---|---|---|",
    ]
    return "\n".join(head + lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", type=Path, required=True, help="a release folder built from the VOA stories")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quotes_voa_judged.md")
    ap.add_argument("--seed", type=int, default=SEED, help="another seed draws a development sample")
    ap.add_argument("--size", type=int, default=SAMPLE, help="how many quotes to draw")
    ap.add_argument("--judgements", type=Path, default=JUDGEMENTS, help="the sample's verdicts file")
    ap.add_argument(
        "--exclude", type=Path, action="append", default=[], help="a verdicts file whose quotes are not drawn"
    )
    ap.add_argument("--tsv", action="store_true", help="print unjudged rows as judgement-file lines to fill in")
    args = ap.parse_args(argv)
    exclude = frozenset(q for path in args.exclude for q in _judgements(path))
    rows = sample(args.release, args.size, args.seed, exclude)
    args.out.write_text(report(rows, args.seed, args.judgements), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    if args.tsv:
        judged = _judgements(args.judgements)
        for r in rows:
            if _speaker(r) not in judged.get(r["quote_id"], {}):
                print(f"{r['quote_id']}\t{_speaker(r)}\t?\t", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
