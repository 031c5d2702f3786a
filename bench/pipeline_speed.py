"""Bench: end-to-end throughput and memory against raw spaCy, incremental runs, and the fixed cost.

Synthetic corpora of N distinct articles (about 470 words each) are built from the sentences of the
VOA stories (fixed seed).  For each size and process count P:

- reference: ``nlp.pipe`` of the same model over the same texts with ``n_process=P`` (words/s, the
  model load excluded);
- end to end: ``newsevents run --n-process P`` into a fresh output folder, as a user runs it (words/s over
  the whole command, start-up included), with the peak resident memory of the largest process and of the
  main process (every process of the run polled every 0.2 s), and the run's own seconds per stage.

At the largest size it then measures incremental runs into the output of the full run at the most processes:
1% new articles added (cleaned and parsed: only those), and one extraction rule changed (a rule file gets one
more comment line: re-extraction from cached parses, "0 parsed"), each as a share of that full run.  Finally the seeds run, stage by stage (the fixed cost).

Usage: uv run python bench/pipeline_speed.py [--sizes 1000,5000,20000] [--processes 1,2] [--seeds-runs 3]
       uv run python bench/pipeline_speed.py --seeds-only   (the fixed cost alone, a few minutes)
Writes bench/results/pipeline_speed.md.  Takes hours at 20,000 articles on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import SHARED_DIR, apply_environment  # noqa: E402

VOA = SHARED_DIR / "data" / "voa" / "voa_stories.jsonl"
OUT = ROOT / "bench" / "results" / "pipeline_speed.md"
WORDS_PER_ARTICLE = 470
# A rule file of the extract stage; one appended comment line changes the extraction version only.
RULE_FILE = ROOT / "transforms" / "extract" / "events" / "triggers.py"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def voa_sentences() -> list[str]:
    sentences = []
    for line in VOA.read_text(encoding="utf-8").splitlines():
        for s in _SENTENCE.split(json.loads(line)["text"]):
            if 6 <= len(s.split()) <= 60:
                sentences.append(s.strip())
    return sorted(set(sentences))


def synthetic_articles(n: int, sentences: list[str], *, seed: int = 7, offset: int = 0) -> list[dict]:
    """n distinct articles of about WORDS_PER_ARTICLE words, paragraphs of 3 sentences."""
    out = []
    for i in range(offset, offset + n):
        rng = random.Random(seed * 1_000_003 + i)
        picked, words = [], 0
        while words < WORDS_PER_ARTICLE:
            s = rng.choice(sentences)
            picked.append(s)
            words += len(s.split())
        paragraphs = ["\n".join(picked[k : k + 3]).replace("\n", " ") for k in range(0, len(picked), 3)]
        out.append(
            {
                "id": f"synthetic-{i}",
                "title": " ".join(picked[0].split()[:8]),
                "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00Z",
                "source": "Synthetic VOA",
                "text": "\n\n".join(paragraphs),
            }
        )
    return out


def write_corpus(folder: Path, articles: list[dict], name: str = "articles.jsonl") -> int:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return sum(len(a["text"].split()) for a in articles)


class PeakMemory:
    """Polls a process and its descendants; keeps the peak RSS of the largest one, of the main one and of the
    largest other one (a worker process, a corpus-wide stage's process or the temporary Prefect server)."""

    def __init__(self, pid: int, interval: float = 0.2):
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.largest = self.main = self.others = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                self.largest = max(self.largest, rss)
                if p.pid == self.root.pid:
                    self.main = max(self.main, rss)
                else:
                    self.others = max(self.others, rss)
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(args: list[str]) -> dict:
    """One `newsevents run`: wall seconds, peak memory (MB), the summary's stage seconds and counts."""
    start, children_before = time.monotonic(), _children_cpu_seconds()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    peak = PeakMemory(proc.pid)
    output, _ = proc.communicate()
    wall = time.monotonic() - start
    tree_cpu = _children_cpu_seconds() - children_before
    peak.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"newsevents run {' '.join(args)} failed ({proc.returncode}):\n{output[-3000:]}")
    stages = {}
    # The summary's line (a long one wraps); the peak-memory line that follows it is not part of it.
    match = re.search(r"seconds per stage: (.*?)(?:peak MB after stage|$)", output.replace("\n", " "))
    if match:
        for part in match.group(1).split(","):
            name, _, value = part.strip().partition(" ")
            try:
                stages[name] = float(value.split()[0])
            except (ValueError, IndexError):
                continue
    peaks = {}
    match = re.search(r"peak MB after stage: (.*)", output)
    if match:
        for part in match.group(1).split(","):
            name, _, value = part.strip().partition(" ")
            if value.strip().isdigit():
                peaks[name] = int(value)
    cpu = {}
    # The summary's line (CPU seconds of the flow process, its workers and the Prefect server, per stage).
    match = re.search(r"CPU seconds per stage: ([a-z_]+\s+[\d.]+(?:,\s+[a-z_]+\s+[\d.]+)*)", output.replace("\n", " "))
    if match:
        for part in match.group(1).split(","):
            name, value = part.split()
            try:
                cpu[name] = float(value)
            except (ValueError, IndexError):
                continue
    parsed = re.search(r"(\d+) parsed", output)
    cleaned = re.search(r"(\d+) cleaned", output)
    return {
        "cpu_seconds": cpu,
        "tree_cpu": tree_cpu,
        "wall": wall,
        "largest_mb": peak.largest / 2**20,
        "main_mb": peak.main / 2**20,
        "others_mb": peak.others / 2**20,
        "stages": stages,
        "peak_mb_after_stage": peaks,
        "parsed": int(parsed.group(1)) if parsed else None,
        "cleaned": int(cleaned.group(1)) if cleaned else None,
    }


