"""Where a citing document stands (:class:`Context`: its unit, province, date) and who
issued what it cites (:func:`default_issuer_rule`); the default rules of
:func:`graph.resolve.resolve` (with :func:`graph.relation_rule.default_relation_rule`), with
:func:`agent_code` and :func:`is_local` for symbols."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar, cast

import regex

from graph import ids, units
from graph.models import Issuer
from parsers.models import (
    Citation,
    NormalizedText,
    SegmentedDocument,
)
from parsers.normalize import fold
from parsers.vocab import (
    IssuerCode,
    Vocabulary,
    load_vocabulary,
    local_levels,
    per_vocabulary,
)

# compiled once: a string pattern costs a cache look-up at every call
_RE_PARTY_BODY = regex.compile(r"\b(?:tinh|huyen|thanh|dang) uy$")
_RE_TINH = regex.compile(r"\btinh\b")
_RE_CITY = regex.compile(r"\bthanh (?:pho|uy)\b")
_RE_DISTRICT = regex.compile(r"\b(?:huyen|thanh pho|thi xa|quan)\b")
_RE_COMMUNE = regex.compile(r"\b(?:xa|phuong|thi tran|dac khu)\b")
_RE_UBND = regex.compile(r"(?:uy ban nhan dan|ubnd)\b")
_RE_HDND = regex.compile(r"(?:hoi dong nhan dan|hdnd)\b")


# short strings (codes, issuer phrases, titles) are folded again and again: kept
_fold = functools.lru_cache(maxsize=16384)(fold)

_F = TypeVar("_F", bound=Callable[..., Any])


def _per_vocabulary(fn: _F) -> _F:
    """Memoise ``fn``, a pure function of its arguments and the default vocabulary, for as
    long as :func:`load_vocabulary` returns the same vocabulary (at most 65,536 answers)."""
    memo: dict[tuple[Any, ...], Any] = {}
    owner: list[Vocabulary | None] = [None]

    @functools.wraps(fn)
    def memoised(*args: Any) -> Any:
        voc = load_vocabulary()
        if owner[0] is not voc or len(memo) >= 65536:
            memo.clear()
            owner[0] = voc
        try:
            return memo[args]
        except KeyError:
            got = memo[args] = fn(*args)
            return got

    return cast(_F, memoised)


@dataclass(frozen=True)
class Context:
    """Where the citing document stands: its own unit, province and date."""

    unit: units.Unit | None
    province: units.Unit | None
    on: date | None
    district: units.Unit | None = None  # the district the document's unit lies in, if any
    # where ``on`` comes from: "date" (the document's own date line), "citations" (an undated
    # page: the latest date it cites), "unknown" (neither: units are taken as last known)
    era_from: str = "date"

    @property
    def level(self) -> str:
        return self.unit.level if self.unit else "unknown"


@_per_vocabulary
def agent_code(symbol: str | None) -> str | None:
    """The issuing agent's code in a symbol, in official capitalisation.

    ``NQ-CP`` → ``CP``; ``KH-UBND`` → ``UBND``; ``NQ/TU`` → ``TU``;
    ``QH13`` → ``QH``; ``BNV-CCHC`` (a letter) → ``BNV``; ``QĐ-TTg`` → ``TTg``.
    """
    if not symbol:
        return None
    voc = load_vocabulary()
    if "/" in symbol:
        parts = [symbol.rsplit("/", 1)[1]]
    else:
        parts = symbol.split("-")
        if len(parts) > 1 and voc.type_by_symbol.get(_fold(parts[0])) is not None:
            parts = parts[1:]
    head = parts[0]
    if not head:
        return None
    ic = voc.issuer_code(_fold(head))
    if ic is None:
        # "18/BCTĐ-STP", "1530/TTr-SCT": a document-kind code before the issuer's own code
        later = (voc.issuer_code(_fold(p)) for p in parts[1:] if p)
        ic = next((x for x in later if x is not None and x.level != "context"), None)
    return ic.code if ic is not None else head


@_per_vocabulary
def is_local(code: str) -> bool:
    ic = load_vocabulary().issuer_code(_fold(code))
    if ic is not None:
        return ic.level in local_levels()
    return _fold(code) in {"ubnd", "hdnd", "tu", "hu"}


@_per_vocabulary
def _central_name(code: str) -> str:
    ic = load_vocabulary().issuer_code(_fold(code))
    return ic.name if ic is not None else code


def _bare_place(place: str) -> str:
    """A place line's name without "TP.", "thành phố", "TX.", "thị xã"."""
    return regex.sub(r"^(?:tp\.?|thành phố|tx\.?|thị xã)\s*", "", place.strip(), flags=regex.I)


