"""Check: py3langid's byte automaton forgets all but its last LANGID_SYNC_BYTES bytes (what the numpy walk of
transforms/ingest/language.py relies on), for the model file installed.

For every state s and every byte string w of length k, it follows the pair (state after w from s, state after w
from the start), as the set of distinct pairs (k = 0: every state paired with the start).  When no pair differs at
k = LANGID_SYNC_BYTES, every text ends in the state its last LANGID_SYNC_BYTES bytes lead to from the start.  Also
prints the model file's SHA-256 (LANGID_CHECKED_MODEL) and the automaton's depth (the longest shortest path).

Usage: uv run python bench/langid_sync.py   (a few minutes: some 27 million transitions per step)
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.ingest.language import LANGID_CHECKED_MODEL, LANGID_SYNC_BYTES  # noqa: E402


def main() -> int:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    digest = hashlib.sha256((MODEL_DIR / MODEL_FILE).read_bytes()).hexdigest()
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    nextmove = np.asarray(identifier.tk_nextmove).astype(np.int64)
    rowbase = np.asarray(identifier.tk_row, dtype=np.int64) << 8
    n = len(rowbase)
    start = time.monotonic()

    def successors(states: np.ndarray) -> np.ndarray:
        return nextmove[(rowbase[states][:, None] + np.arange(256)).ravel()]

    depth = np.full(n, -1)
    depth[0], frontier, level = 0, np.array([0]), 0
    while len(frontier):
        reached = np.unique(successors(frontier))
        frontier = reached[depth[reached] < 0]
        level += 1
        depth[frontier] = level
    print(f"model sha256 {digest} ({'the checked one' if digest == LANGID_CHECKED_MODEL else 'NOT the checked one'})")
    print(f"{n} states, depth {depth.max()} ({time.monotonic() - start:.0f} s)")
    pairs = np.arange(n, dtype=np.int64) * n  # (s, start) for every state s
    for k in range(1, LANGID_SYNC_BYTES + 1):
        pairs = np.unique(successors(pairs // n) * n + successors(pairs % n))
        differing = int((pairs // n != pairs % n).sum())
        print(f"after {k} bytes: {len(pairs)} distinct pairs, {differing} differing ({time.monotonic() - start:.0f} s)")
    print("synchronised" if differing == 0 else "NOT synchronised: the numpy walk must not be used for this model")
    return 0 if differing == 0 and digest == LANGID_CHECKED_MODEL else 1


if __name__ == "__main__":
    raise SystemExit(main())
