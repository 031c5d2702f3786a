"""The event_rejects table: every event candidate that makes no event, with a documented reason
(transforms.extract.events.rejects, the set-aside candidates of triggers.py, the left-out ones of parties.py)."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extract.document import extract_document
from transforms.extract.events import codable, triggers
from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA
from transforms.extract.events.rejects import (
    EVENT_REJECTS_SCHEMA,
    left_out_rows,
    reason_counts,
    reject_id,
    reject_row,
    set_aside_rows,
    trigger_span,
)
from transforms.extract.events.triggers import SetAside, detect_triggers
from transforms.link.parties import LEFT_OUT_REASONS, left_out, left_out_reason_expr
from transforms.schemas import EVENT_REJECT_REASONS, PLOVER_CATEGORIES, TABLES

ROOT = Path(__file__).resolve().parent.parent


# --- the documented reasons ------------------------------------------------------------------------------------


def _returned_strings(function) -> set[str]:
    """The string constants a function can return (a constant, either branch of a conditional expression)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            found |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return found


def _called_names(function) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def _codability_reasons() -> set[str]:
    """Every reason _not_codable can give: its own return strings and those of the codable.py rules it runs and of
    the codable.py functions they call, followed to the end (reasons travel up as return values)."""
    reasons = _returned_strings(triggers._not_codable)
    todo = [name for name in _called_names(triggers._not_codable) if hasattr(codable, name)]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        function = getattr(codable, name)
        if not inspect.isfunction(function) or function.__module__ != codable.__name__:
            continue
        reasons |= {s for s in _returned_strings(function) if s.isidentifier() and s.islower()}
        todo += [n for n in _called_names(function) if hasattr(codable, n)]
    return reasons


# Strings the codable.py helpers return that are no reason: word-class and dependency labels, the scopes of the
# discard lists and the period kinds (_period), compared by their callers and never returned by a rule.
_NOT_REASONS = {
    "span", "unit", "sentence", "story", "aux", "advmod", "agent", "det", "nummod", "poss", "quantmod", "ccomp", "parataxis",
    "cc", "conj", "punct", "acomp", "attr", "be", "nsubj", "nsubjpass", "dobj", "oprd", "xcomp", "pobj", "prep",
    "with", "as", "pcomp", "relcl", "acl", "expl", "mark", "advcl", "auxpass", "going", "been", "do", "s", "last",
    "past", "the", "fewer", "less", "more", "than", "copular_verbs", "demand_heads", "construal_verbs",
    "commercial_nouns",
}  # fmt: skip


def test_every_reason_a_codability_rule_returns_is_documented():
    reasons = {r for r in _codability_reasons() if r not in _NOT_REASONS and r == r.lower()}
    # the scan reads the rules: a reason every reader knows is among what it found
    assert {"question", "generic", "habitual", "characterizing", "forecast", "backgrounded_participle"} <= reasons
    assert reasons - set(EVENT_REJECT_REASONS) == set()


def test_every_reason_of_the_trigger_pass_and_the_party_rules_is_documented():
    source = inspect.getsource(triggers)
    for reason in ("unasserted_mood", "irrealis_frame", "participle_as_noun", "negated_event_noun", "weak_trigger"):
        assert f'"{reason}"' in source, reason
        assert reason in EVENT_REJECT_REASONS
    assert set(LEFT_OUT_REASONS) <= set(EVENT_REJECT_REASONS)


def test_each_reason_is_snake_case_with_a_meaning():
    for reason, meaning in EVENT_REJECT_REASONS.items():
        assert reason.isidentifier() and reason == reason.lower(), reason
        assert len(meaning.split()) >= 3, reason


def test_the_suite_and_the_card_list_the_documented_reasons():
    import json

    from transforms.publish.docs import data_dictionary_markdown

    suite = json.loads((ROOT / "expectations" / "event_rejects.json").read_text())
    [in_set] = [e for e in suite["expectations"] if e["meta"]["check"] == "event_rejects.reason.in_set"]
    assert in_set["kwargs"]["value_set"] == list(EVENT_REJECT_REASONS)
    card = data_dictionary_markdown(TABLES, ["documents", "sentences", "event_rejects"])
    for reason, meaning in EVENT_REJECT_REASONS.items():
        assert f"- `{reason}`: {meaning}" in card


# --- the row builder -----------------------------------------------------------------------------------------


