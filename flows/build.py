"""The Prefect flow `build_release`: the stages of DESIGN.md section 6 in order, no text logic.

ingest (stream inputs into shards) -> per unit of a shard: parse records, clean -> corpus-wide: near
duplicates, paragraph repeats (compact tables) -> per unit: spaCy parse + extraction (two caches) ->
corpus-wide: link entities, quotes and events (compact rows) -> assemble the tables, text policy ->
validate -> publish.  Per-unit tasks run in parallel on the configured task runner (local processes, or
a Dask cluster); they exchange file paths in the run's work folder, never the corpus in memory.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows import apart, locking, progress, publish, versioning
from flows.config import Config, load_config
from flows.runner import runner_workers
from flows.stages.assemble import assemble_tables
from flows.stages.corpus import find_duplicates, find_paragraph_repeats, repeat_index
from flows.stages.documents import (
    CleanCacheSettings,
    CleanCounts,
    DedupeSettings,
    clean_unit,
    find_site_templates,
    prepare_unit,
)
from flows.stages.ingest import ingest_inputs
from flows.stages.link import link_corpus
from flows.stages.nlp import CacheSettings, ExtractCounts, extract_unit
from flows.work import (
    Unit,
    WorkDir,
    freeze_long_lived_objects,
    lazy_table,
    long_lived_objects_frozen,
    release_memory,
    remove_dead_runs,
    table_height,
    unit_rows,
    units_of,
)
from transforms.publish import text_policy


class ValidationGateError(RuntimeError):
    """A critical expectation failed: nothing was published."""


@dataclass
class RunSummary:
    status: str  # published | unchanged | blocked | locked_out (another run held the publish lock too long)
    message: str
    version: str | None = None
    release_path: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    n_rejects: int = 0
    n_documents: int = 0
    n_cleaned: int = 0  # documents cleaned in this run (the others' clean rows came from the clean cache)
    n_clean_cached: int = 0
    n_parsed: int = 0
    n_from_cache: int = 0
    n_extracted: int = 0
    n_not_english: int = 0
    # event candidates that made no event: no actor or recipient, outside material conflict (transforms.link.parties)
    n_events_without_party: int = 0
    # event candidates whose every party is private (a firm, a customer, a product, the reader: transforms.link.parties)
    n_events_private_parties: int = 0
    # event candidates of a story that is not about a political world, naming no political party (same module)
    n_events_apolitical_story: int = 0
    n_warnings: int = 0
    quarantined: dict[str, int] = field(default_factory=dict)  # rows taken out by the gate, per rule
    # Wall seconds per stage; "startup" runs from the process start to the flow's first line.
    timings: dict[str, float] = field(default_factory=dict)
    # The peak resident memory (MB) of the flow process and its corpus-wide stages' processes (flows.apart) at
    # the end of each stage: which stage raised it.
    peak_mb: dict[str, int] = field(default_factory=dict)
    # CPU seconds per stage of the flow process, its workers and the Prefect server (``_tree_cpu_seconds``).
    cpu_seconds: dict[str, float] = field(default_factory=dict)


_PEAKS: dict[str, int] = {}


def _peak_mb() -> int:
    """The peak resident memory so far of this process and of the corpus-wide stages' processes (flows.apart),
    in MB (Linux reports ru_maxrss in KiB)."""
    import resource

    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, apart.ended_peak_mb())


_CPU: dict[str, float] = {}


def _tree_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process, its live descendants (the worker processes, the
    temporary Prefect server) and its reaped children: a stage's difference is its CPU work, which, unlike its
    wall seconds, other programs on a busy machine do not inflate."""
    import resource

    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with suppress(psutil.Error):  # gone meanwhile: counted below once reaped
            total += sum(child.cpu_times()[:2])
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    return total + reaped.ru_utime + reaped.ru_stime + apart.ended_cpu_seconds()


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    start, cpu = time.monotonic(), _tree_cpu_seconds()
    try:
        yield
    finally:
        timings[stage] = round(timings.get(stage, 0.0) + time.monotonic() - start, 3)
        _CPU[stage] = round(_CPU.get(stage, 0.0) + _tree_cpu_seconds() - cpu, 3)
        _PEAKS[stage] = _peak_mb()
        release_memory()


