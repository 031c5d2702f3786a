"""The clustering's candidate index: the clusters it scores are few, and the result is that of scoring every cluster."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events_when_where import _mention, draw_mention
from transforms.link import events
from transforms.link.events import _ClusterIndex, cluster_mentions

_keys = st.sets(st.sampled_from(["RUS", "UKR", "e1", "e2", "e3"]), max_size=3)


@st.composite
def _mentions(draw):
    """Mentions of two categories (one symmetric) with actor, recipient and place keys, dated or not, with copies
    of a sentence in near-duplicates (the same dup_key)."""
    out = []
    for i in range(draw(st.integers(0, 16))):
        m = draw_mention(draw, i, _keys)
        m.place_keys = draw(_keys)
        m.dup_key = draw(st.sampled_from(["k1", "k2", m.doc_id]))
        m.order = i
        out.append(m)
    return out


def _members(clusters):
    """Each cluster's mentions in joining order, clusters in creation order."""
    return [[m.doc_id for m in c.mentions] for c in clusters]


@settings(max_examples=300, deadline=None)
@given(_mentions())
def test_the_index_picks_the_cluster_a_scan_of_all_clusters_picks(mentions):
    assert _members(cluster_mentions(mentions)) == _members(cluster_mentions(mentions, use_index=False))


def test_a_year_dated_report_is_not_scored_against_clusters_sharing_one_key(monkeypatch):
    # 40 events of one year sharing only the country "RUS" (each with its own recipient): a year-dated report
    # needs an actor and a recipient or place in common, so none of them is a candidate.
    dated = [
        _mention(i, day=date(2024, 3, 1 + i % 28), actors={"RUS"}, recipients={f"e{i}"}, pub=date(2024, 3, 1 + i % 28))
        for i in range(40)
    ]
    year = _mention(99, day=date(2024, 1, 1), precision="year", actors={"RUS"}, recipients={"other"})
    clusters, scored = _cluster_a_late_report(monkeypatch, dated, year)
    assert len(clusters) == 41
    assert "d99" not in scored


def _cluster_a_late_report(monkeypatch, dated, report):
    """Cluster ``dated`` then ``report`` (published with the last of them); the clusters and the doc ids of the
    mentions ``_score`` was called for."""
    report.published_at = dated[-1].published_at
    for i, m in enumerate([*dated, report]):
        m.order = i
    scored = []
    score = events._score
    monkeypatch.setattr(events, "_score", lambda c, m, t: scored.append(m.doc_id) or score(c, m, t))
    return cluster_mentions([*dated, report]), scored


def test_a_year_dated_report_is_not_scored_against_clusters_sharing_its_actor_alone(monkeypatch):
    # 40 events of one year (two days apart) by one actor, named by its entity and its country, each in a place of
    # its own: a year-dated report by that actor with no recipient or place shares one role with each, which never
    # suffices.
    dated = []
    for i in range(40):
        dated.append(_mention(i, day=date(2024, 3, 1) + timedelta(days=2 * i), actors={"e-army", "RUS"}))
        dated[-1].place_keys = {f"p{i}"}
    year = _mention(99, day=date(2024, 1, 1), precision="year", actors={"e-army", "RUS"})
    clusters, scored = _cluster_a_late_report(monkeypatch, dated, year)
    assert len(clusters) == 41
    assert "d99" not in scored


def test_two_keys_of_one_role_pair_up_only_as_a_meetings_participants():
    actor_keys = {("a", "e-army"), ("a", "RUS")}
    assert events._key_pairs(actor_keys, set(), set()) == set()
    participants = {("x", "e-army"), ("x", "RUS")}
    assert events._key_pairs(participants, set(), set()) == {(("x", "RUS"), ("x", "e-army"))}


