"""The Prefect flow `build_release`: orchestration of the stages in DESIGN.md section 6, no text logic."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows import locking, publish, readers, versioning
from flows.cache import DocCache, exact_text_hash
from flows.config import Config, load_config
from transforms import clean, dedupe, ingest, nlp
from transforms.extract import quotes
from transforms.link import entities, events
from transforms.publish import text_policy
from transforms.schemas import TABLES


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
    n_parsed: int = 0
    n_from_cache: int = 0
    n_warnings: int = 0


def run_timestamp() -> datetime:
    """Creation time of this run; SOURCE_DATE_EPOCH (reproducible-builds convention) pins it."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


# --- I/O tasks (the only ones that retry) -------------------------------------------------------


@task(retries=2, retry_delay_seconds=1)
def read_inputs(input_dir: Path, max_file_bytes: int, max_record_bytes: int) -> pl.DataFrame:
    return readers.read_input_files(input_dir, max_file_bytes=max_file_bytes, max_record_bytes=max_record_bytes)


@task(retries=2, retry_delay_seconds=1)
def publish_tables(tables, *, output_dir, fingerprint, version, created_at, outcome, sources, summary, lock_timeout):
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


@task
def quarantine_tables(tables, *, output_dir, created_at, outcome) -> Path:
    return publish.quarantine_release(
        tables, output_dir=output_dir, created_at=created_at, validation_writer=outcome.write
    )


# --- transform tasks -------------------------------------------------------------------------


@task
def parse_task(files: pl.DataFrame, max_text_chars: int):
    return ingest.parse_inputs(files, max_text_chars=max_text_chars)


@task
def clean_task(raw: pl.DataFrame):
    return clean.clean_documents(raw)


@task
def dedupe_task(docs: pl.DataFrame, threshold: float):
    marked = dedupe.mark_duplicates(docs, threshold=threshold)
    return marked, dedupe.build_paragraphs(marked)


@task
def nlp_task(docs: pl.DataFrame, *, cache_dir: Path | None, cache_key: str, n_process: int, batch_size: int):
    """Parse every document with spaCy in batches, reusing cached parses by content hash."""
    from spacy.tokens import Doc

    logger = get_run_logger()
    pipeline = nlp.load_pipeline()
    cache = DocCache(cache_dir, cache_key) if cache_dir is not None else None
    doc_ids = docs["doc_id"].to_list()
    texts = docs["text"].to_list()
    # Keyed on the exact text, not content_hash (casefolded, whitespace-collapsed): texts that differ
    # only in case or spacing parse to different offsets and must not share a cached parse.
    hashes = [exact_text_hash(text) for text in texts]
    parsed: dict[int, object] = {}
    todo: list[int] = []
    for i, content_hash in enumerate(hashes):
        blob = cache.get(content_hash) if cache is not None else None
        if blob is not None:
            parsed[i] = Doc(pipeline.vocab).from_bytes(blob)
        else:
            todo.append(i)
    n_from_cache = len(parsed)
    logger.info("NLP: %d documents to parse, %d from cache", len(todo), n_from_cache)
    done = 0
    for i, doc in zip(
        todo, nlp.parse_texts(pipeline, [texts[i] for i in todo], n_process=n_process, batch_size=batch_size)
    ):
        parsed[i] = doc
        if cache is not None:
            cache.put(hashes[i], doc.to_bytes())
        done += 1
        if done % 100 == 0 or done == len(todo):
            logger.info("NLP: parsed %d/%d documents", done, len(todo))
    return doc_ids, [parsed[i] for i in range(len(doc_ids))], len(todo), n_from_cache


@task
def sentences_task(doc_ids, docs):
    return nlp.build_sentences(doc_ids, docs)


@task
def entities_task(doc_ids, docs, documents):
    return entities.build_entities(doc_ids, docs, documents)


@task
def quotes_task(doc_ids, docs, entity_mentions):
    return quotes.build_quotes(doc_ids, docs, entity_mentions)


@task
def events_task(doc_ids, docs, documents, entity_table, entity_mentions):
    return events.build_events(doc_ids, docs, documents, entity_table, entity_mentions)


@task
def finish_documents(
    docs: pl.DataFrame, previous_ingested: pl.DataFrame, *, created_at: datetime, version: str, config: Config
) -> pl.DataFrame:
    """Add ingested_at (kept from the previous release for known documents), pipeline_version and text policy."""
    first_seen = created_at.replace(hour=0, minute=0, second=0, microsecond=0)
    out = docs.join(previous_ingested, on="doc_id", how="left").with_columns(
        pl.col("ingested_at").fill_null(pl.lit(first_seen, dtype=pl.Datetime("us", "UTC"))),
        pl.lit(version).alias("pipeline_version"),
        pl.struct("source_uri", "source_name")
        .map_elements(lambda r: config.text_policy_for(r["source_uri"], r["source_name"]), return_dtype=pl.String)
        .alias("text_policy"),
    )
    return TABLES["documents"].conform(out)


