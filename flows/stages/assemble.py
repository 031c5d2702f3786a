"""Stage 7: the release tables from the work folder, with each document's text policy applied."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from prefect import task

from flows.config import Config
from flows.stages import documents as documents_stage
from flows.work import WorkDir, read_files
from transforms.publish import text_policy
from transforms.schemas import TABLES

# Tables that come out of the link stage (tables/<name>.parquet) as they are.
_FROM_TABLES = ("paragraphs", "sentences", "entities", "entity_mentions", "quotes", "events", "event_mentions")


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


@task
def assemble_tables(
    work: WorkDir, previous_ingested: pl.DataFrame, *, created_at: datetime, version: str, config: Config
) -> dict[str, pl.DataFrame]:
    """Every release table, conformed to its schema, text policy applied."""
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
    tables = {
        "documents": documents,
        "boilerplate": read_files(work.unit_files(documents_stage.STAGE, "boilerplate"), TABLES["boilerplate"].schema),
        **{name: read_files([work.table(name)], TABLES[name].schema) for name in _FROM_TABLES},
        "rejects": documents_stage.rejects(work),
    }
    policy_by_doc = dict(documents.select("doc_id", "text_policy").rows())
    tables = text_policy.apply_text_policy(tables, policy_by_doc)
    return {name: TABLES[name].conform(df) for name, df in tables.items()}
