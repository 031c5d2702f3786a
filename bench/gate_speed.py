"""Speed and memory of the quality gate on large releases: about 1,000, 5,000 and 20,000 articles.

Usage: uv run python bench/gate_speed.py [--sizes 1000 5000 20000]
Writes bench/results/gate_speed.md.

   or: uv run python bench/gate_speed.py --release OUT/releases/vX --previous OUT/releases/vY
The gate and publishing, in this process, on a published release's tables (a real corpus's, e.g. the
20,000-article bench's), the previous release as the one to diff against: CPU and wall seconds, and the
resident memory polled every 10 ms, its peak per suite and per publishing step (MiB, the process's own).

The base corpus is the VOA stories (public domain) run through the real flow once; its tables are
then copied whole, with fresh IDs, to at least each size (every ID column suffixed per copy, so keys stay unique
and every reference still resolves), and a few rows are broken on purpose so the gate does its whole
job: 1 dated event in 300 moved to 2050 and 1 document in 500 ending in an ad slot (both under the 1%
threshold, so they are quarantined with their dependants and the suites run a second time).  Each
size's tables are written as the flow hands them to the gate (one Parquet file per table, ``TableFiles``), then
the gate runs on those files in a process of its own, so its peak memory is the gate's.  Stages: building the validation views
(polars), the first pass of the suites (views + GX), the quarantine cascade, the second pass.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from flows.settings import SHARED_DIR  # noqa: E402

VOA = SHARED_DIR / "data" / "voa" / "voa_stories.jsonl"
RESULTS = ROOT / "bench" / "results" / "gate_speed.md"
RUN_TIME = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)

# Columns holding IDs, per table: suffixed per copy (lists element by element).
ID_COLUMNS = {
    "documents": ["doc_id", "dup_of", "dup_cluster_id"],
    "boilerplate": ["doc_id"],
    "paragraphs": ["doc_id", "first_doc_id"],
    "sentences": ["doc_id"],
    "entities": ["entity_id"],
    "entity_mentions": ["mention_id", "entity_id", "doc_id"],
    "quotes": ["quote_id", "doc_id", "speaker_entity_id"],
    "events": ["event_id", "location_entity_id", "actor_entity_ids", "recipient_entity_ids"],
    "event_mentions": ["event_id", "doc_id"],
}


def base_tables(work: Path) -> dict[str, pl.DataFrame]:
    """The VOA release's tables, built once through the real flow (cached in ``work``)."""
    cache = work / "base"
    if not cache.is_dir():
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        from flows.settings import apply_environment

        apply_environment()
        from flows.cli import main

        inputs = work / "voa_in"
        inputs.mkdir(parents=True, exist_ok=True)
        (inputs / VOA.name).write_bytes(VOA.read_bytes())
        if main(["run", "--input", str(inputs), "--output", str(work / "voa_out")]) != 0:
            raise SystemExit("the VOA run failed")
        release = work / "voa_out" / "releases" / (work / "voa_out" / "LATEST").read_text().strip()
        (release / "data").rename(cache)
    return {p.stem: pl.read_parquet(p) for p in sorted(cache.glob("*.parquet")) if p.stem != "quarantine"}


