"""Named SPARQL queries, one ``.rq`` file each, in this folder.

Every file starts with comment lines saying which planning question it answers; a variable
that the caller binds is listed in a ``# bind: ?var`` line. Queries are read once, prepared
by the store, and run with bound values (never built by pasting user text)::

    from graph import queries
    rows = queries.run(store, "implementers", doc=URIRef(iri))
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    question: str  # the comment lines at the top, joined
    binds: tuple[str, ...]


@cache
def get(name: str) -> NamedQuery:
    """The named query ``name`` (file ``graph/queries/{name}.rq``)."""
    if not regex.fullmatch(r"[a-z0-9_\-]+", name):
        raise KeyError(f"not a query name: {name!r}")
    res = resources.files(__package__) / f"{name}.rq"
    if not res.is_file():
        raise KeyError(f"no named query {name!r}; known: {', '.join(names())}")
    text = res.read_text(encoding="utf-8")
    comments = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("#")]
    binds = tuple(
        v for ln in comments if ln.startswith("bind:") for v in regex.findall(r"\?(\w+)", ln)
    )
    question = " ".join(c for c in comments if not c.startswith("bind:"))
    return NamedQuery(name, text, question, binds)


def names() -> list[str]:
    return sorted(
        p.name[:-3] for p in resources.files(__package__).iterdir() if p.name.endswith(".rq")
    )


def run(store: Any, name: str, **bindings: Any) -> Any:
    """Run the named query on ``store`` with ``bindings`` (variable name → value)."""
    q = get(name)
    unknown = set(bindings) - set(q.binds)
    if unknown:
        raise KeyError(f"query {name!r} binds {q.binds}, not {sorted(unknown)}")
    return store.query(q.text, bindings or None)
