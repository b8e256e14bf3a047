"""Reading and finding: text in, typed records out.

The stage verbs, in pipeline order, each in its own module and re-exported here:
:func:`load_document` (a file → text, :mod:`parsers.load`), :func:`normalize` (NFC, folded
shadow, offset map, :mod:`parsers.normalize`), :func:`segment` (header, sections, footnotes,
signature, :mod:`parsers.segment`), :func:`find_citations` (citations of other documents,
:mod:`parsers.find`) and :func:`extract_mandates` (targets, tasks, duties of a plan;
:func:`compare_targets` compares a child plan's targets with its parent's,
:mod:`parsers.mandates`).

The re-exports are lazy (PEP 562): importing one module of the package — the message
catalogue for ``vbkg --help``, say — does not import every stage. Two verbs share their
module's name (``normalize``, ``segment``); as with the eager ``from … import`` they replace,
``parsers.normalize`` is the verb, also after the submodule has been imported (the import
system's binding of the submodule is ignored); ``from parsers.normalize import …`` reaches the
module as always.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the re-exports for the type checker (F401: used through EXPORTS)
    from parsers.find import find_citations  # noqa: F401
    from parsers.load import LoadError, iter_sources, load_document  # noqa: F401
    from parsers.mandates import compare_targets, extract_mandates  # noqa: F401
    from parsers.models import format_key, split_key  # noqa: F401
    from parsers.normalize import fold, normalize, title_key  # noqa: F401
    from parsers.segment import segment  # noqa: F401
    from parsers.vocab import Vocabulary, load_vocabulary  # noqa: F401

# the public name → the module that defines it
EXPORTS: dict[str, str] = {
    "LoadError": "parsers.load",
    "Vocabulary": "parsers.vocab",
    "compare_targets": "parsers.mandates",
    "extract_mandates": "parsers.mandates",
    "find_citations": "parsers.find",
    "fold": "parsers.normalize",
    "format_key": "parsers.models",
    "iter_sources": "parsers.load",
    "load_document": "parsers.load",
    "load_vocabulary": "parsers.vocab",
    "normalize": "parsers.normalize",
    "segment": "parsers.segment",
    "split_key": "parsers.models",
    "title_key": "parsers.normalize",
}

__all__ = sorted(EXPORTS)


def _export(name: str) -> Any:
    return getattr(importlib.import_module(EXPORTS[name]), name)


def _verb_named_like_its_module(name: str) -> property:
    def get(self: types.ModuleType) -> Any:
        return _export(name)

    def bind(self: types.ModuleType, value: Any) -> None:
        pass  # the import system binding the submodule: the verb keeps the name

    return property(get, bind)


class _Package(types.ModuleType):
    normalize = _verb_named_like_its_module("normalize")
    segment = _verb_named_like_its_module("segment")

    def __getattr__(self, name: str) -> Any:
        if name in EXPORTS:
            value = _export(name)
            setattr(self, name, value)
            return value
        raise AttributeError(f"module 'parsers' has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *EXPORTS})


sys.modules[__name__].__class__ = _Package
