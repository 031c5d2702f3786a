"""The grouping of tests on xdist workers (tests/conftest.py): tests that share an expensive fixture instance carry
one xdist_group mark, so that `--dist loadgroup` runs them on one worker, which builds the instance once."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED_BUILDS


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
