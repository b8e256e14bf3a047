"""The folder walk: which files a batch reads, each once, and which links it refuses.

Public verbs: :func:`walk_sources` (files and the refused entries, as :class:`LoadError`)
and :func:`iter_sources` (files only).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from parsers.load.base import LoadError


def walk_sources(
    paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False
) -> Iterator[Path | LoadError]:
    """Files to load from ``paths``, each at most once, and a :class:`LoadError` for each
    entry refused on the way (the batch goes on).

    A file argument is yielded as given (whatever its extension: loading it then reports
    an unsupported format); a folder is walked recursively and yields every file, sorted by
    its path inside the folder: a file of an unknown kind too, so that loading it reports it
    (a folder never skips a file silently). Hidden files and folders
    (name starting with ``.``) and Word lock files (``~$…``) are skipped; symbolic links
    to folders are not followed. A path that does not exist is yielded so that loading it
    reports the error in the usual way.

    Refused: a symbolic link loop (``symlink_loop``), and, unless ``follow_links``, a link
    inside a given folder whose target lies outside every given folder (``link_outside``):
    a link must not smuggle a private file into the store.
    """
    roots = [Path(raw) for raw in paths]
    folders = [_real(r) for r in roots if r.is_dir()]
    inside = [f for f in folders if f is not None]
    seen: set[Path] = set()
    for root in roots:
        if root.is_dir():
            found: list[Path] = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if not _hidden(d)]
                for name in filenames:
                    if not _hidden(name):  # an unknown kind is yielded too: loading names it
                        found.append(Path(dirpath) / name)
            found.sort(key=lambda p: p.relative_to(root).parts)
            in_folder = True
        else:
            found = [root]
            in_folder = False
        for path in found:
            try:
                key = path.resolve(strict=True)
            except RuntimeError:  # Python < 3.13: "Symlink loop from …"
                yield LoadError(path, "symlink_loop")
                continue
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    yield LoadError(path, "symlink_loop")
                    continue
                key = path  # missing (or a dangling link): loading names the problem
            if (
                in_folder
                and not follow_links
                and path.is_symlink()
                and not any(key.is_relative_to(f) for f in inside)
            ):
                yield LoadError(path, "link_outside")
                continue
            if key not in seen:
                seen.add(key)
                yield path


def iter_sources(
    paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False
) -> Iterator[Path]:
    """The files of :func:`walk_sources`, without the refused entries."""
    for item in walk_sources(paths, follow_links=follow_links):
        if isinstance(item, Path):
            yield item


def _real(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))
