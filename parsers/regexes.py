"""Every regular expression of the parsers, composed from small named pieces.

All citation patterns run on ``NormalizedText.folded`` (lower case, no diacritics, ``đ`` →
``d``, same offsets as ``text``) so that text without diacritics and OCR output match
the same patterns; surface values are then read from ``text`` at the same offsets. A few
patterns that need capital letters (place names, sentence ends) run on ``text``.

Vocabulary-driven pieces (type words, issuer phrases, named documents) are compiled from
``data/vocab/*.yaml`` by :func:`compiled` once.

Linear time: no pattern nests unbounded quantifiers; every repetition is bounded, and
the look-behind windows in :mod:`parsers.find` are of bounded length, so the total work
is linear in the length of the text even on adversarial input ("số 1/" × 10⁵).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.vocab import Vocabulary, load_vocabulary, per_vocabulary

FLAGS = regex.VERBOSE | regex.VERSION1 | regex.MULTILINE

# --------------------------------------------------------------------------- white space

# Between the words of a name: spaces, at most a line break or two.
# "Nghị\nđịnh số" (gazette hard line breaks)
GAP = r"\s{1,4}"

# Inside a symbol: a few spaces or one line break.
# "Kế hoạch số 195/KH-\nUBND", "19- NQ/TW", "109/UBND - VX", "02 /KH-UBND"
SYM_GAP = r"[ \t]{0,2}(?:\n[ \t]{0,2})?"

# --------------------------------------------------------------------------- numbers, symbols

# The document number, optionally dotted or with a letter suffix.
# "76" in 76/NQ-CP; "66.16" in 66.16/2026/NQ-CP; "30c" in 30c/NQ-CP
NUMBER = r"(?<![\w./-])(?P<number>\d{1,5}+(?:\.\d{1,3}+)?[a-z]?)"

# The year inside a normative number. "2020" in 45/2020/NĐ-CP
YEAR = r"(?P<year>(?:19|20)\d{2})"

# A slash, possibly with OCR spaces or a line break. "338/\n2016/TT-BTC"
SLASH = rf"{SYM_GAP}/{SYM_GAP}"

# A hyphen between codes. "NQ-CP", "KH-\nUBND", "UBND - VX"
HYPHEN = rf"{SYM_GAP}-{SYM_GAP}"

# One code of a symbol (folded): "nq", "ttg", "qh13", "hdnd", "bkhdt"
CODE = r"[a-z][a-z0-9]{0,11}+"

# Unusual separators between the codes of an administrative symbol, written tight:
# "2231/SNV-CCHC&PC" (kept), "19/2001/CT/UB", "01/1999/QĐ.UB" (read as a hyphen)
ODD_SEP = r"(?:&|[./](?=[a-z]))"

# Administrative and normative form: number [/year] / codes.
# "76/NQ-CP", "45/2020/NĐ-CP", "80/2015/QH13", "6459/BNV-CCHC", "194/TTr-CAT-QLHC", "5553/vpcp",
# typo "19-2017/nq-cp" (a hyphen before the year)
ADMIN_SYMBOL = rf"""
    (?: {SLASH} | (?P<dash>-)(?=(?:19|20)\d{{2}}/) ) (?:{YEAR} {SLASH})?
    (?P<sym>{CODE}(?:(?:{HYPHEN}|{ODD_SEP}){CODE}){{0,4}})
"""

# Party form: number - type / issuer. "60-NQ/TU", "19- NQ/TW", "08-QĐi/TW", "12-HD/BTGTW",
# "645-cv/tu", "120-tb/vptu"
PARTY_SYMBOL = rf"""
    {HYPHEN} (?P<ptype>[a-z]{{1,4}}) {SLASH}
    (?P<psym>{CODE}(?:{HYPHEN}{CODE}){{0,2}})
"""

# OCR dropped the slash: the type code is glued to the number. "19CT-TTg" → 19/CT-TTg
GLUED_SYMBOL = rf"""
    (?P<gtype>[a-z]{{2,4}}) {HYPHEN}
    (?P<gsym>{CODE}(?:{HYPHEN}{CODE}){{0,3}})
"""

# A number with its symbol: the anchor of every numbered citation.
ANCHOR = rf"""
    {NUMBER}
    (?: {ADMIN_SYMBOL} | {PARTY_SYMBOL} | {GLUED_SYMBOL} )
    (?![a-z0-9])
