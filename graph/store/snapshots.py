"""Readers and writers of one store directory (docs/decisions/0005-concurrency.md): the
writer's lock, the immutable snapshots readers open, and the ``vbkg-store.json`` marker.

Oxigraph 0.5 documents that opening a store read-only while another process writes it is
undefined behaviour, so readers never open the live database while a writer may exist. The
writer (one at a time: it holds an exclusive lock on ``writer.lock`` for as long as it is
open, and RocksDB's own lock; locks are portalocker's: ``flock`` on POSIX, ``LockFileEx`` on
Windows) *publishes* immutable snapshots of the live database
(:func:`publish`: ``pyoxigraph.Store.backup``, a RocksDB checkpoint, hard links, cheap) into
``snapshots/NNNNNNNN`` and then atomically replaces the pointer file ``snapshots/current``. A
reader (:func:`open_snapshot`) follows the pointer and opens that snapshot read-only, holding a
shared lock on ``snapshots/NNNNNNNN.lock`` so the writer never deletes a snapshot in use
(old, unused ones are removed when a newer one is published). A store written before
snapshots existed is given one by the first reader that finds no writer. A writer publishes
as it opens unless the last writer closed with everything published (``snapshots/clean``,
:func:`mark_clean`: removed by the next writer before it writes, so a writer that dies
before publishing leaves none).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import IO, Any

import portalocker
import pyoxigraph as ox
import regex

from graph.paths import PROJECT_ROOT
from graph.store.base import StoreError, StoreFormatError

FORMAT_VERSION = 1
MARKER = "vbkg-store.json"
WRITER_LOCK = "writer.lock"
SNAPSHOTS = "snapshots"
CURRENT = "current"  # inside SNAPSHOTS: the name of the snapshot readers open
# Inside SNAPSHOTS: the name of the snapshot that holds everything of the live database, left
# by a writer that closed with nothing unpublished (:func:`mark_clean`, :func:`take_clean`).
CLEAN = "clean"
# Seconds between two snapshots published while a writer writes (readers see progress).
SNAPSHOT_INTERVAL = float(os.environ.get("VBKG_SNAPSHOT_INTERVAL", "2.0"))
_SNAPSHOT_NAME = regex.compile(r"[0-9]{8}")
_WAIT_FOR_FIRST_SNAPSHOT = 30.0  # seconds a reader waits for a new store's first snapshot


class Closed:
    """Stands for the database of a closed store: any use is a clear error."""

    def __getattr__(self, name: str) -> Any:
        raise StoreError("store.closed")


#: The lock kinds of :func:`try_lock` (portalocker: ``flock`` on POSIX, ``LockFileEx`` on
#: Windows; a lock belongs to the open file and goes with it when it is closed).
EXCLUSIVE = portalocker.LockFlags.EXCLUSIVE
SHARED = portalocker.LockFlags.SHARED


def try_lock(path: Path, kind: portalocker.LockFlags) -> IO[bytes] | None:
    """An open file holding a lock of ``kind`` on ``path`` (created), or ``None`` when
    another open file holds a conflicting lock."""
    fh = path.open("ab")
    try:
        portalocker.lock(fh, kind | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.exceptions.LockException:
        fh.close()
        return None
    except BaseException:
        fh.close()
        raise
    return fh


def read_current(path: Path) -> str | None:
    try:
        name = (path / SNAPSHOTS / CURRENT).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if _SNAPSHOT_NAME.fullmatch(name) else None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(path: Path, inner: ox.Store) -> str:
    """Checkpoint the live database ``inner`` of the store at ``path`` into a new snapshot and
    point readers at it (the writer only: it holds the writer's lock); returns its name."""
    snaps = path / SNAPSHOTS
    snaps.mkdir(exist_ok=True)
    for leftover in snaps.glob(".tmp-*"):  # of a writer killed while publishing
        shutil.rmtree(leftover, ignore_errors=True)
    current = read_current(path)
    numbers = [int(p.name) for p in snaps.iterdir() if _SNAPSHOT_NAME.fullmatch(p.name)]
    name = f"{max([*numbers, int(current or 0)], default=0) + 1:08d}"
    tmp = snaps / f".tmp-{name}"
    inner.backup(str(tmp))
    os.rename(tmp, snaps / name)
    pointer = snaps / f".{CURRENT}.tmp"
    with pointer.open("w", encoding="ascii") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer, snaps / CURRENT)
    _fsync_dir(snaps)
    _remove_unused_snapshots(snaps, keep=name)
    return name


def mark_clean(path: Path, name: str) -> None:
    """Record that snapshot ``name`` holds everything of the live database (a writer closing
    with nothing written since it published ``name``): the next writer need not publish again
    as it opens (:func:`take_clean`). The writer only."""
    pointer = path / SNAPSHOTS / f".{CLEAN}.tmp"
    with contextlib.suppress(OSError):  # no record: the next writer publishes, as before
        pointer.write_text(name + "\n", encoding="ascii")
        os.replace(pointer, path / SNAPSHOTS / CLEAN)


def take_clean(path: Path) -> bool:
    """Whether the current snapshot holds everything of the live database (the last writer
    closed with nothing unpublished: :func:`mark_clean`), removing the record first, before
    the caller writes anything: a writer that dies before it publishes leaves none, and the
    next one publishes as it opens. The writer only, as it opens."""
    record = path / SNAPSHOTS / CLEAN
    try:
        name = record.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    try:
        record.unlink()
    except OSError:
        return False  # it would stay: not to be trusted after this writer's writes
    _fsync_dir(path / SNAPSHOTS)
    current = read_current(path)
    return current is not None and name == current and (path / SNAPSHOTS / current).is_dir()