def _startup_seconds() -> float:
    """Seconds from this process's start to now (imports, the Prefect server, the flow run's creation)."""
    import psutil

    return round(time.time() - psutil.Process().create_time(), 3)


def run_timestamp() -> datetime:
    """Creation time of this run; SOURCE_DATE_EPOCH (reproducible-builds convention) pins it."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


# --- I/O tasks (the only ones that retry) -------------------------------------------------------


# Tasks handed the release tables take no cache key: Prefect's default key hashes the inputs (a pickle of
# every table, when they are frames), which doubled the flow process's memory in the gate and publishing.
@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def publish_tables(tables, *, output_dir, fingerprint, version, created_at, outcome, sources, summary, lock_timeout):
    """Publish under the output folder's lock (one publisher at a time; the fingerprint re-checked under it)."""
    try:
        return locking.publish_locked(
            tables,
            lock_timeout_seconds=lock_timeout,
            output_dir=output_dir,
            input_fingerprint=fingerprint,
            pipeline_version=version,
            created_at=created_at,
            validation_writer=outcome.write,
            sources=sources,
            text_policy_summary=summary,
        )
    except locking.PublishLockTimeout as error:
        # A result, not a task failure: no retry (the wait already took lock_timeout) and no traceback.
        return publish.PublishResult(version=None, path=None, published=False, message=str(error), locked_out=True)


@task(cache_policy=NO_CACHE)
def quarantine_tables(tables, *, output_dir, created_at, outcome) -> Path:
    return publish.quarantine_release(
        tables, output_dir=output_dir, created_at=created_at, validation_writer=outcome.write if outcome else None
    )


@task(cache_policy=NO_CACHE)
def gate_task(tables, *, run_time, previous_release, subject):
    """Validate, quarantine rows failing row rules (with their dependants), validate what is left."""
    from flows import validation

    return validation.run_gate(tables, run_date=run_time, previous_release=previous_release, subject=subject)


# --- the stages ----------------------------------------------------------------------------------


def _apart(stage_task, *args, **kwargs):
    """A corpus-wide stage task run in a process of its own (flows.apart), recorded as a task run of its name."""
    return task(apart.in_own_process, name=stage_task.name, cache_policy=NO_CACHE)(stage_task, *args, **kwargs)


def _map(runner, task_fn, units: list[Unit], *, stage: str, **parameters):
    """Run one task per unit on the runner and wait for all (results in unit order), with a progress bar of
    the stage's input records."""
    futures = [runner.submit(task_fn, parameters={**parameters, "unit": unit}) for unit in units]
    results = []
    with progress.stage(stage, total=sum(u.stop - u.start for u in units), unit="records") as bar:
        for unit, future in zip(units, futures, strict=True):
            results.append(future.result())
            bar.advance(unit.stop - unit.start)
    return results


def _documents_stage(
    runner, work: WorkDir, ingest, config: Config, dedupe: DedupeSettings, cache: CleanCacheSettings
) -> tuple[list[Unit], CleanCounts]:
    """Parse and clean every unit of every shard (cleaning behind the per-document clean cache).

    The same units (slices of shards) serve every per-document stage: small enough that each worker gets
    several (load balance), never larger than a shard.
    """
    rows = unit_rows(ingest.n_records, runner_workers(config), shard_size=config.shard_size)
    units = list(units_of(ingest.shard_rows, max_rows=rows))
    _map(runner, prepare_unit, units, stage="read", work=work, max_text_chars=config.max_text_chars, cache=cache)
    find_site_templates(work)
    counts = CleanCounts()
    for unit_counts in _map(runner, clean_unit, units, stage="clean", work=work, dedupe=dedupe, cache=cache):
        counts.add(unit_counts)
    return units, counts


def _warm_up_gate() -> None:
    """Build the Great Expectations context in the background: it is ready when the gate needs it, and the
    flow's thread is free meanwhile (the per-document stages run in worker processes)."""
    import threading

    threading.Thread(target=_build_gate_context, name="gx-warm-up", daemon=True).start()


def _build_gate_context() -> None:
    from flows import validation

    validation.warm_up()
    # GX's modules and context (half the flow process's objects) join those frozen at the flow's start.
    freeze_long_lived_objects()


# --- the flow ----------------------------------------------------------------------------------