def test_reject_row_has_the_table_columns_and_a_content_id():
    row = reject_row("d1", 2, (10, 16), "attack", "ASSAULT", "190", "CAMEO.2.0.txt:8881", "extract", "question")
    assert list(row) == list(EVENT_REJECTS_SCHEMA)
    assert row["reject_id"] == reject_id("d1", 2, 10, 16, "ASSAULT", "extract", "question")
    other = reject_row("d1", 2, (10, 16), "attack", "ASSAULT", "190", "CAMEO.2.0.txt:8881", "extract", "habitual")
    assert other["reject_id"] != row["reject_id"]
    assert pl.DataFrame([row], schema=EVENT_REJECTS_SCHEMA, orient="row").height == 1


def test_reject_row_refuses_an_undocumented_reason():
    with pytest.raises(ValueError, match="not_a_reason"):
        reject_row("d1", 0, (0, 3), "hit", "ASSAULT", None, None, "extract", "not_a_reason")


def test_an_empty_code_and_source_are_null():
    row = reject_row("d1", 0, (0, 3), "hit", "CRIME", "", "", "link", "no_party")
    assert row["cameo_code"] is None and row["code_source"] is None


def _candidates(rows: list[dict]) -> pl.DataFrame:
    base = dict.fromkeys(EVENT_CANDIDATES_SCHEMA)
    return pl.DataFrame([base | r for r in rows], schema=EVENT_CANDIDATES_SCHEMA, orient="row")


def test_left_out_rows_keep_the_trigger_offsets_and_reasons_in_candidate_order():
    candidates = _candidates(
        [
            {"doc_id": "b", "sentence_idx": 1, "trigger_start": 30, "trigger_end": 36, "trigger": "met",
             "category": "CONSULT", "cameo_code": "040", "code_source": "CAMEO.2.0.txt:1"},
            {"doc_id": "a", "sentence_idx": 0, "trigger_start": 4, "trigger_end": 9, "trigger": "aid",
             "category": "AID", "cameo_code": "070", "code_source": None},
            {"doc_id": "a", "sentence_idx": 2, "trigger_start": 50, "trigger_end": 58, "trigger": "attacked",
             "category": "ASSAULT", "cameo_code": "190", "code_source": "CAMEO.2.0.txt:2"},
        ]
    )  # fmt: skip
    reasons = pl.Series(["no_party", None, "apolitical_story"], dtype=pl.String())
    out = left_out_rows(candidates, reasons)
    assert out.schema == pl.Schema(EVENT_REJECTS_SCHEMA)
    assert out.select("doc_id", "char_start", "char_end", "event_type", "stage", "reason").rows() == [
        ("b", 30, 36, "CONSULT", "link", "no_party"),
        ("a", 50, 58, "ASSAULT", "link", "apolitical_story"),
    ]
    assert out["reject_id"].to_list() == [
        reject_id("b", 1, 30, 36, "CONSULT", "link", "no_party"),
        reject_id("a", 2, 50, 58, "ASSAULT", "link", "apolitical_story"),
    ]
    assert reason_counts(out)["no_party"] == 1 and reason_counts(out)["private_parties"] == 0


def test_left_out_rows_refuse_an_undocumented_reason():
    candidates = _candidates([{"doc_id": "a", "sentence_idx": 0, "trigger_start": 0, "trigger_end": 3}])
    with pytest.raises(ValueError, match="odd"):
        left_out_rows(candidates, pl.Series(["odd"], dtype=pl.String()))


def test_left_out_gives_a_row_to_every_candidate_that_makes_no_event():
    candidates = _candidates(
        [
            # nobody acts, nobody is acted on: no party
            {"doc_id": "a", "sentence_idx": 0, "trigger_start": 0, "trigger_end": 4, "trigger": "meet",
             "category": "CONSULT", "sentence": "Talks were held."},
            # a named actor: an event
            {"doc_id": "a", "sentence_idx": 1, "trigger_start": 20, "trigger_end": 24, "trigger": "met",
             "category": "CONSULT", "sentence": "Iran met Iraq.", "actor_text": "Iran", "actor_codes": ["IRN"],
             "recipient_text": "Iraq", "recipient_codes": ["IRQ"]},
        ]
    )  # fmt: skip
    kept, rows = left_out(candidates)
    assert kept.height + rows.height == candidates.height
    assert rows.select("sentence_idx", "reason").rows() == [(0, "no_party")]
    expected = candidates.select(left_out_reason_expr().alias("r"))["r"].drop_nulls().to_list()
    assert rows["reason"].to_list() == expected


# --- extraction ------------------------------------------------------------------------------------------------