"""

# The codes of a symbol, one by one (applied to the symbol span)
CODE_TOKEN = r"[a-z][a-z0-9]*"

# The document's own number line. "Số: 02 /KH-UBND" at the start of a line; a law's header
# "Luật số: 56/2020/QH14" (OCR may put a stray mark before it: "' Luật số:")
OWN_NUMBER_LINE = r"""(?:^|\n)[ \t'"`._-]*
    (?:(?:bo[ \t]{1,3})?luat[ \t]{1,3}|phap[ \t]{1,3}lenh[ \t]{1,3})?
    s[o0]\.?[ \t]*(?P<colon>:)?[ \t]*\Z"""

# A number alone on its line in the first lines, before any "Căn cứ": the header number whose
# "Số:" the OCR lost ("CHÍNH PHỦ …\n47/2017/NĐ-CP \nHà Nội, ngày …")
LONE_TOP_NUMBER = 300

# --------------------------------------------------------------------------- before the number

# "số" and its OCR forms: "số", "sé", "s6", "sO", "s0", "sb", "s&", "s", "sd", "so:"
SO = r"(?<![a-z])s[o0-9&bedu]?\.?(?![a-z])"

# After a type word: up to three qualifying words, then "số".
# "Kế hoạch hành động số 165", "Quyết định số 1807", "Nghị quyết liên tịch số", "Quyết định 1807"
SHORT_TAIL = rf"""
    (?P<fill>(?:{GAP}(?!{SO})[a-z][a-z&]{{0,11}}){{0,3}})
    (?:{GAP}(?P<so>{SO}))?
    [\s:]{{0,4}}
"""

# After "Luật", "Bộ luật", "Pháp lệnh": the law's name, then "số".
# "Luật Ngân sách nhà nước số 83/2015/QH13", "Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13"
LAW_TAIL = rf"""
    (?P<name>{GAP}[^\s;()][^;()]{{0,160}}?)??
    (?:{GAP}(?P<so>{SO}))?
    [\s:]{{0,4}}
"""

# A line start before a type word, used to tell own-number lines: "Số:"
# --------------------------------------------------------------------------- dates

# OCR digits in a date: "22 tháng ] ] năm 2019", "ngày 22 tháng ó năm 2015"
_D = r"[0-9\]\[|!lio]{1,2}"

# "ngày 29 tháng 12 năm 2021", "ngày 18 tháng năm 2014" (month lost)
DATE_WORDS = rf"""
    (?P<wd>{_D})?\s{{0,3}} thang \s{{0,3}}
    (?P<wm>{_D}(?:[ ]{_D})?)?\s{{0,3}} nam \s{{1,3}} (?P<wy>\d{{4}})
"""

# "15/7/2021", "13/07/2022", "28.12.2020", "28-12-2020"
DATE_NUMERIC = r"""
    (?P<nd>\d{1,2})[ ]?(?P<sep>[/.-])[ ]?(?P<nm>\d{1,2})[ ]?(?P=sep)[ ]?(?P<ny>\d{4})(?!\d)
"""

# Damaged numeric date, kept as "a date whose value is unknown": "ngày 06/72021"
DATE_BROKEN = r"(?P<bad>\d{1,2}[ ]?/[ ]?\d{5,6})(?!\d)"

# "ngày" and its OCR forms: "ngày", "ngay", "ngáy", "ngdy"
NGAY = r"(?<![a-z])ng[adeiu][yv](?![a-z])"

# The symbol printed twice: "Nghị quyết số 37-NQ/TW NQ/TW ngày 24/12/2018" (the echo is skipped)
SYMBOL_ECHO = r"[ \t]{1,3}(?P<echo>[a-z]{1,5}(?:[/-][a-z]{1,6}){1,2})(?![a-z0-9/-])"

# A date right after a citation, in the same clause. ", ngày 15/12/2021", " 13/07/2022",
# " ngày\n\n29/7/2020", "ngày 22 tháng ] ] năm 2019"
DATE_CLAUSE = rf"""
    (?![ \t,]{{0,6}}\n[ \t]{{0,6}}\n)  # not across a blank line: "… năm 2013⏎⏎Ngày 19/05/2025"
    [\s,]{{0,6}}
    (?: (?P<ngay>{NGAY}) \s{{0,6}}:?\s{{0,3}} )?
    (?: {DATE_WORDS} | {DATE_NUMERIC} | {DATE_BROKEN} )
"""

# --------------------------------------------------------------------------- issuers

# "của" and its OCR forms: "ctia", "cta", "cia", "caa", "cuia", "ciia", "clia"
CUA = r"(?<![a-z])c(?:u|ti|t|i|a|ui|ii|li|l|ũ)?a(?![a-z])"

# Place name after an issuer, on the original text: "của UBND tỉnh Lạng Sơn"
PLACE = r"[ \t]{1,3}(?P<place>\p{Lu}\p{L}*(?:[ \t]{1,3}\p{Lu}\p{L}*){0,3})"

# --------------------------------------------------------------------------- titles

# "về việc …", "về …", "V/v …", OCR "V& viéc"
TITLE_INTRO = r"[\s,]{0,4}(?:v[e&][ \t]{1,3}viec|v/v|v[e&])(?![a-z])[\s:]{0,3}"

# Where a title ends (on the original text): ";", a blank line, a sentence end, a colon at
# a line end, or a comma opening a new clause ("…, UBND tỉnh ban hành Kế hoạch …").
TITLE_STOP = r"""
    ;
  | \n[ \t]*\n
  | \.(?=[ \t]*(?:\n|\p{Lu}|$))
  | :[ \t]*(?:\n|$)
  | ,[ \t]+(?=(?:để|nhằm|đồng[ ]thời|UBND|Ủy[ ]ban|Uỷ[ ]ban|HĐND|Ban[ ]Thường)[ ])
"""

# Title words that show the text after a citation is not its title (folded).
TITLE_NOT = r"""
    (?:va|hoac|cua|theo|tai|da|duoc|tren|de|nham|voi|cho|thi|la|co|den|trong|tu|khi|nay|nhu
      |gui|con|sau|dong|ve[ ]viec[ ]thuc|va[ ]cac)(?![a-z])
"""

# Connector words trimmed from the end of a title (folded). parsers.find trims them with a
# backwards word scan (linear on any input); TITLE_TRAIL states the same rule as a pattern and
# the tests check the two agree.
TITLE_TRAIL_WORDS = (
    "va",
    "hoac",
    "cua",
    "tai",
    "theo",
    "voi",
    "cac",
    "ve",
    "viec",
    "thuc hien",
    "trien khai",
)
TITLE_TRAIL = (
    r"(?:[\s,]+(?:va|hoac|cua|tai|theo|voi|cac|ve|viec|thuc[ ]hien|trien[ ]khai))+[\s,]*\Z"
)

# --------------------------------------------------------------------------- lists

# Between two citations that share a date and issuer: "Nghị quyết số 18-NQ/TW, Nghị quyết
# số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương"
LIST_GAP = r"[\s,]{0,4}(?:(?:va|hoac)\s{1,4})?"

# --------------------------------------------------------------------------- relation cues

# One group per relation (parsers.models.Relation); earlier alternatives win at a position.
# "Báo cáo kết quả thực hiện", "tổng kết Nghị quyết", "Căn cứ", "sửa đổi, bổ sung", "bãi bỏ",
# "thay thế", "hướng dẫn (thi hành)", "quy định chi tiết", "đính chính", "Thực hiện",
# "Triển khai (thực hiện)", "Cụ thể hóa"
CUE = r"""
    (?<![a-z])
    (?:
        (?P<reports_on>
            bao\s{1,4}cao(?:\s{1,4}(?:ve|ket\s{1,4}qua|tinh\s{1,4}hinh|viec|trien\s{1,4}khai,?|so\s{1,4}ket|tong\s{1,4}ket)){0,4}
            \s{1,4}th[uy]c\s{1,4}hien
          | (?:so\s{1,4}ket|tong\s{1,4}ket)(?:\s{1,4}\d{1,2}\s{1,4}nam)?
            (?:\s{1,4}(?:viec\s{1,4})?(?:thuc\s{1,4}hien|trien\s{1,4}khai))?
        )
      | (?P<based_on> can\s{1,4}c(?:u|ir|ú) )
      # "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 1494/TTr-SNV": a proposal the
      # document answers, not its legal basis (DESIGN.md §4): it only cites
      | (?P<cites> (?:xet|theo)\s{1,4}de\s{1,4}nghi )
      | (?P<amends> (?:sua|sira|stra|sura)\s{1,4}d(?:o|d|b|e)[il]
                    (?:\s{0,3},?\s{1,4}b[od]\s{1,4}sung)? )
      | (?P<repeals> bai\s{1,4}bo )
      | (?P<replaces> thay\s{1,4}the )
      | (?P<guides> huong\s{1,4}dan(?:\s{1,4}thi\s{1,4}hanh)?
                  | quy\s{1,4}dinh\s{1,4}chi\s{1,4}tiet )
      | (?P<corrects> (?<!(?:quyet|nghi|quy|on)\s{1,4})dinh\s{1,4}chinh
                      (?!\s{1,4}(?:tri|sach|phu|quyen|thuc)) )
      | (?P<implements>
            trien\s{1,4}khai(?:\s{0,3},?\s{1,4}th[uy]c\s{1,4}hien)?
          | th[uy]c\s{1,4}hien
          | cu\s{1,4}the\s{1,4}hoa
        )
    )
    (?![a-z])
"""

# Every alternative of CUE starts with one of these (folded) letters, right after a
# non-letter: parsers.find looks for them with fast literal searches and tries CUE only
# there (keep in step with CUE).
CUE_FIRST = (
    "bao",
    "so",
    "tong",
    "can",
    "sua",
    "sira",
    "stra",
    "sura",
    "bai",
    "thay",
    "huong",
    "quy",
    "dinh",
    "trien",
    "thuc",
    "thyc",
    "cu",
    "xet",
    "theo",
)

# The literal words every alternative of CUE starts with, separated by ``\s{1,4}`` (the last
# one may be only the start of a word): the finder's Aho-Corasick prefilter looks for these
# chains (parsers.prefilter.chain_keys), far fewer places than the first words alone ("so"
# stands before every number). Keep in step with CUE and CUE_FIRST.
CUE_CHAINS = (
    "bao cao",
    "so ket",
    "tong ket",
    "can c",
    "xet de nghi",
    "theo de nghi",
    "sua d",
    "sira d",
    "stra d",
    "sura d",
    "bai bo",
    "thay the",
    "huong dan",
    "quy dinh chi tiet",
    "dinh chinh",
    "trien khai",
    "thuc hien",
    "thyc hien",
    "cu the hoa",
)

# Words allowed between an in-title cue and the cited document it governs.
# "sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
# "được sửa đổi, bổ sung tại khoản 8 Điều 2 của Luật số 57/2024/QH15",
# "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành VBQPPL"
CUE_FILLER = r"""
    (?:m[oe]t\s{1,4}s[a-z0-9&]?\s{1,4}(?:di[a-z]u|noi\s{1,4}dung)(?:\s{1,4}va\s{1,4}bien\s{1,4}phap)?
      |cac\s{1,4}noi\s{1,4}dung|noi\s{1,4}dung|viec|c(?:u|ti|t|i|a|ui|ii|li|l)?a|thi\s{1,4}hanh|chi\s{1,4}tiet|tai|theo
      |boi|va|cac|hien\s{1,4}hanh|khoan\s{1,3}\d{1,3}|dieu\s{1,3}\d{1,3}|diem\s{1,3}[a-z]
      |bo\s{1,4}sung|nhiem\s{1,4}vu|muc\s{1,4}tieu|chuong\s{1,4}trinh)
"""

# A cue right before a cited document inside another citation's title; "được" marks the
# passive voice ("X được sửa đổi, bổ sung bởi Y": Y amends X).
INNER_CUE = rf"""
    (?P<passive>(?:da\s{{1,4}})?duoc\s{{1,4}})?
    (?P<cue>{CUE})
    (?:[\s,]{{1,4}}{CUE_FILLER}){{0,8}}
    [\s,]{{0,4}}\Z
"""

# The end of a cue's scope (original text): a blank line, a new list item, a sentence end.
SCOPE_BREAK = r"""
    \n[ \t]*\n
  | \n(?=[ \t]*(?:[-+•*–]|\d{1,2}[.)][ \t]|[a-zđ]\)|[IVX]{1,4}\.))
  | [.!?](?=[ \t]*(?:\n|\p{Lu}))