def test_levels_count_the_roles_a_cluster_shares_keys_in():
    day = date(2024, 5, 2)
    first = _mention(0, day=day, actors={"RUS"}, recipients={"e1"})
    first.place_keys = {"p1"}
    clusters = cluster_mentions([first])
    index = _ClusterIndex(clusters)
    index.seed(0, clusters[0])
    both = _mention(1, day=day, actors={"RUS"}, recipients={"e1"})
    assert index.levels(both, 1) == [set(), {0}, set()]
    both.place_keys = {"p1"}
    assert index.levels(both, 1) == [{0}, set(), set()]
    reversed_roles = _mention(2, day=day, actors={"e1"}, recipients={"RUS"})
    assert index.levels(reversed_roles, 1) == [set(), set(), set()]


_tagged = st.sets(st.sampled_from(["RUS", "UKR", "e1", "e2", "e3"]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["a", "x"]), st.lists(st.tuples(_tagged, _tagged, _tagged), min_size=2, max_size=5))
def test_a_joins_new_pairs_are_the_pairs_of_the_merged_keys_less_the_old(first_tag, joins):
    # the role keys of mentions joining one cluster in turn (tagged as _role_keys tags them; a symmetric
    # category has no second role)
    def tagged(keys):
        first, second, place = keys
        return (
            {(first_tag, k) for k in first},
            {("r", k) for k in second} if first_tag == "a" else set(),
            {("p", k) for k in place},
        )

    old = tagged(joins[0])
    for keys in joins[1:]:
        new = tagged(keys)
        merged = tuple(o | n for o, n in zip(old, new, strict=True))
        assert events._new_pairs(old, new) == events._key_pairs(*merged) - events._key_pairs(*old)
        old = merged


_countries_or_entities = st.sets(st.sampled_from(["RUS", "UKR", "USA", "e1"]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["ASSAULT", "CONSULT"]),
    st.lists(st.tuples(_countries_or_entities, _countries_or_entities, _countries_or_entities), min_size=2, max_size=5),
)
def test_a_joins_new_country_pairs_are_the_country_pairs_of_the_merged_keys_less_the_old(category, joins):
    # mentions of one day joining one cluster in turn, as _clustered joins them (the cluster's keys grow after
    # the index registers the join)
    day = date(2024, 5, 2)
    cluster = events.Cluster(category=category, event_date=day, precision="day")
    for j, (actors, recipients, places) in enumerate(joins):
        m = _mention(j, category=category, day=day, actors=actors, recipients=recipients)
        m.place_keys = set(places)
        keys = events._role_keys(m)
        merged = tuple(o | n for o, n in zip(events._role_keys(cluster), keys, strict=True))
        expected = events._country_pairs(merged) - (events._country_pairs(events._role_keys(cluster)) if j else set())
        assert events._new_country_pairs(cluster, keys) == expected
        cluster.mentions.append(m)
        cluster.actor_keys |= m.actor_keys
        cluster.recipient_keys |= m.recipient_keys
        cluster.place_keys |= m.place_keys


def test_a_sweep_drops_the_buckets_no_later_mention_looks_up():
    # reports of two days: once the first day's reports are clustered, a sweep drops that day's buckets (the
    # second day's reports look up the days either side of theirs only) and keeps the second day's
    first_day, second_day = date(2024, 5, 1), date(2024, 5, 4)
    mentions = [
        _mention(0, day=first_day, precision="report", actors={"e-army"}),
        _mention(1, day=second_day, precision="report", actors={"e-army"}, recipients={"RUS", "UKR"}),
        _mention(2, day=second_day, precision="report", actors={"e-army"}),
    ]
    for i, m in enumerate(mentions):
        m.order = i
    index = _ClusterIndex([])
    index.plan(mentions, 1, buckets=True)
    for step, m in enumerate(mentions[:2]):
        index.step = step
        index.clusters.append(events.Cluster(category=m.category, event_date=m.event_date, precision=m.precision))
        index.add(step, index.clusters[step], m)
    index.sweep()
    kept = {bucket[2] for table in (index.by_key, index.by_pair) for bucket in table}
    assert kept == {second_day}