def _rejects(nlp, text: str) -> list[dict]:
    return extract_document("d1", nlp(text), published=None, text=text)["event_rejects"]


def test_a_habitual_act_and_a_question_are_rows_with_their_reasons(nlp):
    text = "Police often arrest protesters in the capital. Will the army attack the town?"
    rows = _rejects(nlp, text)
    by_trigger = {text[r["char_start"] : r["char_end"]]: r for r in rows}
    assert by_trigger["arrest"]["reason"] == "habitual"
    assert by_trigger["arrest"]["event_type"] == "COERCE" and by_trigger["arrest"]["sentence_idx"] == 0
    assert by_trigger["attack"]["reason"] == "question" and by_trigger["attack"]["sentence_idx"] == 1
    assert all(r["stage"] == "extract" and r["code_source"] for r in rows)


def test_a_verb_the_dictionaries_do_not_code_makes_no_row(nlp):
    assert _rejects(nlp, "The cat slept on the warm windowsill all afternoon.") == []


def test_a_coded_act_that_makes_a_candidate_makes_no_row(nlp):
    text = "Rebels attacked a convoy near Kabul on Monday."
    out = extract_document("d1", nlp(text), published=None, text=text)
    assert [e["trigger"] for e in out["events"]] == ["attacked"]
    assert all(text[r["char_start"] : r["char_end"]] != "attacked" for r in out["event_rejects"])


def test_a_set_aside_verb_under_a_frame_keeps_its_dictionary_code(nlp):
    text = "The army may decide to attack the town."
    rows = _rejects(nlp, text)
    attack = [r for r in rows if text[r["char_start"] : r["char_end"]] == "attack"]
    assert len(attack) == 1 and attack[0]["event_type"] == "ASSAULT" and attack[0]["cameo_code"].startswith("19")
    assert attack[0]["reason"] in ("unasserted_mood", "irrealis_frame")


def test_detect_triggers_reports_nothing_set_aside_for_a_token_that_is_a_trigger(nlp):
    doc = nlp("Officials set up a commission to investigate the riot, which killed 12 people.")
    aside: list[SetAside] = []
    found = detect_triggers(next(iter(doc.sents)), set_aside=aside)
    used = {i for t in found for i in (t.token_i, t.anchor_i)}
    assert all(a.token_i not in used and a.anchor_i not in used for a in aside)
    assert all(a.category in PLOVER_CATEGORIES and a.reason in EVENT_REJECT_REASONS for a in aside)


def test_set_aside_rows_give_the_trigger_span(nlp):
    doc = nlp("Police often arrest protesters.")
    aside = [SetAside("COERCE", 2, 2, "arrest", "173", "CAMEO.2.0.txt:1", "habitual")]
    [row] = set_aside_rows("d1", doc, 0, aside + aside)  # the same candidate twice is one row
    assert (row["char_start"], row["char_end"]) == (13, 19) == trigger_span(doc, 2, 2)


_WORDS = st.sampled_from(
    "police often arrest will the army attack town ? . protesters may decide to rebels attacked a convoy "
    "near kabul on monday killing five soldiers company offers delivery and were not usually meet talks".split()
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=8)), min_size=1, max_size=30))
def test_reject_rows_lie_in_their_sentences_for_any_text(nlp, words):
    text = " ".join(words)
    doc = nlp(text)
    out = extract_document("d1", doc, published=None, text=text)
    bounds = {s["sentence_idx"]: (s["char_start"], s["char_end"]) for s in out["sentences"]}
    ids = [r["reject_id"] for r in out["event_rejects"]]
    assert len(ids) == len(set(ids))
    for r in out["event_rejects"]:
        start, end = bounds[r["sentence_idx"]]
        assert start <= r["char_start"] < r["char_end"] <= end
        assert r["reason"] in EVENT_REJECT_REASONS and r["event_type"] in PLOVER_CATEGORIES


# --- the release --------------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_the_seeds_release_lists_its_event_rejects(seed_tables):
    rejects, documents, sentences = seed_tables["event_rejects"], seed_tables["documents"], seed_tables["sentences"]
    assert rejects.height > 0
    assert rejects.columns == TABLES["event_rejects"].column_names
    assert rejects["reject_id"].is_unique().all()
    assert set(rejects["reason"]) <= set(EVENT_REJECT_REASONS)
    assert {"extract", "link"} == set(rejects["stage"])
    assert set(rejects["doc_id"]) <= set(documents["doc_id"])
    spans = rejects.join(sentences, on=["doc_id", "sentence_idx"], how="left", suffix="_s")
    assert spans["char_start_s"].null_count() == 0
    assert ((spans["char_start"] >= spans["char_start_s"]) & (spans["char_end"] <= spans["char_end_s"])).all()
    assert rejects.equals(rejects.sort("doc_id", "char_start", "reason", "reject_id"))
    texts = dict(documents.select("doc_id", "text").rows())
    for row in rejects.iter_rows(named=True):
        words = texts[row["doc_id"]][row["char_start"] : row["char_end"]]
        assert row["trigger"].split()[0] in words or words.split()[0] in row["trigger"], row


