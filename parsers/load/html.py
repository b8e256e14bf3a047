"""``.html``/``.htm`` pages saved from the legal portals (vbpl.vn, thuvienphapluat.vn).

The document body, not the navigation: the containers the portals use for the
full text are tried first (:data:`BODY_SELECTORS`); otherwise the block with the
most text outside links wins (content density). Scripts, styles, menus, headers,
footers and forms are dropped; block elements and ``<br>`` become line breaks,
table cells are joined by ``" | "`` like ``.docx`` tables. The encoding comes from
the byte-order mark or ``<meta charset>`` (lxml), UTF-8 otherwise; the text is
NFC-composed (a ``windows-1258`` page writes tones as combining marks).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.load.base import TABLE_CELL_SEPARATOR, LoadError, _sniff
from parsers.messages import Msg

if TYPE_CHECKING:  # lxml is imported when a page is read (not at every build's start-up)
    from lxml import etree

# Full-text containers of the portals, most specific first (XPath).
BODY_SELECTORS: tuple[str, ...] = (
    "//*[@id='toanvancontent']",  # vbpl.vn
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' toanvancontent ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' fulltext ')]",  # vbpl.vn
    "//*[@id='divContentDoc']",  # thuvienphapluat.vn
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content1 ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' cldivContentDocVn ')]",
    "//article",
    "//main",
)
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "aside", "iframe")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "section",
        "article",
        "blockquote",
        "pre",
        "dd",
        "dt",
    ]
)
_CELLS = frozenset({"td", "th"})
_MIN_BODY_CHARS = 200


def _density(el: etree._Element) -> int:
    text = sum(len(t.strip()) for t in el.itertext())
    links = sum(len(t.strip()) for a in el.iter("a") for t in a.itertext())
    return text - 2 * links


def _body(root: etree._Element) -> etree._Element:
    for xpath in BODY_SELECTORS:
        found = [e for e in root.xpath(xpath) if _density(e) >= _MIN_BODY_CHARS]
        if found:
            return max(found, key=_density)
    best, score = root, -1
    for el in root.iter("div", "td", "section", "body"):
        # the densest block whose own children do not carry it alone
        s = _density(el)
        kids = [c for c in el if isinstance(c.tag, str)]
        if kids and max(_density(c) for c in kids) > 0.9 * s:
            continue
        if s > score:
            best, score = el, s
    return best


def _text(el: etree._Element) -> str:
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCKS:
            out.append("\n")
        if node.text and tag:
            out.append(node.text)
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in _CELLS:
                out.append(TABLE_CELL_SEPARATOR)
            if child.tail:
                out.append(child.tail)
        if tag in _BLOCKS:
            out.append("\n")

    walk(el)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    cleaned = [line.removesuffix(TABLE_CELL_SEPARATOR.strip()).strip() for line in lines]
    text, blank = [], False
    for line in cleaned:
        if line:
            text.append(line)
            blank = False
        elif not blank and text:
            text.append("")
            blank = True
    return "\n".join(text).strip() + "\n"


def _load_html(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The body text of a saved web page, and warnings."""
    kind = _sniff(data)
    if kind is not None:
        raise LoadError(path, "wrong_content", ext=path.suffix.lower(), kind=kind)
    page: str | bytes = data
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            page = data.decode(codec, "replace")
    head = page[:4096].lower() if isinstance(page, str) else page[:4096].decode("latin-1").lower()
    if not any(t in head for t in ("<html", "<body", "<div", "<p", "<!doc")):
        raise LoadError(path, "invalid_html", detail=Msg("load.detail.no_html_tags"))
    import lxml.html  # third-party, only for web pages (as parsers.load.docx does)
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise LoadError(path, "invalid_html", detail=str(exc)) from None
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    text = unicodedata.normalize("NFC", _text(_body(root)))  # cp1258 pages: combining tones
    if not any(c.isalpha() for c in text):
        raise LoadError(path, "invalid_html", detail=Msg("load.detail.no_page_text"))
    return text, []
