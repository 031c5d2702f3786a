"""flows/locking.py: the output folder is checked before any work, and only one run publishes at a time."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

from flows.cli import main
from flows.locking import (
    LOCK_FILENAME,
    OutputNotWritableError,
    PublishLockTimeout,
    check_output_writable,
    publish_lock,
    publish_locked,
)
from flows.publish import list_release_versions, read_manifest, releases_dir
from tests.conftest import SEEDS_DIR
from tests.test_publish import CREATED_AT, PIPELINE, sample_tables, write_validation

# --- fail fast -----------------------------------------------------------------------------------


def test_missing_output_folder_is_created_and_no_probe_is_left(tmp_path):
    target = tmp_path / "a" / "b" / "out"
    assert check_output_writable(target) == target
    assert target.is_dir() and list(target.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: (tmp / "file").write_text("x") and tmp / "file", "is not a folder"),
        (lambda tmp: (tmp / "file").write_text("x") and tmp / "file" / "out", "cannot create output folder"),
        (lambda tmp: Path("/proc/newsevents-test/out"), "cannot create output folder"),
    ],
)
def test_unwritable_output_is_one_clear_error(tmp_path, make, message):
    with pytest.raises(OutputNotWritableError, match=message):
        check_output_writable(make(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(OutputNotWritableError, match="cannot write in output folder"):
            check_output_writable(out)
    finally:
        out.chmod(0o755)


def test_cli_exits_2_with_one_line_before_any_work(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert main(["run", "--input", str(SEEDS_DIR), "--output", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newsevents: cannot create output folder" in err
    assert "Traceback" not in err


# --- one publisher at a time ---------------------------------------------------------------------


def locked_publish(out: Path, fingerprint: str, doc_numbers=(1, 2, 3), *, timeout: float = 120, writer=None):
    return publish_locked(
        sample_tables(list(doc_numbers)),
        output_dir=out,
        lock_timeout_seconds=timeout,
        input_fingerprint=fingerprint,
        pipeline_version=PIPELINE,
        created_at=CREATED_AT,
        validation_writer=writer or write_validation,
    )


def test_lock_timeout_is_a_clear_error_not_an_oserror(tmp_path):
    with publish_lock(tmp_path, timeout_seconds=5) as lock_path:
        assert lock_path == tmp_path / LOCK_FILENAME
        with (
            pytest.raises(PublishLockTimeout, match="another run is publishing") as info,
            publish_lock(tmp_path, timeout_seconds=0.2),
        ):
            pass
        assert not isinstance(info.value, OSError)
        with pytest.raises(PublishLockTimeout):
            locked_publish(tmp_path, "fp1", timeout=0.2)
    assert list_release_versions(tmp_path) == []
    with publish_lock(tmp_path, timeout_seconds=0.2):  # released on exit
        pass


def _slow_writer(inside: threading.Event):
    def write(release_dir: Path) -> None:
        inside.set()
        time.sleep(0.5)  # widen the window in which a second publisher could slip in without the lock
        write_validation(release_dir)

    return write


def test_two_threads_same_inputs_give_one_release(tmp_path):
    out = tmp_path / "out"
    inside = threading.Event()
    results = {}
    first = threading.Thread(
        target=lambda: results.setdefault("a", locked_publish(out, "fp", writer=_slow_writer(inside)))
    )
    first.start()
    assert inside.wait(60)
    second = threading.Thread(target=lambda: results.setdefault("b", locked_publish(out, "fp")))
    second.start()
    first.join(120)
    second.join(120)
    assert results["a"].published and not results["b"].published
    assert "unchanged" in results["b"].message
    assert list_release_versions(out) == [results["a"].version]


def test_two_threads_different_inputs_publish_one_after_the_other(tmp_path):
    out = tmp_path / "out"
    inside = threading.Event()
    results = {}
    first = threading.Thread(
        target=lambda: results.setdefault("a", locked_publish(out, "fp-a", writer=_slow_writer(inside)))
    )
    first.start()
    assert inside.wait(60)
    second = threading.Thread(target=lambda: results.setdefault("b", locked_publish(out, "fp-b", [1, 2, 3, 4])))
    second.start()
    first.join(120)
    second.join(120)
    assert results["a"].published and results["b"].published
    versions = list_release_versions(out)
    assert versions == ["v2026.11.23", "v2026.11.23.1"]
    second_manifest = read_manifest(releases_dir(out) / versions[1])
    assert second_manifest["previous_version"] == versions[0]  # b saw a's release: they did not overlap
    assert sorted(read_manifest(releases_dir(out) / v)["input_fingerprint"] for v in versions) == ["fp-a", "fp-b"]


def _publish_in_process(out: str, fingerprint: str, queue) -> None:
    result = locked_publish(Path(out), fingerprint)
    queue.put((result.published, result.version))


def test_two_processes_same_inputs_give_one_release(tmp_path):
    out = tmp_path / "out"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_publish_in_process, args=(str(out), "fp", queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert sorted(published for published, _ in outcomes) == [False, True]
    assert len(list_release_versions(out)) == 1
    assert {version for _, version in outcomes} == set(list_release_versions(out))


def test_dead_runs_tmp_folders_are_removed_under_the_lock_however_fresh(tmp_path):
    out = tmp_path / "out"
    dead = releases_dir(out) / ".tmp-v2026.11.23-killed"
    (dead / "data").mkdir(parents=True)
    result = locked_publish(out, "fp1")
    assert result.published and not dead.exists()


def test_fewer_documents_than_the_latest_release_is_said(tmp_path):
    out = tmp_path / "out"
    first = locked_publish(out, "fp1", [1, 2, 3])
    assert first.fewer_documents is None
    smaller = locked_publish(out, "fp2", [1, 2])
    assert smaller.published and smaller.fewer_documents
    assert "fewer documents" in smaller.fewer_documents and "2 instead of 3" in smaller.fewer_documents
    assert "Warning" in smaller.message and first.version in smaller.message
    changelog = (smaller.path / "CHANGELOG.md").read_text()
    assert f"**Warning:** This release has fewer documents than the previous release {first.version}" in changelog
    bigger = locked_publish(out, "fp3", [1, 2, 3, 4])
    assert bigger.fewer_documents is None and "Warning" not in (bigger.path / "CHANGELOG.md").read_text()


@pytest.mark.e2e
def test_cli_run_waits_for_the_lock_then_exits_clearly(tmp_path, capsys):
    one = tmp_path / "in"
    one.mkdir()
    (one / "note.txt").write_text("The library reopened on Monday after repairs, the council said.\n")
    config = tmp_path / "newsevents.toml"
    config.write_text('[run]\nlock_timeout_seconds = 1\n[runner]\nkind = "thread"\n')
    out = tmp_path / "out"
    with publish_lock(out, timeout_seconds=5):
        code = main(["run", "--config", str(config), "--input", str(one), "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "another run is publishing" in err and "Traceback" not in err
    assert list_release_versions(out) == []