@task
def validate_task(tables, *, run_date, previous_release):
    from flows import validation

    return validation.validate_tables(tables, run_date=run_date, previous_release=previous_release)


# --- the flow ----------------------------------------------------------------------------------


@flow(name="build_release", log_prints=True)
def build_release(
    input_dir: str = "seeds",
    output_dir: str = "output",
    config_path: str | None = None,
    full_refresh: bool = False,
    n_process: int | None = None,
) -> RunSummary:
    """Build, validate and publish one release from the articles in input_dir."""
    logger = get_run_logger()
    config = load_config(
        Path(config_path) if config_path else None,
        overrides={"input": input_dir, "output": output_dir, "n_process": n_process},
    )
    in_dir, out_dir = Path(config.input), Path(config.output)
    created_at = run_timestamp()
    version = versioning.pipeline_version()

    files = read_inputs(in_dir, config.max_file_bytes, config.max_record_bytes)
    fingerprint = versioning.input_fingerprint(files, config.fingerprint_settings())
    unchanged = publish.find_unchanged_release(out_dir, input_fingerprint=fingerprint, pipeline_version=version)
    if unchanged:
        message = f"Inputs and pipeline unchanged since release {unchanged}: nothing new to publish."
        logger.info(message)
        return RunSummary(status="unchanged", message=message, version=unchanged)

    raw, rejects = parse_task(files, config.max_text_chars)
    cleaned, boilerplate = clean_task(raw)
    marked, paragraphs = dedupe_task(cleaned, config.dup_threshold)
    doc_ids, docs, n_parsed, n_cached = nlp_task(
        marked,
        cache_dir=None if full_refresh else out_dir / ".cache" / "nlp",
        cache_key=version,  # the whole pipeline version: strict, but a code change can never reuse a stale parse
        n_process=config.n_process,
        batch_size=config.batch_size,
    )
    sentences = sentences_task(doc_ids, docs)
    entity_table, entity_mentions = entities_task(doc_ids, docs, marked)
    quote_table = quotes_task(doc_ids, docs, entity_mentions)
    event_table, event_mentions = events_task(doc_ids, docs, marked, entity_table, entity_mentions)
    documents = finish_documents(
        marked, publish.load_previous_ingested_at(out_dir), created_at=created_at, version=version, config=config
    )

    tables = {
        "documents": documents,
        "boilerplate": boilerplate,
        "paragraphs": paragraphs,
        "sentences": sentences,
        "entities": entity_table,
        "entity_mentions": entity_mentions,
        "quotes": quote_table,
        "events": event_table,
        "event_mentions": event_mentions,
        "rejects": rejects,
    }
    policy_by_doc = dict(zip(documents["doc_id"].to_list(), documents["text_policy"].to_list()))
    tables = text_policy.apply_text_policy(tables, policy_by_doc)
    tables = {name: TABLES[name].conform(df) for name, df in tables.items()}

    previous = publish.latest_release_dir(out_dir)
    outcome = validate_task(tables, run_date=created_at.date(), previous_release=previous)
    create_table_artifact(
        key="validation-summary", table=outcome.summary_rows(), description="Great Expectations results for this run"
    )
    rows = {name: df.height for name, df in tables.items()}
    common = dict(
        rows=rows,
        n_rejects=rejects.height,
        n_documents=documents.height,
        n_parsed=n_parsed,
        n_from_cache=n_cached,
        n_warnings=len(outcome.warnings),
    )
    if not outcome.success:
        where = quarantine_tables(tables, output_dir=out_dir, created_at=created_at, outcome=outcome)
        message = (
            f"Validation failed; nothing published. Staged tables and report in {where}\n{outcome.format_failures()}"
        )
        logger.error(message)
        raise ValidationGateError(message)

    result = publish_tables(
        tables,
        output_dir=out_dir,
        fingerprint=fingerprint,
        version=version,
        created_at=created_at,
        outcome=outcome,
        sources=config.sources_metadata(),
        summary=text_policy.text_policy_summary(documents),
        lock_timeout=config.lock_timeout_seconds,
    )
    create_markdown_artifact(
        key="release-summary",
        markdown="\n".join(
            [f"# {result.message}", "", "| table | rows |", "|---|---|", *[f"| {k} | {v} |" for k, v in rows.items()]]
        ),
    )
    return RunSummary(
        status="published" if result.published else ("locked_out" if result.locked_out else "unchanged"),
        message=result.message,
        version=result.version,
        release_path=str(result.path) if result.path else None,
        **common,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(build_release())