_DISTRICT_BODY = regex.compile(r"\b(?:ubnd|uy ban nhan dan)\s+(?:huyen|thanh pho|thi xa|quan)\b")


def _district_from_place(
    place: str | None, province: units.Unit, on: date | None, folded_opening: str
) -> units.Unit | None:
    """The district a place line names ("Cao Lộc, ngày …", "TP. Lạng Sơn, ngày …").

    A place that is also the province's name ("Lạng Sơn") is the province unless the line
    says "TP." or the opening speaks of "UBND huyện/thành phố".
    """
    if not place:
        return None
    bare = _bare_place(place)
    unit = units.find_unit(bare, "district", on=on, within=province.code)
    if unit is None:
        return None
    if (
        unit.short_name != province.short_name
        or fold(place).startswith(("tp", "thanh pho"))
        or _DISTRICT_BODY.search(folded_opening)
    ):
        return unit
    return None


_COMMUNE_HEADER = regex.compile(
    r"\b(?P<kind>xa|phuong|dac khu)\s+(?P<name>[a-z]+(?:\s+[a-z0-9]+){0,4})\s*$"
)
_COMMUNE_WORD = regex.compile(r"\b(?:xa|phuong|thi tran|dac khu)\s+\w")


def default_context_rule(seg: SegmentedDocument, norm: NormalizedText) -> Context:
    """The citing document's own unit from its issuer line, title, place and opening words."""
    h = seg.header
    on = h.date
    head_text = " ".join(x for x in (h.issuer_line, h.title) if x)
    opening = norm.text[: min(len(norm.text), 3000)]
    found = units.units_in(head_text, on=on) or units.units_in(opening, on=on)
    province = next((u for u in found if u.level == "province"), None)
    district = next((u for u in found if u.level == "district"), None)
    if province is None and district is not None and district.parent_code:
        province = units.province(district.parent_code, on)
    if province is None and h.place:
        # a party header names no unit kind ("TỈNH ỦY THỪA THIÊN HUẾ"); its place line does
        # ("Thừa Thiên Huế, ngày 13 tháng 5 năm 2022", "Hà Giang, ngày …")
        province = units.find_unit(_bare_place(h.place), "province", on=on)
    if province is None:
        # after the reform, a commune header naming no province: the one commune of that name
        # ("ỦY BAN NHÂN DÂN / ĐẶC KHU VÂN ĐỒN", "Vân Đồn, ngày …" → Quảng Ninh)
        m = _COMMUNE_HEADER.search(fold(h.issuer_line or ""))
        commune = units.only_commune(m["kind"], m["name"], on) if m else None
        if commune is not None and commune.province_code:
            province = units.province(commune.province_code, on)
    if province is None:
        return Context(None, None, on)
    # a district named in the title; else a place that is a district of the province
    title_units = units.units_in(head_text, on=on, within=province.code)
    district = next((u for u in title_units if u.level == "district"), None)
    if district is None:
        district = _district_from_place(h.place, province, on, fold(opening))
    if district is None and _COMMUNE_WORD.search(fold(head_text)):
        # a commune's plan names its district in the opening ("… của UBND huyện Cao Lộc")
        district = next(
            (u for u in found if u.level == "district" and u.parent_code == province.code), None
        )
    if units.era_for(on) == "2025":
        # two-level government from 1 July 2025: a commune header ("ỦY BAN NHÂN DÂN / XÃ CAO
        # LỘC", 2026) is the commune, never the abolished district of the same name
        district = None
    # a commune plan names its commune in its title: "… xã Bảo Lâm năm 2024"
    scope = district or (province if units.era_for(on) == "2025" else None)
    commune = None
    if scope is not None:
        commune = next(
            (
                u
                for u in units.units_in(head_text, on=on, within=scope.code)
                if u.level == "commune"
            ),
            None,
        )
    return Context(commune or district or province, province, on, district)