@pytest.mark.e2e
def test_a_known_non_act_of_the_seeds_is_a_row_with_its_reason(seed_tables):
    rejects, documents = seed_tables["event_rejects"], seed_tables["documents"]
    [(doc_id, text)] = (
        documents.filter(pl.col("source_uri") == "001_d45aa6822a7211dc.txt").select("doc_id", "text").rows()
    )
    rows = rejects.filter(pl.col("doc_id") == doc_id)
    # "extended an invitation to the representatives ... to visit Baku": an invitation, no visit made
    invited = [r for r in rows.iter_rows(named=True) if text[r["char_start"] : r["char_end"]] == "visit"]
    assert [(r["event_type"], r["stage"], r["reason"]) for r in invited] == [("CONSULT", "extract", "unasserted_mood")]
    assert "invitation" in text[text.rfind(".", 0, invited[0]["char_start"]) : invited[0]["char_end"]]
    # "The sides agreed to sit for the next round of talks": an agreement with no party the coder finds
    agreed = rows.filter(pl.col("trigger") == "agreed")
    assert agreed.select("stage", "reason").rows() == [("link", "no_party")]


# --- the gate ----------------------------------------------------------------------------------------------------


def _with_rejects(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The validation tests' valid tables with an event_rejects row in each document: its sentence's "agreed"
    ("Portugal agreed to a ceasefire ...", "They agreed to meet again.")."""
    rows = []
    for doc_id in ("doc_a", "doc_b"):
        text = tables["documents"].filter(pl.col("doc_id") == doc_id)["text"][0]
        spans = tables["sentences"].filter(pl.col("doc_id") == doc_id).select("sentence_idx", "char_start", "char_end")
        [(idx, start)] = [(i, text.index("agreed", s)) for i, s, e in spans.rows() if "agreed" in text[s:e]]
        span = (start, start + len("agreed"))
        rows.append(reject_row(doc_id, idx, span, "agreed", "AGREE", "030", "CAMEO.2.0.txt:1", "link", "no_party"))
    return tables | {"event_rejects": pl.DataFrame(rows, schema=EVENT_REJECTS_SCHEMA)}


def test_the_suite_passes_valid_rows_and_catches_broken_ones():
    from flows.validation import validate_tables
    from tests.test_validation import RUN_DATE, build_valid_tables

    tables = _with_rejects(build_valid_tables())
    outcome = validate_tables(tables, run_date=RUN_DATE)
    assert [r.check for r in outcome.results if not r.success] == []
    assert any(r.check == "event_rejects.within_sentence.in_set" for r in outcome.results)
    rejects = tables["event_rejects"]
    broken = rejects.with_columns(
        pl.Series("reason", ["not_a_reason", "no_party"]),
        pl.Series("char_end", [rejects["char_end"][0], 10**6]),
        pl.Series("sentence_idx", [7, 1]),
    )
    failed = set(validate_tables(tables | {"event_rejects": broken}, run_date=RUN_DATE).failed_checks())
    assert {
        "event_rejects.reason.in_set",
        "event_rejects.char_end.within_document",
        "event_rejects.within_sentence.in_set",
    } <= failed


def test_a_removed_document_takes_its_event_rejects():
    from flows.validation import Failure, quarantine_failures
    from tests.test_validation import build_valid_tables

    tables = _with_rejects(build_valid_tables())
    documents = tables["documents"].with_row_index("__row")
    row = documents.filter(pl.col("doc_id") == "doc_a")["__row"][0]
    failure = Failure("documents", "documents.published_at.plausible", [row], ["x"])
    kept, quarantine = quarantine_failures(tables, [failure])
    assert kept["event_rejects"]["doc_id"].to_list() == ["doc_b"]
    removed = quarantine.filter(pl.col("table") == "event_rejects")
    assert removed.select("rule", "action").rows() == [("depends_on:documents.published_at.plausible", "removed")]