"""

# "theo" right before a plan: "bám sát chỉ tiêu theo Kế hoạch số 30/KH-UBND" (implements)
THEO_BEFORE = r"(?<![a-z])theo\s{1,4}\Z"

# --------------------------------------------------------------------------- names

# One word of a law's name (folded), with what separates it from the previous word.
# "Luật Phổ biến, giáo dục pháp luật", "Luật Lao động - Thương binh"
NAME_WORD = r"""\G
    (?P<sep>[ \t]{0,3}\n[ \t]{0,3} | [ \t]{1,3} | ,[ \t]{0,3}\n[ \t]{0,3} | ,[ \t]{1,3}
           | [ \t]{0,2}-[ \t]{1,2})
    (?P<w>[a-z0-9&]{1,20})(?![a-z0-9])
"""

# "năm 2015" after a law's name: "Luật Ban hành VBQPPL năm 2015"
NAME_YEAR = r"\G[ \t,]{1,3}(?:\n[ \t]{0,3})?nam[ \t]{1,3}(?P<year>(?:19|20)\d{2})(?!\d)"

# Phrases that end a law's name (folded), unless they are its first words.
NAME_STOP = r"""
    (?:quy\s{1,4}dinh|ban\s{1,4}hanh|huong\s{1,4}dan|sua\s{1,4}doi|hien\s{1,4}hanh|va\s{1,4}cac
      |so\s{1,4}\d|nam\s{1,4}\d|lien\s{1,4}quan|\d|(?:khoan|dieu|diem|chuong|muc)\s{1,4}\d)
