"""User-facing messages: Vietnamese by default, English with ``--lang en``.

The texts live in ONE catalogue, ``data/messages/*.yaml``, loaded by :mod:`parsers.messages`
(the lowest layer, so the parsers' errors render from it too); this module re-exports it:
``MESSAGES`` is that catalogue (the same dict), :func:`t` renders a key in a language with its
``{fields}``, ``HELP_VI`` is the Vietnamese help of the CLI (``data/messages/help.yaml``).
tests/test_messages.py asks every key for both languages, for a use, and for the same fields.
"""

from __future__ import annotations

import regex

from parsers.messages import CATALOGUE as MESSAGES
from parsers.messages import HELP_VI, LANGS, Msg, Pair, both, keys, t

# Notes that parsers.targets.compare_targets attaches to a comparison are English data; the
# catalogue's ``note.*`` entries give each note's English form (its fields as ``{name}``) and its
# Vietnamese text.
_FIELD = regex.compile(r"\\\{(\w+)\\\}")


def _note_patterns() -> list[tuple[regex.Pattern[str], str]]:
    out = []
    for key in keys("note."):
        en = regex.escape(MESSAGES[key]["en"])
        out.append((regex.compile("^" + _FIELD.sub(r"(?P<\1>.+)", en) + "$"), key))
    return out


_NOTES = _note_patterns()


def note_text(note: str | None, lang: str = "vi") -> str:
    """A target-comparison note in ``lang`` (unknown notes are shown as they are)."""
    if not note or lang == "en":
        return note or ""
    for pattern, key in _NOTES:
        m = pattern.match(note)
        if m:
            return t(key, lang, **m.groupdict())
    return note


def help_text(command: str, param: str | None, lang: str) -> str | None:
    """The Vietnamese help of ``command`` (or of its option ``param``) when ``lang`` is
    Vietnamese; ``None`` otherwise (the command's own English text is then shown)."""
    if lang == "en":
        return None
    if param is None:
        return HELP_VI.get(f"help.{command}")
    return HELP_VI.get(f"help.{command}.{param}") or HELP_VI.get(f"help.opt.{param}")


__all__ = [
    "HELP_VI",
    "LANGS",
    "MESSAGES",
    "Msg",
    "Pair",
    "both",
    "help_text",
    "keys",
    "note_text",
    "t",
]