@flow(name="build_release", log_prints=True)
def build_release(
    input_dir: str = "seeds",
    output_dir: str = "output",
    config_path: str | None = None,
    full_refresh: bool = False,
    n_process: int | None = None,
    dask_address: str | None = None,
    dask_workers: int | None = None,
) -> RunSummary:
    """Build, validate and publish one release from the articles in input_dir."""
    logger = get_run_logger()
    config = load_config(
        Path(config_path) if config_path else None,
        overrides={
            "input": input_dir,
            "output": output_dir,
            "n_process": n_process,
            "runner.dask_address": dask_address,
            "runner.dask_workers": dask_workers,
        },
    )
    in_dir, out_dir = Path(config.input), Path(config.output)
    _warm_up_gate()
    apart.start_stage_server()
    created_at = run_timestamp()
    version = versioning.pipeline_version()
    remove_dead_runs(out_dir)
    work = WorkDir.create(out_dir, created_at)
    try:
        with long_lived_objects_frozen():
            return _build(config, in_dir, out_dir, work, created_at, version, full_refresh, logger)
    finally:
        work.remove()


def _build(config, in_dir, out_dir, work, created_at, version, full_refresh, logger) -> RunSummary:
    timings = {"startup": _startup_seconds()}
    _PEAKS.clear()
    _CPU.clear()
    _PEAKS["startup"] = _peak_mb()
    with _timed(timings, "ingest"):
        ingest = ingest_inputs(
            in_dir,
            work,
            max_file_bytes=config.max_file_bytes,
            max_record_bytes=config.max_record_bytes,
            shard_size=config.shard_size,
            settings=config.fingerprint_settings(),
        )
    unchanged = publish.find_unchanged_release(out_dir, input_fingerprint=ingest.fingerprint, pipeline_version=version)
    if unchanged:
        message = f"Inputs and pipeline unchanged since release {unchanged}: nothing new to publish."
        logger.info(message)
        return RunSummary(status="unchanged", message=message, version=unchanged, timings=timings)

    cleaned, counts = _per_document_stages(config, out_dir, work, ingest, full_refresh, timings)
    _log_counts(logger, cleaned, counts)
    with _timed(timings, "link"):
        linked = _apart(link_corpus, work, workers=config.n_process, memory_mb=config.events_memory_mb)
    logger.info("Events: %d candidates without an actor or recipient not coded", linked["without_party"])
    logger.info("Events: %d candidates whose parties are all private not coded", linked["private_parties"])
    logger.info("Events: %d candidates of apolitical stories not coded", linked["apolitical_story"])
    with _timed(timings, "assemble"):
        tables = _apart(
            assemble_tables,
            work,
            publish.load_previous_ingested_at(out_dir),
            created_at=created_at,
            version=version,
            config=config,
        )
    with _timed(timings, "validate"):
        gate = _passed_gate(tables, in_dir, out_dir, created_at, version)
    tables = gate.tables
    if gate.quarantine.height:
        logger.warning("Quality gate quarantined %d rows: %s", gate.quarantine.height, gate.quarantined_by_rule())
    rows = {name: table_height(tables, name) for name in tables}
    with _timed(timings, "publish"):
        result = publish_tables(
            tables,
            output_dir=out_dir,
            fingerprint=ingest.fingerprint,
            version=version,
            created_at=created_at,
            outcome=gate.outcome,
            sources=config.sources_metadata(),
            summary=text_policy.text_policy_summary(lazy_table(tables, "documents").select("text_policy").collect()),
            lock_timeout=config.lock_timeout_seconds,
        )
    _release_artifact(result.message, rows, gate.quarantined_by_rule())
    return RunSummary(
        status="published" if result.published else ("locked_out" if result.locked_out else "unchanged"),
        message=result.message,
        version=result.version,
        release_path=str(result.path) if result.path else None,
        rows=rows,
        n_rejects=rows["rejects"],
        n_documents=rows["documents"],
        n_cleaned=cleaned.n_cleaned,
        n_clean_cached=cleaned.n_from_cache,
        n_parsed=counts.n_parsed,
        n_from_cache=counts.n_parse_cached + counts.n_extract_cached,
        n_extracted=counts.n_extracted,
        n_not_english=sum(n for lang, n in counts.skipped_language.items() if lang != "none"),
        n_events_without_party=linked["without_party"],
        n_events_private_parties=linked["private_parties"],
        n_events_apolitical_story=linked["apolitical_story"],
        n_warnings=len(gate.outcome.warnings),
        quarantined=gate.quarantined_by_rule(),
        timings=timings,
        peak_mb=_PEAKS,
        cpu_seconds=_CPU,
    )