def test_key_pairs_no_later_mention_looks_up_are_not_registered(monkeypatch):
    # A month-dated report looks up day-dated clusters by key pair; the report-dated mentions after it look up
    # day buckets only, so the clusters they open register no key pair, and those opened before it do.
    day = date(2024, 5, 2)
    early = _mention(0, day=day, actors={"RUS"}, recipients={"e1"})
    month = _mention(1, day=date(2024, 5, 1), precision="month", actors={"UKR"}, recipients={"e3"})
    late = [_mention(2 + i, day=day, precision="report", actors={f"a{i}"}, recipients={f"r{i}"}) for i in range(3)]
    for i, m in enumerate([early, month, *late]):
        m.order = i
    indexes = []
    monkeypatch.setattr(
        events, "_ClusterIndex", lambda clusters: indexes.append(_ClusterIndex(clusters)) or indexes[-1]
    )
    clusters = cluster_mentions([early, month, *late])
    assert [c.mentions[0].doc_id for c in clusters] == ["d0", "d1", "d2", "d3", "d4"]
    registered = {i for bucket in indexes[0].by_pair.values() for members in bucket.values() for i in members}
    assert 0 in registered
    assert registered.isdisjoint({2, 3, 4})
    # day buckets are registered while a later report looks them up: not by the last mention
    day_registered = {i for bucket in indexes[0].by_key.values() for members in bucket.values() for i in members}
    assert {2, 3} <= day_registered
    assert 4 not in day_registered


def _place(entity_id, name, country="UKR"):
    return {"entity_id": entity_id, "name": name, "country_code": country, "geo_precision": "city"}


def test_one_shared_country_is_no_evidence_of_one_act():
    # "Russian strikes hit Kharkiv" and "Russian drones hit Odesa" the same day: a shared country, two acts
    day = date(2024, 5, 1)
    kharkiv = _mention(0, day=day, actors={"RUS"}, place=_place("e-kharkiv", "Kharkiv"))
    kharkiv.place_keys = {"UKR"}  # only the country in common with the other report's place
    odesa = _mention(1, day=day, actors={"RUS"}, place=_place("e-odesa", "Odesa"))
    odesa.place_keys = {"e-odesa"}
    for use_index in (True, False):
        assert _members(cluster_mentions([kharkiv, odesa], use_index=use_index)) == [["d0"], ["d1"]]


def test_an_entity_or_two_shared_countries_still_join_reports_of_one_day():
    # across stories the one shared entity must be a target or site, not the actor alone (test_events_one_act)
    day = date(2024, 5, 1)
    by_entity = [_mention(0, day=day, recipients={"e-army", "RUS"}), _mention(1, day=day, recipients={"e-army"})]
    by_pair = [
        _mention(2, day=day, actors={"RUS"}, recipients={"UKR"}),
        _mention(3, day=day, actors={"RUS"}, recipients={"UKR"}),
    ]
    for mentions in (by_entity, by_pair):
        for use_index in (True, False):
            assert len(cluster_mentions(mentions, use_index=use_index)) == 1


def test_a_country_key_alone_registers_no_day_lookup():
    day = date(2024, 5, 1)
    index = _ClusterIndex([])
    clusters = index.clusters
    for i, m in enumerate(
        [_mention(0, day=day, actors={"RUS", "e-army"}), _mention(1, day=day, actors={"RUS"}, recipients={"UKR"})]
    ):
        clusters.append(events.Cluster(category=m.category, event_date=m.event_date, precision=m.precision))
        index.add(i, clusters[i], m)
    singles = {key for bucket in index.by_key.values() for key in bucket}
    assert singles == {("a", "e-army")}
    day_pairs = {pair for bucket, pairs in index.by_pair.items() if bucket[0] == "day" for pair in pairs}
    assert day_pairs == {(("a", "RUS"), ("r", "UKR"))}
