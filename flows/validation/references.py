"""The dependency graph of the published tables, written down once.

Used twice: the foreign-key checks (a boolean view column per reference, checked by the suites) and
the quarantine (which rows go with a removed row).  Single-column foreign keys come from
``schemas.TABLES[...].foreign_keys``; ``EXTRA_REFERENCES`` adds the references the schemas do not
declare as foreign keys (self-references, list columns, references the data package leaves out).

What happens to a row whose referenced row is removed follows from its column:

- a non-nullable reference: the row is removed too (a sentence without its document);
- a nullable reference: the reference is cleared, the row stays (``unlinked``: a quote keeps its
  text when its speaker entity goes);
- a list of ids: the removed id is dropped from the list (an event's actors).

Two tables aggregate others (``AGGREGATES``): an event is built from all its mentions (date,
place, actors, fatalities, confidence and evidence are computed over them), so it goes when any of
its mentions goes; an entity is a name shared by many mentions, so it goes only when none is left,
and its counts are recomputed otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.schemas import TABLES

REMOVE, UNLINK = "remove", "unlink"
ANY_REMOVED, ALL_REMOVED = "any_removed", "all_removed"


@dataclass(frozen=True)
class Reference:
    """``table.column`` holds values of ``target.target_column`` (a list of them when ``many``)."""

    table: str
    column: str
    target: str
    target_column: str
    many: bool = False

    @property
    def nullable(self) -> bool:
        return next(c.nullable for c in TABLES[self.table].columns if c.name == self.column)

    @property
    def on_target_removed(self) -> str:
        return UNLINK if self.many or self.nullable else REMOVE

    @property
    def view_column(self) -> str:
        """Boolean view column: the value (every id of the list) exists in the target; null when empty."""
        return f"{self.column}_in_{self.target}"

    @property
    def check(self) -> str:
        return f"{self.table}.{self.column}.references_{self.target}"


@dataclass(frozen=True)
class Aggregate:
    """Rows of ``table`` are built from their rows in ``parts`` (joined on ``key``)."""

    table: str
    parts: str
    key: str
    removed_when: str  # ANY_REMOVED | ALL_REMOVED parts


def _declared_references() -> list[Reference]:
    out = []
    for table in TABLES.values():
        for columns, target, target_columns in table.foreign_keys:
            if len(columns) != 1:
                raise NotImplementedError(f"{table.name}: compound foreign key {columns}")
            out.append(Reference(table.name, columns[0], target, target_columns[0]))
    return out


EXTRA_REFERENCES: tuple[Reference, ...] = (
    Reference("documents", "dup_of", "documents", "doc_id"),
    Reference("paragraphs", "first_doc_id", "documents", "doc_id"),
    Reference("events", "location_entity_id", "entities", "entity_id"),
    Reference("events", "actor_entity_ids", "entities", "entity_id", many=True),
    Reference("events", "recipient_entity_ids", "entities", "entity_id", many=True),
)
REFERENCES: tuple[Reference, ...] = (*_declared_references(), *EXTRA_REFERENCES)

AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate("events", "event_mentions", "event_id", ANY_REMOVED),
    Aggregate("entities", "entity_mentions", "entity_id", ALL_REMOVED),
)

# Tables the gate never removes rows from: what could not be read, and its own record.
NEVER_QUARANTINED = ("rejects", "quarantine")


def references_from(table: str) -> list[Reference]:
    return [r for r in REFERENCES if r.table == table]


def references_to(target: str) -> list[Reference]:
    return [r for r in REFERENCES if r.target == target]
