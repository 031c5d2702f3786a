"""The output folder's guards: a writability check before any work, and one publisher at a time.

``check_output_writable`` runs before a run does anything, so an output folder that cannot be written
fails in a second with one clear line instead of at the end with a traceback.

``publish_lock`` is an exclusive lock on ``<output>/.publish.lock`` (``filelock``: ``flock(2)`` on POSIX,
released by the kernel when its process dies, so a killed run never leaves a stale lock).  A run holds
it around "is there already a release of these inputs? -> write the release -> point LATEST at it", so
two runs into one output never race: the second waits (up to ``timeout_seconds``), then sees the
first one's release.  Under the lock no other publisher can be alive, so every ``releases/.tmp-*``
folder left there belongs to a dead run and is removed at once (``remove_dead_tmp_dirs``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILENAME = ".publish.lock"
# A publish writes Parquet files and a few JSON/Markdown files: seconds for the seed corpus, about a
# minute for a large release on slow disks.  Ten minutes of waiting covers a slow publisher ahead of us
# without letting a scheduled run hang for ever behind a stuck one.
DEFAULT_LOCK_TIMEOUT_SECONDS = 600.0


class OutputNotWritableError(RuntimeError):
    """The output folder cannot be created or written; the message says which and why."""


class PublishLockTimeout(RuntimeError):
    """Another run held the output folder's publish lock for longer than the timeout."""


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_output_writable(output_dir: Path | str) -> Path:
    """Create ``output_dir`` if missing, then write and remove a probe file in it; return its path.

    Raises OutputNotWritableError (one line, no traceback needed) when any step fails.
    """
    path = Path(output_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputNotWritableError(f"output folder {path} exists but is not a folder") from None
    except OSError as exc:
        raise OutputNotWritableError(f"cannot create output folder {path}: {_reason(exc)}") from None
    if not path.is_dir():
        raise OutputNotWritableError(f"output folder {path} exists but is not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".newsevents-write-probe-", dir=path)
    except OSError as exc:
        raise OutputNotWritableError(f"cannot write in output folder {path}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"newsevents write probe\n")
            handle.flush()
            os.fsync(handle.fileno())  # a full disk shows here, not 30 minutes into the run
    except OSError as exc:
        raise OutputNotWritableError(f"cannot write in output folder {path}: {_reason(exc)}") from None
    finally:
        Path(probe).unlink(missing_ok=True)
    return path


@contextmanager
def publish_lock(output_dir: Path | str, timeout_seconds: float = DEFAULT_LOCK_TIMEOUT_SECONDS) -> Iterator[Path]:
    """Hold the output folder's exclusive publish lock; PublishLockTimeout after ``timeout_seconds``.

    Yields the lock file's path.  Works across threads and processes (one lock file per output folder).
    """
    from filelock import FileLock, Timeout

    path = Path(output_dir)
    path.mkdir(parents=True, exist_ok=True)
    lock_path = path / LOCK_FILENAME
    lock = FileLock(lock_path, timeout=timeout_seconds, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise PublishLockTimeout(
            f"another run is publishing into {path}: its lock {lock_path} was still held after "
            f"{timeout_seconds:g} s; nothing was published. Run again later, or raise [run] lock_timeout_seconds."
        ) from None
    try:
        yield lock_path
    finally:
        lock.release()


def remove_dead_tmp_dirs(output_dir: Path | str) -> list[Path]:
    """Remove every half-built ``releases/.tmp-*`` folder. Call only while holding ``publish_lock``."""
    from flows.publish import releases_dir, remove_stale_tmp_dirs

    return remove_stale_tmp_dirs(releases_dir(Path(output_dir)), older_than_seconds=-1.0)


def publish_locked(tables, *, output_dir: Path | str, lock_timeout_seconds: float, **publish_kwargs):
    """``flows.publish.publish_release`` under ``publish_lock``, after removing dead runs' ``.tmp-*`` folders.

    publish_release re-checks LATEST's input fingerprint first (``skip_if_unchanged``), now under the lock:
    of two runs on the same inputs, the second to get the lock publishes nothing.
    """
    from flows.publish import publish_release

    with publish_lock(output_dir, lock_timeout_seconds):
        remove_dead_tmp_dirs(output_dir)
        return publish_release(tables, output_dir=Path(output_dir), skip_if_unchanged=True, **publish_kwargs)