def undated_context(
    rule: Callable[[SegmentedDocument, NormalizedText], Context],
    seg: SegmentedDocument,
    norm: NormalizedText,
    cited: Iterable[Citation],
) -> Context:
    """The context of a document, its era from its own date line or else its citations.

    An undated page (no date line of its own: a portal excerpt, a register row) stands at
    the latest date it cites: "ỦY BAN NHÂN DÂN / XÃ CAO LỘC" citing plans of 2026 is the
    2026 commune, never the abolished district. No own date and no dated citation: the era
    is unknown (``era_from="unknown"``) and units are taken as last known.
    """
    ctx = rule(seg, norm)
    if ctx.on is not None:
        return replace(ctx, era_from="date")
    latest = max((c.date for c in cited if c.date is not None), default=None)
    if latest is None:
        return replace(ctx, era_from="unknown")
    dated = replace(seg, header=replace(seg.header, date=latest))
    return replace(rule(dated, norm), on=latest, era_from="citations")


def with_source_province(ctx: Context, source: str) -> Context:
    """A document whose text names no province takes the one its file or folder names
    (:func:`graph.units.province_in_path`): a register row of "binhduong_ubnd_tinh.tsv"."""
    if ctx.province is not None:
        return ctx
    prov = units.province_in_path(source, ctx.on)
    return ctx if prov is None else replace(ctx, unit=ctx.unit or prov, province=prov)


def _city_party_body(body: str, unit: units.Unit) -> str:
    """A centrally-run city's party committee is its Thành ủy: "Thành ủy Hà Nội", "Ban
    Thường vụ Thành ủy Huế" (Huế from 1 January 2025; Tỉnh ủy Thừa Thiên Huế before)."""
    if unit.level == "province" and unit.kind == "thành phố trung ương":
        return regex.sub(r"Tỉnh ủy$", "Thành ủy", body)
    return body


def _issuer(agent: str, unit: units.Unit | None, name_hint: str | None) -> Issuer:
    agent_l = _fold(agent).lower()
    if not is_local(agent):
        return Issuer(agent_l, _central_name(agent), "vn", "central")
    body = name_hint or _central_name(agent)  # "UBND", "Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"
    if unit is None:
        return Issuer(agent_l, body, "vn-unknown", "unknown")
    body = _city_party_body(body, unit)
    if _RE_PARTY_BODY.search(_fold(body)):
        name = f"{body} {unit.short_name}"  # "Ban Thường vụ Tỉnh ủy Lạng Sơn"
    else:  # "UBND tỉnh Lạng Sơn", "Sở Tư pháp tỉnh An Giang", "UBND thành phố Đà Nẵng"
        kind = "thành phố" if unit.kind == "thành phố trung ương" else unit.kind
        name = f"{body} {kind} {unit.short_name}"
    return Issuer(agent_l, name, unit.jurisdiction, unit.level, unit.name)