def _remove_unused_snapshots(snaps: Path, *, keep: str) -> None:
    """Delete every snapshot but ``keep`` that no reader holds (an exclusive lock succeeds)."""
    for entry in snaps.iterdir():
        if not _SNAPSHOT_NAME.fullmatch(entry.name) or entry.name == keep:
            continue
        lock = try_lock(snaps / f"{entry.name}.lock", EXCLUSIVE)
        if lock is None:
            continue  # a reader has it open: removed by a later publication
        try:
            shutil.rmtree(entry, ignore_errors=True)
            (snaps / f"{entry.name}.lock").unlink(missing_ok=True)
        finally:
            lock.close()
    for stray in snaps.glob("*.lock"):  # locks whose snapshot is gone
        if not (snaps / stray.stem).exists() and stray.stem != keep:
            lock = try_lock(stray, EXCLUSIVE)
            if lock is not None:
                stray.unlink(missing_ok=True)
                lock.close()


def open_snapshot(path: Path) -> tuple[ox.Store, IO[bytes] | None, str | None]:
    """The current snapshot of the store at ``path`` opened read-only, the shared lock that
    keeps it from removal (``None`` on a read-only copy) and its name (``None``: the live
    database, read-only, of a store nobody can write)."""
    snaps = path / SNAPSHOTS
    deadline = time.monotonic() + _WAIT_FOR_FIRST_SNAPSHOT
    while True:
        name = read_current(path)
        if name is None:
            state = _publish_first_snapshot(path)
            if state == "published":
                continue
            if state == "unwritable":  # nobody can write it either: read the live database
                return _open_live_read_only(path), None, None
            if time.monotonic() > deadline:
                raise StoreError(
                    "store.creating",
                    path=path,
                )
            time.sleep(0.05)
            continue
        try:
            lock = (snaps / f"{name}.lock").open("ab")
        except OSError:  # a read-only copy of a store: nobody writes it either
            lock = None
        if lock is not None:
            portalocker.lock(lock, SHARED)  # the writer only ever tries, never waits
        target = snaps / name
        if not target.is_dir():  # removed between reading the pointer and locking it
            if lock is not None:
                lock.close()
            continue
        try:
            inner = ox.Store.read_only(str(target))
        except OSError as exc:
            if lock is not None:
                lock.close()
            raise StoreError("store.cannot_open", path=path, exc=exc) from exc
        return inner, lock, name


def _publish_first_snapshot(path: Path) -> str:
    """Give a store without snapshots (written before they existed) its first one.

    Only when no writer has it open. Returns ``published``, ``writer`` (a writer has it
    open: it publishes a snapshot as it opens) or ``unwritable`` (no write permission).
    """
    try:
        lock = try_lock(path / WRITER_LOCK, EXCLUSIVE)
    except OSError:
        return "unwritable"
    if lock is None:
        return "writer"
    try:
        if read_current(path) is None:
            inner = ox.Store(str(path))
            name = publish(path, inner)
            inner.flush()
            del inner
            mark_clean(path, name)  # nothing was written: the next writer need not publish
        return "published"
    except OSError:
        return "unwritable"
    finally:
        lock.close()


def _open_live_read_only(path: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError("store.cannot_open", path=path, exc=exc) from exc


_OWN_ENTRIES = frozenset({WRITER_LOCK, SNAPSHOTS, f".{MARKER}.tmp"})


def existing_info(path: Path) -> dict[str, Any] | None:
    """The marker of the store at ``path``; ``None`` when there is no store there yet."""
    marker = path / MARKER
    if marker.exists():
        return _read_marker(marker)
    if path.exists() and any(e.name not in _OWN_ENTRIES for e in path.iterdir()):
        raise StoreFormatError(
            "store.not_vbkg",
            path=path,
            marker=MARKER,
        )
    return None


def write_marker(path: Path, info: dict[str, Any]) -> None:
    tmp = path / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path / MARKER)  # readers never see a half-written marker


_VOCABULARY_SOURCES = (
    ("ontology", "*.ttl"),
    ("data/vocab", "*.yaml"),
    ("graph", "build.py"),
)


def vocabulary_digest() -> str:
    """A digest of everything :func:`graph.build.vocabulary_graph` is made from."""
    root = PROJECT_ROOT
    h = hashlib.sha1()
    for folder, pattern in _VOCABULARY_SOURCES:
        for f in sorted((root / folder).glob(pattern)):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _read_marker(marker: Path) -> dict[str, Any]:
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreFormatError("store.bad_marker", marker=marker, exc=exc) from exc
    fmt = info.get("format") if isinstance(info, dict) else None
    if fmt != FORMAT_VERSION:
        raise StoreFormatError(
            "store.format",
            store=marker.parent,
            fmt=fmt,
            version=FORMAT_VERSION,
        )
    assert isinstance(info, dict)
    return info


__all__ = [
    "CLEAN",
    "CURRENT",
    "EXCLUSIVE",
    "FORMAT_VERSION",
    "MARKER",
    "SHARED",
    "SNAPSHOTS",
    "SNAPSHOT_INTERVAL",
    "WRITER_LOCK",
    "Closed",
    "existing_info",
    "mark_clean",
    "open_snapshot",
    "publish",
    "read_current",
    "take_clean",
    "try_lock",
    "vocabulary_digest",
    "write_marker",
]
