"""The one message catalogue: every user-facing text in Vietnamese and English.

The texts are data, ``data/messages/*.yaml`` (one file per area: ``cli``, ``checks``, ``report``,
``web``, ``errors``), each a mapping ``key: {vi: …, en: …}``; fixing a term is one edit there. The
Vietnamese help of the CLI is ``data/messages/help.yaml`` (``key: text``, :data:`HELP_VI`): the
English help is the one written in each command's decorator. This is
the lowest layer (``parsers`` imports nothing from ``graph``), so the parsers' errors render from
it too; ``graph.messages`` re-exports :data:`CATALOGUE` as ``MESSAGES`` (the same dict object, so
``MESSAGES.update({...})`` there adds keys every :func:`t` sees).

A text may hold ``{name}`` fields, filled from the keyword arguments of :func:`t`; an argument
that is a :class:`Msg` (a key with its own arguments) is rendered in the same language, for the
words that change with it ("năm"/"year"), a :class:`Pair` (a text given in both languages, such
as another error's) likewise; a tuple of messages is rendered joined by ", ". A :class:`Note` is
a message that is also its Vietnamese string (a document's warning).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers.yamldata import read_yaml

MESSAGES_DIR = Path(__file__).resolve().parents[1] / "data" / "messages"
HELP_FILE = "help.yaml"
LANGS = ("vi", "en")


def _read(path: Path) -> dict[Any, Any]:
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a mapping of message keys is expected")
    return data


def load_catalogue(directory: Path = MESSAGES_DIR) -> dict[str, dict[str, str]]:
    """Every ``key: {vi, en}`` of the YAML files in ``directory``; a key defined twice, or an
    entry without both languages, is an error naming the file."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == HELP_FILE:
            continue
        for key, entry in _read(path).items():
            if key in out:
                raise ValueError(f"{path}: message {key!r} defined twice")
            if not isinstance(entry, dict) or set(entry) != set(LANGS):
                raise ValueError(f"{path}: message {key!r} needs exactly vi and en")
            out[str(key)] = {lang: str(entry[lang]) for lang in LANGS}
    return out


def load_help(directory: Path = MESSAGES_DIR) -> dict[str, str]:
    """The Vietnamese help texts of ``help.yaml`` (``help.COMMAND[.PARAM]: text``)."""
    path = directory / HELP_FILE
    out: dict[str, str] = {}
    for key, text in _read(path).items():
        if not (isinstance(key, str) and key.startswith("help.") and isinstance(text, str)):
            raise ValueError(f"{path}: {key!r} needs a help.* key and one Vietnamese text")
        out[key] = text
    return out


CATALOGUE: dict[str, dict[str, str]] = load_catalogue()
HELP_VI: dict[str, str] = load_help()


@dataclass(frozen=True)
class Msg:
    """A message not yet rendered: its catalogue key and arguments."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Pair:
    """A text that already exists in both languages (an error's own ``vi``/``en``), passed as a
    field of a catalogue message and shown in the message's language."""

    vi: str
    en: str

    def text(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class Note(str):
    """A message kept where a plain text is expected (a loaded document's warnings): the string
    is the Vietnamese text, byte for byte, so stored and printed Vietnamese stays as it was;
    :meth:`text` renders it in another language (:func:`in_lang`). Pickles as its key and
    arguments."""

    msg: Msg

    def __new__(cls, key: str, **params: Any) -> Note:
        self = super().__new__(cls, t(key, "vi", **params))
        self.msg = Msg(key, params)
        return self

    def text(self, lang: str = "vi") -> str:
        return self.msg.text(lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_note, (self.msg.key, self.msg.params))


def _note(key: str, params: dict[str, Any]) -> Note:
    return Note(key, **params)


def in_lang(text: str, lang: str = "vi") -> str:
    """``text`` in ``lang``: a :class:`Note` rendered there, any other text as it is."""
    return text.text(lang) if isinstance(text, Note) else text


def t(key: str, lang: str = "vi", **params: Any) -> str:
    """The message ``key`` in ``lang`` (falls back to Vietnamese, then to the key), its
    ``{name}`` fields filled from ``params`` (a :class:`Msg` or :class:`Pair` argument in the same
    language)."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["vi"]
    if not params:
        return text
    return text.format(**{k: _value(v, lang) for k, v in params.items()})


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, (Msg, Pair)):
        return value.text(lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Msg) for v in value):
        return ", ".join(v.text(lang) for v in value)
    return value


def both(key: str, **params: Any) -> tuple[str, str]:
    """The message ``key`` in Vietnamese and in English."""
    return t(key, "vi", **params), t(key, "en", **params)


def keys(prefix: str) -> list[str]:
    """The catalogue's keys under ``prefix`` (``"page."``), in their order."""
    return [k for k in CATALOGUE if k.startswith(prefix)]


__all__ = [
    "CATALOGUE",
    "HELP_VI",
    "LANGS",
    "MESSAGES_DIR",
    "Msg",
    "Note",
    "Pair",
    "both",
    "in_lang",
    "keys",
    "load_catalogue",
    "load_help",
    "t",
]