def scaled(tables: dict[str, pl.DataFrame], n_articles: int) -> dict[str, pl.DataFrame]:
    """Whole copies of the base corpus (at least ``n_articles`` articles), so every reference resolves."""
    n_base = tables["documents"].height
    copies = -(-n_articles // n_base)
    out = {}
    for name, df in tables.items():
        parts = []
        for copy in range(copies):
            suffix = f"~{copy}"
            renamed = [
                pl.col(c).list.eval(pl.element() + suffix) if df.schema[c] == pl.List(pl.String) else pl.col(c) + suffix
                for c in ID_COLUMNS.get(name, [])
            ]
            parts.append(df.with_columns(renamed))
        out[name] = pl.concat(parts) if parts else df
    # Break a few rows on purpose (under the 1% thresholds): the gate quarantines them.
    dated = pl.col("event_date").is_not_null()  # the rule's share is over dated events
    out["events"] = out["events"].with_columns(
        pl.when(dated & (dated.cum_sum() % 300 == 7))
        .then(pl.date(2050, 1, 1))
        .otherwise(pl.col("event_date"))
        .alias("event_date")
    )
    out["documents"] = (
        out["documents"]
        .with_columns(
            pl.when(pl.int_range(pl.len()) % 500 == 11)
            .then(pl.col("text") + "\nAdvertisement")
            .otherwise(pl.col("text"))
            .alias("text"),
        )
        .with_columns(pl.col("text").str.len_chars().cast(pl.Int64).alias("n_chars"))
    )
    return out


def prepare(n_articles: int, work: Path) -> Path:
    """The scaled tables of one size written as the flow hands them to the gate (``TableFiles``)."""
    from flows.work import TableFiles
    from transforms.schemas import TABLES

    tables = scaled(base_tables(work), n_articles)
    tables = {name: TABLES[name].conform(df) for name, df in tables.items()}
    tables["quarantine"] = TABLES["quarantine"].empty()
    folder = work / f"release-{n_articles}"
    TableFiles.write(folder, tables)
    (folder / "names.json").write_text(json.dumps(list(tables)))
    return folder


def measure(n_articles: int, work: Path) -> dict:
    """The gate on one size's table files, in a process of its own (its peak memory is the gate's)."""
    from flows.validation import build_validation_views, validate_tables
    from flows.validation.gate import _merge
    from flows.validation.quarantine import Failure, quarantine_failures
    from flows.work import TableFiles

    folder = work / f"release-{n_articles}"
    tables = TableFiles(folder, json.loads((folder / "names.json").read_text()))
    rows = {name: tables.height(name) for name in tables}
    empty = {name: tables.scan(name).head(0).collect() for name in tables}
    validate_tables(empty, run_date=RUN_TIME)  # GX context, imports
    timings = {}
    start = time.perf_counter()
    views = build_validation_views(tables)
    timings["views (polars)"] = time.perf_counter() - start
    del views
    start = time.perf_counter()
    first = validate_tables(tables, run_date=RUN_TIME)
    timings["first pass (views + GX)"] = time.perf_counter() - start
    failures = [Failure(r.table, r.check, r.failing_rows, r.failing_values) for r in first.results if r.quarantines]
    start = time.perf_counter()
    kept, quarantine = quarantine_failures(tables, failures, folder=folder.with_name(f"{folder.name}-kept"))
    timings["quarantine cascade"] = time.perf_counter() - start
    start = time.perf_counter()
    second = validate_tables(kept, run_date=RUN_TIME)
    timings["second pass (views + GX)"] = time.perf_counter() - start
    second.results = _merge(first, second)
    timings["gate total"] = sum(timings[k] for k in timings if k != "views (polars)")
    return {
        "articles": rows["documents"],
        "rows": rows,
        "timings": timings,
        "quarantined": quarantine.height,
        "success": second.success,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


class _RssPoller:
    """This process's resident memory every 10 ms; the peak per phase (the label set last)."""

    def __init__(self):
        import threading

        self.label, self.peaks, self.seconds, self._stop = "start", {}, {}, False
        self._since = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss_mib() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    def _run(self) -> None:
        while not self._stop:
            self.peaks[self.label] = max(self.peaks.get(self.label, 0.0), self.rss_mib())
            time.sleep(0.01)

    def mark(self, label: str) -> None:
        now = time.perf_counter()
        self.seconds[self.label] = self.seconds.get(self.label, 0.0) + now - self._since
        self.label, self._since = label, now

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.mark("end")
        self._stop = True
        self._thread.join()


def measure_release(release: Path, previous: Path) -> dict:
    """The gate, then publishing, on a release's table files (copied to a work folder), as a run does them."""
    import shutil

    from flows import publish, validation
    from flows.settings import apply_environment
    from flows.validation import validate as validate_module
    from flows.work import TableFiles

    apply_environment()
    validation.warm_up()
    work = Path(tempfile.mkdtemp(prefix="gate_release_"))
    names = [p.stem for p in sorted((release / "data").glob("*.parquet")) if p.stem != "quarantine"]
    (work / "tables").mkdir()
    for name in names:
        shutil.copy(release / "data" / f"{name}.parquet", work / "tables" / f"{name}.parquet")
    output = work / "out"
    (output / "releases").mkdir(parents=True)
    shutil.copytree(previous, output / "releases" / previous.name)
    (output / "LATEST").write_text(previous.name + "\n")
    poller = _RssPoller()
    suite = validate_module.run_suite

    def labelled_suite(name, *args, **kwargs):
        poller.mark(f"gate: {name}")
        return suite(name, *args, **kwargs)

    validate_module.run_suite = labelled_suite
    for step in ("write_table_parquet", "release_diff_between", "write_release_page", "_write_checksums"):
        original = getattr(publish, step)

        def labelled(*args, _original=original, _step=step, **kwargs):
            poller.mark(f"publish: {_step}")
            try:
                return _original(*args, **kwargs)
            finally:
                poller.mark("publish: other")

        setattr(publish, step, labelled)
    start_rss = poller.rss_mib()
    with poller:
        wall, cpu = time.perf_counter(), time.process_time()
        gate = validation.run_gate(TableFiles(work / "tables", names), run_date=RUN_TIME, previous_release=previous)
        gate_wall, gate_cpu = time.perf_counter() - wall, time.process_time() - cpu
        gate_peak = max(poller.peaks.values())
        poller.mark("publish: other")
        wall, cpu = time.perf_counter(), time.process_time()
        publish.publish_release(
            gate.tables,
            output_dir=output,
            input_fingerprint="gate_speed",
            pipeline_version="gate_speed",
            created_at=RUN_TIME,
            validation_writer=gate.outcome.write,
        )
        publish_wall, publish_cpu = time.perf_counter() - wall, time.process_time() - cpu
    shutil.rmtree(work, ignore_errors=True)
    publish_peak = max(v for k, v in poller.peaks.items() if k.startswith("publish"))
    return {
        "release": str(release),
        "rows": {name: TableFiles(release / "data", names).height(name) for name in names},
        "success": gate.success,
        "quarantined": gate.quarantine.height,
        "rss_at_start_mib": round(start_rss),
        "gate": {"wall_s": round(gate_wall, 1), "cpu_s": round(gate_cpu, 1), "peak_rss_mib": round(gate_peak)},
        "publish": {
            "wall_s": round(publish_wall, 1),
            "cpu_s": round(publish_cpu, 1),
            "peak_rss_mib": round(publish_peak),
        },
        "peak_rss_mib_by_step": {k: round(v) for k, v in poller.peaks.items()},
        "seconds_by_step": {k: round(v, 2) for k, v in poller.seconds.items()},
        "load_average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)  # internal: write one size's tables
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--release", type=Path, help="a published release folder: the gate and publishing on its tables"
    )
    parser.add_argument("--previous", type=Path, help="with --release: the release before it (diffed against)")
    args = parser.parse_args()
    if args.release:
        print(json.dumps(measure_release(args.release, args.previous or args.release), indent=1))
        return
    if args.prepare:
        prepare(args.prepare, args.work)
        return
    if args.one:
        print(json.dumps(measure(args.one, args.work)))
        return
    work = Path(tempfile.mkdtemp(prefix="gate_speed_"))
    base_tables(work)
    results = []
    for size in args.sizes:
        for step in ("--prepare", "--one"):
            done = subprocess.run(
                [sys.executable, __file__, step, str(size), "--work", str(work)], capture_output=True, text=True
            )
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    write_report(results)


def write_report(results: list[dict]) -> None:
    stages = list(results[0]["timings"])
    lines = [
        "# Quality gate speed (bench/gate_speed.py)",
        "",
        f"VOA stories run through the flow, copied with fresh IDs up to each size; 1 dated event in 300 and 1 document in "
        f"500 broken on purpose (quarantined with their dependants, then the suites run again). Python "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores shared with other work.",
        "",
        "| articles | "
        + " | ".join(["entity_mentions", "sentences", "event_mentions"])
        + " | "
        + " | ".join(f"{s} (s)" for s in stages)
        + " | quarantined rows | peak RSS (MiB) |",
        "|---:|" + "---:|" * (3 + len(stages) + 2),
    ]
    for r in results:
        rows = r["rows"]
        lines.append(
            f"| {r['articles']:,} | {rows['entity_mentions']:,} | {rows['sentences']:,} | {rows['event_mentions']:,} | "
            + " | ".join(f"{r['timings'][s]:.1f}" for s in stages)
            + f" | {r['quarantined']:,} | {r['peak_rss_mib']:,.0f} |"
        )
    first, last = results[0], results[-1]
    ratio = (last["timings"]["gate total"] / last["articles"]) / (first["timings"]["gate total"] / first["articles"])
    lines += [
        "",
        f"Gate seconds per article at {last['articles']:,} articles over that at {first['articles']:,}: "
        f"{ratio:.2f} (1.00 = linear).",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(_with_generated_run(RESULTS, lines[2:]), encoding="utf-8")
    print(RESULTS.read_text())


GENERATED_HEADING = "## Generated tables (VOA copies)"


def _with_generated_run(results: Path, run_lines: list[str]) -> str:
    """The results file with this run's table first under the generated-tables heading.

    The file also holds hand-written sections (the `--release` measurements) and earlier runs: a run of the
    generated-tables mode used to overwrite the whole file and lose them."""
    title = "# Quality gate speed (bench/gate_speed.py)"
    text = results.read_text(encoding="utf-8") if results.exists() else title + "\n"
    before, heading, after = text.partition(GENERATED_HEADING)
    if not heading:
        before, after = text.rstrip("\n") + "\n\n", ""
    return before + GENERATED_HEADING + "\n\n" + "\n".join(run_lines) + "\n" + after


if __name__ == "__main__":
    main()