"""

# Single words that end a law's name, written with their diacritics: "về" ends a name,
# "vệ" does not ("Luật An toàn, vệ sinh lao động"); "tại" ends it, "tài" does not.
# In text without diacritics the folded forms are used instead.
_STOPS = """ngày theo tại về để nhằm được đã thì trong khi này do cho với là có hoặc sau như gồm
    các mọi đang trước phải không sẽ bị cần nếu thuộc mà đến từ trên đối qua bằng"""
_STOPS_FOLDED = """ngay theo tai ve de nham duoc da thi trong khi nay do cho voi la co hoac sau nhu
    gom cac moi dang truoc phai khong se bi can neu thuoc ma den tu tren doi qua bang"""
NAME_STOP_WORDS = frozenset(_STOPS.split())
NAME_STOP_FOLDED = frozenset(_STOPS_FOLDED.split())

# A narrative lead dates the document it announces: "Ngày 21/04/2015, Thủ tướng Chính phủ đã
# ban hành Chỉ thị số 06/CT-TTg", "Ngày 04/3/2023, UBND thành phố Đà Nẵng đã ban hành Kế hoạch
# số 56/KH-UBND" (folded text before the type word)
NARRATIVE_DATE = r"""
    (?<![a-z])ngay\s{1,3}(?P<d>\d{1,2})\s{0,2}(?:[/.-]|\s{1,3}thang\s{1,3})\s{0,2}(?P<m>\d{1,2})
    \s{0,2}(?:[/.-]|\s{1,3}nam\s{1,3})\s{0,2}(?P<y>(?:19|20)\d\d)
    \s{0,3},?[^.;]{0,100}?(?<![a-z])ban\s{1,3}hanh\s{1,3}\Z