_UNIT_KIND = r"(?:tinh|thanh\s+pho|huyen|quan|thi\s+xa|thi\s+tran|xa|phuong|dac\s+khu)"
# "… ngày 30/12/2025 của HĐND tỉnh An Giang bãi bỏ …": "của", the printed body (at most nine
# words: "Ban Chấp hành Đảng bộ Ủy ban nhân dân"), then a unit kind and up to four name words
_PRINTED_OF = regex.compile(r"[^;\n|]{0,70}?\bcua\s+(?P<chair>(?:pho\s+)?chu\s+tich\s+)?")
_PRINTED_UNIT = regex.compile(
    rf"(?:[a-z]+\s+){{0,9}}?(?P<unit>{_UNIT_KIND}\s+[a-z]+(?:\s+[a-z]+){{0,3}})"
)
# a party committee named as printed: "của Ban Chấp hành Đảng bộ thành phố", "… Đảng bộ Ủy
# ban nhân dân thành phố" (the 2025 party bodies), "… Đảng bộ tỉnh" (folded)
_PARTY_BODY = regex.compile(
    r"ban\s+chap\s+hanh\s+dang\s+bo(?:\s+(?:uy\s+ban\s+nhan\s+dan|ubnd|cac\s+co\s+quan\s+dang))?"
    rf"(?=\s+{_UNIT_KIND}\b)"
)
_TRAILING_KIND = regex.compile(r"\s+(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)$")
_TAIL_WINDOW = 200


def with_printed_issuer(cit: Citation, norm: NormalizedText) -> Citation:
    """``cit`` with its issuer as printed after the mention, the unit's name included.

    The finder canonicalises the issuer phrase ("của HĐND tỉnh An Giang" → "HĐND tỉnh"); the
    unit named after it decides the jurisdiction ("HĐND tỉnh An Giang" in a Kiên Giang row of
    the merged province's register), and "của Chủ tịch UBND tỉnh" is the chairman's decision.
    Only local bodies: a central body's name is never completed by a place.
    """
    code = _code_for_issuer_text(cit.issuer) if cit.issuer else None
    code = code or agent_code(cit.symbol)
    if not cit.issuer or code is None or not is_local(code):
        return cit
    i = bisect.bisect_left(norm.offsets, cit.mention.end, 0, len(norm.text))
    end = min(len(norm.folded), i + _TAIL_WINDOW)
    of = _PRINTED_OF.match(norm.folded, i, end)
    if of is None:
        return cit
    party = _PARTY_BODY.match(norm.folded, of.end(), end)
    if party is not None:
        kind = regex.match(rf"\s+{_UNIT_KIND}", norm.folded[party.end() : end])
        unit = _PRINTED_UNIT.match(norm.folded, party.end() + 1, end)
        stop = unit.end("unit") if unit is not None else party.end() + (kind.end() if kind else 0)
        return replace(cit, issuer=" ".join(norm.text[of.end() : stop].split()))
    chair = "Chủ tịch " if of["chair"] and not _fold(cit.issuer).startswith("chu tich") else ""
    m = _PRINTED_UNIT.match(norm.folded, of.end(), end)
    if m is None:  # "của Chủ tịch UBND tỉnh" with no name after it
        return replace(cit, issuer=chair + cit.issuer) if chair else cit
    unit = norm.text[m.start("unit") : m.end("unit")]
    return replace(cit, issuer=f"{chair}{_TRAILING_KIND.sub('', cit.issuer)} {unit}")