def _children_cpu_seconds() -> float:
    """CPU seconds of this process's ended children and the descendants they waited for: a whole run's (the flow
    process, the Prefect server, the workers, the stage processes), start-up included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def raw_pipe_words_per_second(corpus: Path, n_process: int) -> float:
    """nlp.pipe over the corpus texts in a fresh process (model load excluded from the clock)."""
    code = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT)!r})
from transforms.nlp import load_pipeline
texts = [json.loads(l)["text"] for l in open({str(corpus / "articles.jsonl")!r}, encoding="utf-8")]
nlp = load_pipeline()
start = time.monotonic()
for _ in nlp.pipe(texts, n_process={n_process}, batch_size=32):
    pass
print(sum(len(t.split()) for t in texts) / (time.monotonic() - start))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure_size(
    n: int, processes: list[int], sentences: list[str], work: Path, *, raw: bool = True, warm_cache: Path | None = None
) -> list[dict]:
    """``raw=False`` skips the raw ``nlp.pipe`` reference (its ratio is then not reported).  ``warm_cache``: a
    ``.cache`` folder of an earlier run on the same corpus, copied into each output first (all but its repeat
    index, so the duplicates stage takes its full passes): the parse is then read, not run, and the run's
    memory figures are those of the flow process and of workers extracting or reading cached rows."""
    corpus = work / f"corpus-{n}"
    words = write_corpus(corpus, synthetic_articles(n, sentences))
    rows = []
    for p in processes:
        raw_wps = raw_pipe_words_per_second(corpus, p) if raw else None
        out = work / f"out-{n}-{p}"
        shutil.rmtree(out, ignore_errors=True)
        if warm_cache:
            shutil.copytree(warm_cache, out / ".cache", ignore=shutil.ignore_patterns("dedupe"))
        run = run_cli(["--input", str(corpus), "--output", str(out), "--n-process", str(p)])
        rows.append({"articles": n, "processes": p, "words": words, "raw_wps": raw_wps, **run})
    return rows


def measure_incremental(n: int, processes: int, sentences: list[str], work: Path, full: dict | None = None) -> dict:
    """1% new articles, then one rule edit, each run into the output of a fresh full run at (n, processes):
    the one measure_size made when given (``full``, its result), else a new one."""
    corpus = work / f"corpus-{n}"
    out = work / f"out-{n}-{processes}"
    if full is None:
        # A fresh output: the same inputs into an output that already holds their release publish nothing.
        out = work / f"out-{n}-{processes}-incremental"
        shutil.rmtree(out, ignore_errors=True)
        full = run_cli(["--input", str(corpus), "--output", str(out), "--n-process", str(processes)])
    write_corpus(corpus, synthetic_articles(max(1, n // 100), sentences, offset=n), name="added.jsonl")
    added = run_cli(["--input", str(corpus), "--output", str(out), "--n-process", str(processes)])
    print(json.dumps({"incremental_added": added}, default=str), flush=True)
    original = RULE_FILE.read_bytes()
    try:
        RULE_FILE.write_bytes(original + b"\n# bench: a rule edit changes the extraction version\n")
        rule = run_cli(["--input", str(corpus), "--output", str(out), "--n-process", str(processes)])
    finally:
        RULE_FILE.write_bytes(original)
    print(json.dumps({"incremental_rule": rule}, default=str), flush=True)
    (corpus / "added.jsonl").unlink()
    return {"full": full, "added": added, "rule": rule}


def measure_seeds(work: Path, runs: int = 3) -> list[dict]:
    """The fixed cost: the seeds (5 articles) run ``runs`` times, each into a fresh output.  The first run gets a
    fresh PREFECT_HOME (the temporary server creates and migrates its database), the others keep it, as a user's
    runs do; the load average before each run is kept with it."""
    home = work / "prefect-home-seeds"
    shutil.rmtree(home, ignore_errors=True)
    results = []
    for i in range(runs):
        out = work / "out-seeds"
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        with mock.patch.dict(os.environ, PREFECT_HOME=str(home)):
            run = run_cli(["--input", str(ROOT / "seeds"), "--output", str(out)])
        results.append({**run, "load": load, "prefect_home": "fresh" if i == 0 else "kept"})
        print(json.dumps({"seeds": results[-1]}, default=str), flush=True)
    return results


def bytecode_conditions() -> str:
    """Whether Python may write .pyc files and whether the installed packages have them: without both, every
    process compiles its imports from source at every start."""
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    compiled = any((site / "prefect" / "__pycache__").glob("*.pyc"))
    writes = "not written (PYTHONDONTWRITEBYTECODE)" if sys.dont_write_bytecode else "written on import"
    return f"bytecode {writes}; installed packages {'compiled' if compiled else 'not compiled'}"


def seeds_report(seeds: list[dict]) -> list[str]:
    """One row per seeds run: wall, each stage's seconds, and the wall no stage accounts for (the worker processes'
    shutdown between stages, the process's own exit); then the medians of the runs that kept PREFECT_HOME."""
    names = list(dict.fromkeys(k for r in seeds for k in r["stages"]))
    lines = [
        f"Seeds run, the fixed cost ({bytecode_conditions()}):",
        "",
        "| PREFECT_HOME | load | wall | "
        + " | ".join(names)
        + " | not in a stage | CPU s, stages after startup | CPU s, whole run |",
        "|---|---:|---:|" + "---:|" * (len(names) + 3),
    ]
    rows = []
    for r in seeds:
        unaccounted = r["wall"] - sum(r["stages"].values())
        cells = [
            r["wall"],
            *[r["stages"].get(k, 0.0) for k in names],
            unaccounted,
            sum(r["cpu_seconds"].values()),
            r.get("tree_cpu", 0.0),
        ]
        rows.append((r["prefect_home"], cells))
        lines.append(f"| {r['prefect_home']} | {r['load']:.1f} | " + " | ".join(f"{c:.1f}" for c in cells) + " |")
    kept = [cells for home, cells in rows if home == "kept"]
    if kept:
        medians = [statistics.median(column) for column in zip(*kept, strict=True)]
        lines.append(f"| kept, median of {len(kept)} | | " + " | ".join(f"**{c:.1f}**" for c in medians) + " |")
    return [*lines, ""]


