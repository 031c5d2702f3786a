"""Bench: actor and recipient of the PLOVER tuning half, sentence by sentence (the test half is never coded).

For each tuning-half record (sha256(id) even, ``bench/events_plover.half_of``) the event of the predicted type is
built as ``bench/events_plover.predict`` builds it, and its actor and recipient texts are printed beside the gold
source and target actors, marked ok / WRONG / MISSED by the same content-word match; the totals equal the tuning
half's "actor matches gold" and "recipient matches gold" of ``bench/events_plover.py``.

Usage: uv run python bench/events_plover_roles.py [--errors]   (--errors: only the rows that do not match)
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from events_plover import DEV, half_of, matches  # noqa: E402

from transforms.extract.events.roles import spacy_entity_frames  # noqa: E402
from transforms.extract.events.triggers import detect_triggers  # noqa: E402
from transforms.link.events import build_events  # noqa: E402
from transforms.nlp.pipeline import load_corrected_pipeline  # noqa: E402


def _verdict(ours: str | None, gold: list[str]) -> str:
    if not gold:
        return "-"
    if matches(ours, gold):
        return "ok"
    return "WRONG" if ours else "MISSED"


def role_rows(rows: list[dict]) -> list[dict]:
    nlp = load_corrected_pipeline()
    out = []
    for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows]), strict=True):
        trig = detect_triggers(doc[:])
        pred = trig[0].category if trig else "NONE"
        documents = pl.DataFrame(
            {
                "doc_id": [r["id"]],
                "text": [r["text"]],
                "published_at": [datetime(2000, 1, 1, tzinfo=UTC)],
                "published_precision": ["day"],
                "dup_of": [None],
                "dup_cluster_id": [r["id"]],
            },
            schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
        )
        ents, ments = spacy_entity_frames([r["id"]], [doc])
        events, _ = build_events([r["id"]], [doc], documents, ents, ments)
        ev = events.filter(pl.col("event_type") == pred)
        row = ev.row(0, named=True) if ev.height else {}
        out.append(
            {
                "id": r["id"],
                "text": r["text"],
                "gold": r["event"],
                "pred": pred,
                "actor": row.get("actor_text"),
                "recipient": row.get("recipient_text"),
                "gold_actor": r["source_actors"],
                "gold_recipient": r["target_actors"],
                "a": _verdict(row.get("actor_text"), r["source_actors"]),
                "r": _verdict(row.get("recipient_text"), r["target_actors"]),
            }
        )
    return out


def main() -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    tune = [r for r in rows if half_of(r["id"]) == "tune"]
    only_errors = "--errors" in sys.argv[1:]
    out = role_rows(tune)
    for x in out:
        if only_errors and x["a"] in ("ok", "-") and x["r"] in ("ok", "-"):
            continue
        print(f"[{x['gold']} -> {x['pred']}] {x['text']}")
        print(f"   actor {x['a']}: {x['actor']!r}  gold {x['gold_actor']}")
        print(f"   recipient {x['r']}: {x['recipient']!r}  gold {x['gold_recipient']}")
    for key, name in (("a", "actor"), ("r", "recipient")):
        judged = [x[key] for x in out if x[key] != "-"]
        ok = judged.count("ok")
        print(
            f"{name}: {ok}/{len(judged)} = {ok / len(judged):.3f} match gold"
            f" (wrong {judged.count('WRONG')}, missed {judged.count('MISSED')})"
        )


if __name__ == "__main__":
    main()