def default_issuer_rule(cit: Citation, ctx: Context) -> Issuer | None:
    """Resolve a cited document's issuer from its symbol, the words "của UBND tỉnh", and context."""
    code = agent_code(cit.symbol)
    text = cit.issuer or ""
    ftext = _fold(text)
    if code is None:
        if not text:
            return None
        code = _code_for_issuer_text(text) or ""
        if not code:
            return Issuer(_issuer_code_from_name(text), text, "vn", "central")
    agent_l = _fold(code).lower()
    printed = _code_for_issuer_text(text, cit.date or ctx.on) if text else None
    if printed and not is_local(printed) and printed != code:
        known = load_vocabulary().issuer_code(_fold(code))
        if known is None or is_local(code):
            # the printed phrase wins over the symbol code: "525/CV-KHĐT … của Bộ Công nghiệp"
            return _issuer(printed, None, None)
    if not is_local(code):
        central = _issuer(code, None, None)
        # the symbol fixes the identity (agent); the words of the text name the body
        if text and not is_local(_code_for_issuer_text(text) or code):
            return Issuer(
                central.agent, text, central.jurisdiction, central.level, central.unit_name
            )
        return central
    # local: which unit?
    on = cit.date or ctx.on
    named = units.units_in(text, on=on, within=ctx.province.code if ctx.province else None)
    if not named:
        # a province printed by name is that province, whatever the context
        named = [u for u in units.units_in(text, on=on) if u.level == "province"]
    unit: units.Unit | None = named[-1] if named else None
    ic = load_vocabulary().issuer_code(_fold(code))
    city = ctx.province is not None and ctx.province.kind == "thành phố trung ương"
    if unit is None:
        if agent_l == "tu" or _RE_TINH.search(ftext):
            unit = ctx.province
        elif ic is not None and ic.level == "province":
            unit = ctx.province  # a department: "1530/TTr-SCT" → Sở Công Thương of the province
        elif city and _RE_CITY.search(ftext) and not _in_city_district(ctx):
            # "UBND thành phố", "HĐND thành phố", "Thành ủy" of Hà Nội, Cần Thơ, Huế …
            unit = ctx.province
        elif _RE_DISTRICT.search(ftext):
            unit = ctx.district
        elif _RE_COMMUNE.search(ftext):
            unit = ctx.unit if ctx.unit is not None and ctx.unit.level == "commune" else None
        else:
            unit = ctx.unit
    hint = "Ban Thường vụ Tỉnh ủy" if "ban thuong vu" in ftext else None
    party = _PARTY_BODY.match(ftext)
    if party is not None:  # "Ban Chấp hành Đảng bộ thành phố Cần Thơ", as printed
        hint = " ".join(text.split()[: len(party.group().split())])
    if ftext.startswith(("chu tich ubnd", "chu tich uy ban nhan dan")):
        hint = "Chủ tịch UBND"  # "25/QĐ-UBND … của Chủ tịch UBND tỉnh": the chairman's
    return _issuer(code, unit, hint)


def _in_city_district(ctx: Context) -> bool:
    """Whether the citing document is a district-level city's inside a centrally-run city
    (Thủ Đức, 2021-2025): there "thành phố" is that city."""
    return ctx.district is not None and ctx.district.kind == "thành phố"


@per_vocabulary
def _issuer_names(vocab: Vocabulary) -> tuple[dict[str, tuple[IssuerCode, ...]], int]:
    """The vocabulary's issuer codes by folded name (in vocabulary order), and the longest
    name's length; built once per vocabulary."""
    by_name: dict[str, list[IssuerCode]] = {}
    for ic in vocab.issuer_codes:
        by_name.setdefault(fold(ic.name), []).append(ic)
    longest = max((len(n) for n in by_name), default=0)
    return {n: tuple(v) for n, v in by_name.items()}, longest


@_per_vocabulary
def _code_for_issuer_text(text: str, on: date | None = None) -> str | None:
    """The issuer code of an issuer named in running text: "Quốc hội" → QH, "UBND tỉnh" → UBND.

    The longest vocabulary name that is the whole text or its first words wins; of several
    codes of one body the one valid at ``on`` wins ("Bộ Nông nghiệp và Phát triển nông
    thôn": BNNPTNT, before 1 March 2025). The names are looked up by the text's prefixes
    that end at a word break (the longest first), not compared one by one."""
    ftext = _fold(text)
    by_name, longest = _issuer_names(load_vocabulary())
    ends = [len(ftext)] if len(ftext) <= longest else []
    i = ftext.rfind(" ", 0, longest + 1)
    while i >= 0:
        ends.append(i)
        i = ftext.rfind(" ", 0, i)
    for end in ends:  # longest first
        for ic in by_name.get(ftext[:end], ()):
            if ic.valid_on(on):
                return ic.code
    if _RE_UBND.match(ftext):
        return "UBND"
    if _RE_HDND.match(ftext):
        return "HĐND"
    return None


def _issuer_code_from_name(text: str) -> str:
    """An agent slug for an issuer the vocabulary does not know, from its name."""
    return ids.segment(text)[:40]