def _per_document_stages(config, out_dir, work, ingest, full_refresh, timings) -> tuple[CleanCounts, ExtractCounts]:
    """Clean, the corpus-wide duplicate stages that clean rows feed, then parse and extract, on the runner."""
    caches = CacheSettings(
        output_dir=out_dir,
        parse_settings=versioning.parse_settings(),
        extraction_version=versioning.extraction_version(),
        entity_version=versioning.entity_version(),
        full_refresh=full_refresh,
        batch_size=config.batch_size,
    )
    dedupe = DedupeSettings(threshold=config.dup_threshold)
    clean_cache = CleanCacheSettings(
        output_dir=out_dir, clean_version=versioning.clean_version(), full_refresh=full_refresh
    )
    counts = ExtractCounts()
    # The configured runner (local processes, threads or Dask) is chosen here, at run time, so scheduled
    # runs of the deployment use it too.
    with config.task_runner() as runner:
        with _timed(timings, "documents"):
            units, cleaned = _documents_stage(runner, work, ingest, config, dedupe, clean_cache)
        with _timed(timings, "duplicates"):
            _apart(find_duplicates, work, dedupe)
            _apart(find_paragraph_repeats, work, index=repeat_index(clean_cache, dedupe))
        with _timed(timings, "nlp"):
            for unit_counts in _map(runner, extract_unit, units, stage="parse and extract", work=work, caches=caches):
                counts.add(unit_counts)
    return cleaned, counts


def _log_counts(logger, cleaned: CleanCounts, counts: ExtractCounts) -> None:
    logger.info("Clean: %d documents cleaned, %d from the clean cache", cleaned.n_cleaned, cleaned.n_from_cache)
    logger.info(
        "NLP: %d documents, %d parsed, %d parses from cache, %d extractions from cache, %d extractions on cached"
        " entity rows (only quotes and events re-run); not English: %s",
        counts.n_documents,
        counts.n_parsed,
        counts.n_parse_cached,
        counts.n_extract_cached,
        counts.n_entities_cached,
        counts.skipped_language or "none",
    )


def _passed_gate(tables, in_dir, out_dir, created_at, version):
    """The gate's result when the release may be published; else the staged tables go to quarantine and the run
    stops with ValidationGateError (nothing survived ingest, or a critical expectation failed)."""
    if tables.height("documents") == 0:  # nothing in, nothing out: keep the rejects for inspection, publish nothing
        from flows.validation import nothing_survived_message

        rejects = tables["rejects"]
        where = quarantine_tables(tables, output_dir=out_dir, created_at=created_at, outcome=None)
        raise ValidationGateError(nothing_survived_message(rejects, where / "data" / "rejects.parquet"))
    gate = gate_task(
        tables,
        run_time=created_at,
        previous_release=publish.latest_release_dir(out_dir),
        subject=f"run of {in_dir} at {created_at:%Y-%m-%dT%H:%M:%SZ}, pipeline {version}",
    )
    outcome = gate.outcome
    create_table_artifact(
        key="validation-summary", table=outcome.summary_rows(), description="Great Expectations results for this run"
    )
    if not outcome.success:
        where = quarantine_tables(gate.tables, output_dir=out_dir, created_at=created_at, outcome=outcome)
        message = (
            f"Validation failed; nothing published. Staged tables and report in {where}\n{outcome.format_failures()}"
        )
        # Not logged here as well: Prefect records the exception in the run's logs and the CLI prints it once.
        raise ValidationGateError(message)
    return gate


def _release_artifact(message: str, rows: dict[str, int], quarantined: dict[str, int]) -> None:
    """The run's summary in the Prefect UI: rows per table and, when the gate took any out, rows per rule."""
    lines = [f"# {message}", "", "| table | rows |", "|---|---|", *[f"| {k} | {v} |" for k, v in rows.items()]]
    if quarantined:
        lines += [
            "",
            "| quarantined by rule | rows |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in quarantined.items()],
        ]
    create_markdown_artifact(key="release-summary", markdown="\n".join(lines))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(build_release())