"""

# The word before a number that makes it a form, not a document: "mẫu số 17/TB-ĐKT",
# "Biểu số 01/BC-UBND", "Phụ lục số 02/KH"
FORM_BEFORE = (
    r"(?<![a-z])(?:mau|bieu|mau\s{1,4}bieu|phu\s{1,4}luc|bang)(?:\s{1,4}s[o0]\.?)?[\s:]{0,4}\Z"
)


# --------------------------------------------------------------------------- compiled


@dataclass(frozen=True)
class Patterns:
    anchor: regex.Pattern[str]
    code_token: regex.Pattern[str]
    own_number_line: regex.Pattern[str]
    type_word: regex.Pattern[str]
    law_word: regex.Pattern[str]
    short_tail: regex.Pattern[str]
    law_tail: regex.Pattern[str]
    date_clause: regex.Pattern[str]
    narrative_date: regex.Pattern[str]
    issuer_clause: regex.Pattern[str]
    place: regex.Pattern[str]
    title_intro: regex.Pattern[str]
    title_stop: regex.Pattern[str]
    title_not: regex.Pattern[str]
    list_gap: regex.Pattern[str]
    cue: regex.Pattern[str]
    inner_cue: regex.Pattern[str]
    scope_break: regex.Pattern[str]
    theo_before: regex.Pattern[str]
    name_word: regex.Pattern[str]
    name_year: regex.Pattern[str]
    name_stop: regex.Pattern[str]
    named_document: regex.Pattern[str] | None
    law_before_of: regex.Pattern[str]
    form_before: regex.Pattern[str]


def _alternation(spellings: list[str]) -> str:
    """Folded spellings → a regex alternation, longest first; a space matches any gap."""
    unique = sorted(set(spellings), key=lambda s: (-len(s), s))
    parts = [GAP.join(regex.escape(w) for w in s.split(" ")) for s in unique]
    return "|".join(parts)


def compiled(vocab: Vocabulary | None = None) -> Patterns:
    """All patterns, with the vocabulary pieces compiled in. Cached by the vocabulary's
    identity (hashing a vocabulary walks all its tables: slow for a call per document)."""
    return _compile(vocab or load_vocabulary())


@per_vocabulary
def _compile(v: Vocabulary) -> Patterns:
    plain_words = [w for t in v.doc_types if not t.named for w in t.words]
    law_words = [w for t in v.doc_types if t.named for w in t.words]
    # type word: "Nghị quyết", "Nghi quyét", "K& hoach", "Thông tư liên tịch", "Luật", ...
    type_word = (
        rf"(?<![a-z0-9])(?:(?P<law>{_alternation(law_words)})|{_alternation(plain_words)})(?![a-z])"
    )
    law_word = rf"(?<![a-z0-9])(?:{_alternation(law_words)})(?![a-z])"
    phrases = [t for p in v.issuer_phrases for t in p.texts]
    # "của Chính phủ", "ctia Chinh phu", "của Ban Thường vụ Tỉnh ủy", "của UBND tỉnh"
    issuer_clause = (
        rf"[\s,]{{0,4}}{CUA}{GAP}(?P<issuer>{_alternation(phrases)})[a-z0-9]{{0,2}}(?![a-z0-9])"
    )
    named_parts = []
    for i, nd in enumerate(v.named_documents):
        alts = list(nd.patterns)
        if nd.aliases:
            alts.append(_alternation(list(nd.aliases)))
        if alts:
            named_parts.append(f"(?P<n{i}>{'|'.join(alts)})")
    named = (
        regex.compile(rf"(?<![a-z0-9])(?:{'|'.join(named_parts)})(?![a-z0-9])", FLAGS)
        if named_parts
        else None
    )
    return Patterns(
        anchor=regex.compile(ANCHOR, FLAGS),
        code_token=regex.compile(CODE_TOKEN, FLAGS),
        own_number_line=regex.compile(OWN_NUMBER_LINE, FLAGS),
        type_word=regex.compile(type_word, FLAGS),
        law_word=regex.compile(law_word, FLAGS),
        short_tail=regex.compile(SHORT_TAIL, FLAGS),
        law_tail=regex.compile(LAW_TAIL, FLAGS),
        date_clause=regex.compile(DATE_CLAUSE, FLAGS),
        narrative_date=regex.compile(NARRATIVE_DATE, FLAGS),
        issuer_clause=regex.compile(issuer_clause, FLAGS),
        place=regex.compile(PLACE, FLAGS),
        title_intro=regex.compile(TITLE_INTRO, FLAGS),
        title_stop=regex.compile(TITLE_STOP, FLAGS),
        title_not=regex.compile(TITLE_NOT, FLAGS),
        list_gap=regex.compile(LIST_GAP, FLAGS),
        cue=regex.compile(CUE, FLAGS),
        inner_cue=regex.compile(INNER_CUE, FLAGS),
        scope_break=regex.compile(SCOPE_BREAK, FLAGS),
        theo_before=regex.compile(THEO_BEFORE, FLAGS),
        name_word=regex.compile(NAME_WORD, FLAGS),
        name_year=regex.compile(NAME_YEAR, FLAGS),
        name_stop=regex.compile(rf"{NAME_STOP}(?![a-z])", FLAGS),
        named_document=named,
        form_before=regex.compile(FORM_BEFORE, FLAGS),
        law_before_of=regex.compile(r"(?<![a-z])(?:cua|va)[ \t]{1,3}(?:\n[ \t]{0,3})?\Z", FLAGS),
    )
