"""The grouping of tests on xdist workers (tests/conftest.py): tests that share an expensive fixture instance carry
one xdist_group mark, so that `--dist loadgroup` runs them on one worker, which builds the instance once."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from tests.conftest import DURATIONS_FILE, ROOT, SHARED_BUILDS, order_longest_first, recorded_durations


def _groups(item: pytest.Item) -> list[str]:
    return [mark.args[0] for mark in item.iter_markers("xdist_group")]


@pytest.fixture(scope="module")
def built_once() -> object:
    return object()


@pytest.mark.parametrize("reader", ["first", "second"])
def test_a_module_fixture_puts_its_readers_in_one_group(built_once, reader, request):
    readers = [item for item in request.session.items if "built_once" in item.fixturenames]
    assert request.node in readers
    assert {tuple(_groups(item)) for item in readers} == {(f"{request.node.nodeid.split('::')[0]}::built_once",)}


def test_a_test_without_shared_fixtures_has_no_group(request):
    assert _groups(request.node) == []


def test_every_reader_of_a_release_build_is_in_its_group(request):
    """Over the session's tests (all of them in a whole run): one group for each build, named after it, or one
    group for builds that a module's fixture joins."""
    for build, readers in SHARED_BUILDS.items():
        groups = set()
        for item in request.session.items:
            params = getattr(getattr(item, "callspec", None), "params", {})
            named = set(item.fixturenames) | {value for value in params.values() if isinstance(value, str)}
            if readers & named:
                [group] = _groups(item)
                groups.add(group)
        assert len(groups) <= 1 and all(build in group.split("+") for group in groups), build


def test_units_are_dealt_longest_first_by_their_recorded_seconds():
    """A unit's seconds are its tests' recorded seconds, unrecorded tests counting the mean of the rest: one slow
    test outweighs many quick ones; equal units keep xdist's order."""
    queue = OrderedDict(
        [
            ("many", {f"t::quick{i}": False for i in range(10)}),
            ("tie_a", {"t::new_a": False}),
            ("slow", {"t::slow": False}),
            ("tie_b", {"t::new_b": False}),
            ("build", {"t::build": False, "t::reader": False}),
        ]
    )
    order_longest_first(queue, {"": 0.5, "t::slow": 30.0, "t::build": 20.0, **{f"t::quick{i}": 0.1 for i in range(10)}})
    assert list(queue) == ["slow", "build", "many", "tie_a", "tie_b"]
    assert queue["build"] == {"t::build": False, "t::reader": False}
    unchanged = OrderedDict(queue)
    order_longest_first(queue, {})  # no record: xdist's order
    assert list(queue) == list(unchanged)


def test_the_committed_record_names_tests_that_exist(request):
    """Every test in the record is one of the session's (in a whole run): a renamed slow test would otherwise be
    dealt as a quick one. Its mean for the others is a plausible second count."""
    durations = recorded_durations(ROOT / DURATIONS_FILE)
    assert 0 < durations.pop("") < 5
    assert durations and all(seconds >= 1 for seconds in durations.values())
    collected = {item.nodeid for item in request.session.items}
    if len(collected) > 1000:  # a whole run, not a selection
        assert set(durations) <= collected