def report(rows: list[dict], incremental: dict | None, seeds: dict) -> str:
    lines = [
        "# End-to-end speed and memory (synthetic articles from VOA sentences)",
        "",
        "| articles | processes | raw nlp.pipe words/s | end to end words/s | ratio | largest process MB "
        "| main process MB | largest other process MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        e2e = r["words"] / r["wall"]
        raw, ratio = (f"{r['raw_wps']:,.0f}", f"{e2e / r['raw_wps']:.2f}") if r["raw_wps"] else ("not run", "")
        lines.append(
            f"| {r['articles']:,} | {r['processes']} | {raw} | {e2e:,.0f} | {ratio} "
            f"| {r['largest_mb']:,.0f} | {r['main_mb']:,.0f} | {r.get('others_mb', 0):,.0f} |"
        )
    lines += [
        "",
        "Peak memory of the flow process and its corpus-wide stages' processes after each stage, MB (the run's own"
        " figures):",
        "",
    ]
    peak_names = list(dict.fromkeys(k for r in rows for k in r.get("peak_mb_after_stage", {})))
    lines += ["| articles | processes | " + " | ".join(peak_names) + " |", "|---:|---:|" + "---:|" * len(peak_names)]
    for r in rows:
        peaks = r.get("peak_mb_after_stage", {})
        lines.append(
            f"| {r['articles']:,} | {r['processes']} | " + " | ".join(str(peaks.get(k, "")) for k in peak_names) + " |"
        )
    lines += ["", "Seconds per stage (the run's own timings):", ""]
    stage_names = sorted(
        {k for r in rows for k in r["stages"]},
        key=lambda k: list(rows[0]["stages"]).index(k) if k in rows[0]["stages"] else 99,
    )
    lines += [
        "| articles | processes | " + " | ".join(stage_names) + " | wall |",
        "|---:|---:|" + "---:|" * (len(stage_names) + 1),
    ]
    for r in rows:
        lines.append(
            f"| {r['articles']:,} | {r['processes']} | "
            + " | ".join(f"{r['stages'].get(k, 0):.1f}" for k in stage_names)
            + f" | {r['wall']:.1f} |"
        )
    by_size: dict[int, dict[int, dict]] = {}
    for r in rows:
        by_size.setdefault(r["articles"], {})[r["processes"]] = r
    speedups = [
        (n, d[1]["stages"].get("nlp", 0) / d[2]["stages"]["nlp"], d[2]["raw_wps"] / d[1]["raw_wps"])
        for n, d in sorted(by_size.items())
        if 1 in d and 2 in d and d[2]["stages"].get("nlp") and d[1]["raw_wps"]
    ]
    if speedups:
        lines += ["", "| articles | nlp stage speed-up, 2 vs 1 process | raw nlp.pipe speed-up |", "|---:|---:|---:|"]
        lines += [f"| {n:,} | {a:.2f} | {b:.2f} |" for n, a, b in speedups]
    if incremental:
        full = incremental["full"]["wall"]
        lines += [
            "",
            "Incremental runs (largest size):",
            "",
            "| run | wall s | share of the full run | documents cleaned | documents parsed |",
            "|---|---:|---:|---:|---:|",
            f"| full (fresh caches) | {full:.1f} | 1.00 | {incremental['full'].get('cleaned')} "
            f"| {incremental['full']['parsed']} |",
            f"| + 1% new articles | {incremental['added']['wall']:.1f} | {incremental['added']['wall'] / full:.2f} "
            f"| {incremental['added'].get('cleaned')} | {incremental['added']['parsed']} |",
            f"| one extraction rule changed | {incremental['rule']['wall']:.1f} | {incremental['rule']['wall'] / full:.2f} "
            f"| {incremental['rule'].get('cleaned')} | {incremental['rule']['parsed']} |",
            "",
            "Seconds per stage of the incremental runs:",
            "",
            "| run | " + " | ".join(incremental["full"]["stages"]) + " |",
            "|---|" + "---:|" * len(incremental["full"]["stages"]),
            *(
                f"| {label} | "
                + " | ".join(f"{incremental[key]['stages'].get(k, 0):.1f}" for k in incremental["full"]["stages"])
                + " |"
                for label, key in (("full", "full"), ("+ 1% new", "added"), ("rule changed", "rule"))
            ),
        ]
        cpu_names = list(incremental["full"].get("cpu_seconds", {}))
        if cpu_names:
            lines += [
                "",
                "CPU seconds per stage of the incremental runs (flow process, workers and Prefect server):",
                "",
                "| run | " + " | ".join(cpu_names) + " | total |",
                "|---|" + "---:|" * (len(cpu_names) + 1),
                *(
                    f"| {label} | "
                    + " | ".join(f"{incremental[key].get('cpu_seconds', {}).get(k, 0):.1f}" for k in cpu_names)
                    + f" | {sum(incremental[key].get('cpu_seconds', {}).values()):.1f} |"
                    for label, key in (("full", "full"), ("+ 1% new", "added"), ("rule changed", "rule"))
                ),
            ]
    if seeds:
        lines += ["", *seeds_report(seeds)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw nlp.pipe reference runs")
    parser.add_argument("--work", help="keep the corpora and outputs here (default: a temporary folder)")
    parser.add_argument(
        "--warm-cache",
        type=Path,
        help="copy this .cache folder (an earlier output's, same corpus) into every output before its full run",
    )
    parser.add_argument("--seeds-runs", type=int, default=3, help="seeds runs for the fixed cost (the first fresh)")
    parser.add_argument("--seeds-only", action="store_true", help="measure the fixed cost alone (minutes, not hours)")
    args = parser.parse_args()
    apply_environment()
    if args.seeds_only:
        args.no_incremental = True
    sizes = [int(s) for s in args.sizes.split(",")] if not args.seeds_only else []
    processes = [int(p) for p in args.processes.split(",")]
    sentences = voa_sentences()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="newsevents-speed-"))
    rows = []
    for n in sizes:
        rows += measure_size(n, processes, sentences, work, raw=not args.no_raw, warm_cache=args.warm_cache)
        print(json.dumps(rows[-len(processes) :], default=str), flush=True)
    incremental = None
    if not args.no_incremental:
        n, p = max(sizes), max(processes)
        full = next((r for r in rows if r["articles"] == n and r["processes"] == p), None)
        incremental = measure_incremental(n, p, sentences, work, full=full)
    seeds = measure_seeds(work, runs=args.seeds_runs)
    text = report(rows, incremental, seeds) if rows else "\n".join(["# Fixed cost", "", *seeds_report(seeds)])
    # The results file keeps earlier runs below the new one (a run used to overwrite them all).
    earlier = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    OUT.write_text(text.rstrip("\n") + "\n\n" + earlier, encoding="utf-8")
    print(text)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
