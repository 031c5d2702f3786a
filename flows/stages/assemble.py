"""Stage 7: the release tables from the work folder, with each document's text policy applied."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
from prefect import task

from flows.config import Config
from flows.stages import documents as documents_stage
from flows.work import FrameWriter, TableFiles, WorkDir, read_files, write_frame
from transforms.publish import text_policy
from transforms.schemas import TABLES

# The assembled release tables: <work>/release/<table>.parquet.
RELEASE_DIR = "release"
# Tables that come out of the link stage (tables/<name>.parquet) as they are.
_FROM_TABLES = (
    "paragraphs",
    "sentences",
    "entities",
    "entity_mentions",
    "quotes",
    "events",
    "event_mentions",
    "event_rejects",
)


def finish_documents(
    clean: pl.DataFrame,
    duplicates: pl.DataFrame,
    previous_ingested: pl.DataFrame,
    *,
    created_at: datetime,
    version: str,
    config: Config,
) -> pl.DataFrame:
    """Clean documents with duplicate marks, ingested_at (kept from the previous release for known
    documents), pipeline_version and each document's text policy (TABLES['documents'])."""
    first_seen = created_at.replace(hour=0, minute=0, second=0, microsecond=0)
    policies = {
        (uri, name): config.text_policy_for(uri, name) for uri, name in clean.select("source_uri", "source_name").rows()
    }
    policy = pl.DataFrame(
        [(uri, name, p) for (uri, name), p in policies.items()],
        schema={"source_uri": pl.String(), "source_name": pl.String(), "text_policy": pl.String()},
        orient="row",
    )
    out = (
        clean.join(duplicates, on="doc_id", how="left")
        .join(previous_ingested, on="doc_id", how="left")
        .join(policy, on=["source_uri", "source_name"], how="left", nulls_equal=True)
        .with_columns(
            pl.col("ingested_at").fill_null(pl.lit(first_seen, dtype=pl.Datetime("us", "UTC"))),
            pl.lit(version).alias("pipeline_version"),
        )
    )
    return TABLES["documents"].conform(out)


# The columns apply_text_policy reads of the tables it does not rewrite.
_POLICY_COLUMNS = {
    "sentences": ("doc_id", "char_start", "char_end"),
    "quotes": ("doc_id", "char_start", "char_end"),
    "event_mentions": ("event_id", "doc_id", "sentence_idx", "char_start", "char_end"),
}


def _with_text_policy(work: WorkDir, documents: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """documents and events with each document's text policy applied (text_policy.apply_text_policy).

    When every document's policy is "full" the policy changes nothing (texts and evidence are published as
    they are; apply_text_policy returns the same rows, conformed), so the corpus's texts and span columns
    are not copied into Python lists and dicts for it: at 20,000 articles that was some 360 MB of the
    flow process's peak, here and at no other stage.
    """
    unknown = documents.filter(pl.col("text_policy").is_null() | (pl.col("text_policy") != "full"))
    if unknown.is_empty():  # conformed when written (_write_conformed)
        return {"documents": documents, "events": read_files([work.table("events")], TABLES["events"].schema)}
    del unknown
    policy_by_doc = dict(documents.select("doc_id", "text_policy").rows())
    # The text policy rewrites documents.text and events.evidence from spans of the evidence tables.
    policy_inputs = {
        "documents": documents,
        "events": read_files([work.table("events")], TABLES["events"].schema),
        **{
            name: read_files([work.table(name)], {c: TABLES[name].schema[c] for c in columns})
            for name, columns in _POLICY_COLUMNS.items()
        },
    }
    rewritten = text_policy.apply_text_policy(policy_inputs, policy_by_doc)
    return {name: rewritten[name] for name in ("documents", "events")}  # the span columns are done with


@task
def assemble_tables(
    work: WorkDir, previous_ingested: pl.DataFrame, *, created_at: datetime, version: str, config: Config
) -> TableFiles:
    """Every release table, conformed to its schema, text policy applied, as files in the work folder
    (``release/<table>.parquet``): one table in memory at a time, besides what the text policy reads."""
    folder = work.root / RELEASE_DIR
    documents = finish_documents(
        read_files(work.unit_files(documents_stage.STAGE, "clean"), documents_stage.CLEAN_DOCUMENTS_SCHEMA),
        read_files(
            [work.table("duplicates")], {"doc_id": pl.String(), "dup_cluster_id": pl.String(), "dup_of": pl.String()}
        ),
        previous_ingested,
        created_at=created_at,
        version=version,
        config=config,
    )
    rewritten = _with_text_policy(work, documents)
    del documents
    names = ["documents", "boilerplate", *_FROM_TABLES, "rejects"]
    for name in names:
        if name in ("documents", "events"):
            df = rewritten.pop(name)
        elif name == "boilerplate":
            df = read_files(work.unit_files(documents_stage.STAGE, "boilerplate"), TABLES["boilerplate"].schema)
        elif name == "rejects":
            df = documents_stage.rejects(work)
        else:
            df = read_files([work.table(name)], TABLES[name].schema)
        _write_conformed(df, name, folder / f"{name}.parquet")
        del df
    return TableFiles(folder, names)


# Rows gathered and written at a time when a table must be put in key order.
WRITE_ROWS = 50_000


def _write_conformed(df: pl.DataFrame, name: str, path: Path) -> None:
    """TABLES[name].conform(df) written to path, without a sorted copy of the whole table: the rows are
    gathered in key order (the same stable order conform's sort gives) ``WRITE_ROWS`` at a time, and a
    table already in key order is written as it is.  At 20,000 articles the sorted copies of the documents
    (with their texts) and of the 920,000 entity mentions were most of assembly's rise in memory."""
    table = TABLES[name]
    missing = [c for c in table.column_names if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: missing columns {missing}")
    df = df.select([pl.col(c.name).cast(c.dtype) for c in table.columns])
    order = df.select(pl.arg_sort_by(list(table.order), nulls_last=True, maintain_order=True).alias("i"))["i"]
    if order.equals(pl.int_range(df.height, dtype=order.dtype, eager=True)):
        write_frame(df, path)
        return
    with FrameWriter(path, table.schema) as writer:
        for start in range(0, df.height, WRITE_ROWS):
            writer.write(df.select(pl.all().gather(order.slice(start, WRITE_ROWS))))
