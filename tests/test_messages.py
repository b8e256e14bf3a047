"""The one message catalogue (data/messages/*.yaml, parsers.messages): every key in both
languages, with the same fields, and used somewhere; every key the code names exists; no vi/en
pair and no stray Vietnamese text outside it; errors rendered from it."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

import pytest
import regex

from graph.checks import registered
from graph.messages import MESSAGES, Msg, note_text, t
from graph.store.base import StoreError
from graph.store.endpoints import RemoteStoreError
from parsers.load import LoadError
from parsers.messages import CATALOGUE, HELP_VI, MESSAGES_DIR, Pair, load_catalogue, load_help

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted(p for pkg in ("parsers", "graph") for p in (ROOT / pkg).rglob("*.py"))
# the catalogue itself: the loader, and graph.messages where a module may still add keys
CATALOGUE_MODULES = {ROOT / "parsers" / "messages.py", ROOT / "graph" / "messages.py"}
# dicts keyed vi/en that are not texts: an error's two texts sent from a worker process
NOT_TEXTS = {"graph/web/workers.py": 1}


def test_graph_messages_is_the_catalogue() -> None:
    assert MESSAGES is CATALOGUE
    assert load_catalogue() == {k: v for k, v in CATALOGUE.items() if k in load_catalogue()}


def test_every_key_has_vi_and_en() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == {"vi", "en"}, key
        assert entry["vi"].strip() and entry["en"].strip(), key


def test_a_key_defined_twice_or_half_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x.y: {vi: một, en: one}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("x.y: {vi: hai, en: two}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.yaml.*x\.y.*twice"):
        load_catalogue(tmp_path)
    (tmp_path / "b.yaml").write_text("x.z: {vi: hai}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.z.*vi and en"):
        load_catalogue(tmp_path)


def _code_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CODE)


def _quoted(word: str, code: str) -> bool:
    return f'"{word}"' in code or f"'{word}'" in code


def _used(key: str, code: str) -> bool:
    """``key`` is named in the code, whole or by a prefix the code completes (an f-string, a
    concatenation, ``keys(prefix)``)."""
    if _quoted(key, code):
        return True
    parts = key.split(".")
    for i in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:i]) + "."
        for q in "\"'":
            if f"f{q}{prefix}{{" in code or f"{q}{prefix}{q} +" in code:
                return True
            if f"keys({q}{prefix}{q})" in code:
                return True
    return False


def test_no_key_is_unused() -> None:
    """A check's keys (``checks.<code>.<name>``, read through ``Check.msg``) need a registered
    code and their name quoted in the code; any other key is named (or completed) in the code."""
    code = _code_text()
    codes = {c.code for c in registered()}
    unused = []
    for key in MESSAGES:
        if key.startswith("checks."):
            code_, name = key.split(".", 2)[1:]
            used = code_ in codes and (name == "rule" or _quoted(name, code) or _quoted(key, code))
        else:
            used = _used(key, code)
        if not used:
            unused.append(key)
    assert not unused, unused


def _vi_en_dicts(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Dict)
        and {k.value for k in n.keys if isinstance(k, ast.Constant)} >= {"vi", "en"}
    ]


def test_no_vi_en_literal_outside_the_catalogue() -> None:
    found = {
        rel: lines
        for p in CODE
        if p not in CATALOGUE_MODULES
        and (lines := _vi_en_dicts(p))
        and len(lines) != NOT_TEXTS.get(rel := str(p.relative_to(ROOT)))
    }
    assert not found, found


def test_no_message_en_or_rule_en_literal_in_the_checks() -> None:
    for p in (ROOT / "graph" / "checks").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert not regex.search(r"\b(message_en|rule_en)\s*=\s*[f\"(]", text), p


@pytest.mark.parametrize(
    ("key", "params", "vi", "en"),
    [
        (
            "store.missing",
            {"path": "/tmp/x"},
            "Chưa có kho dữ liệu tại /tmp/x",
            "no store at /tmp/x",
        ),
        (
            "checks.citation-conflict.wrong-date",
            {
                "what": Msg("checks.citation-conflict.what-year"),
                "label": "04/KH-UBND",
                "cited": __import__("datetime").date(2023, 1, 5),
                "source": Msg("checks.citation-conflict.other-sources", {"n": 2}),
                "kb": __import__("datetime").date(2024, 1, 5),
            },
            "Sai năm ban hành của 04/KH-UBND: dự thảo ghi ngày 05/01/2023, theo 2 trích dẫn khác "
            "trong kho là ngày 05/01/2024",
            "Wrong year for 04/KH-UBND: the draft says 2023-01-05, per 2 other citation(s) in the "
            "store it is 2024-01-05",
        ),
    ],
)
def test_t_fills_fields_and_renders_nested_messages_in_the_same_language(
    key: str, params: dict[str, object], vi: str, en: str
) -> None:
    assert t(key, "vi", **params) == vi
    assert t(key, "en", **params) == en


def test_unknown_key_and_unknown_language() -> None:
    assert t("no.such.key", "en") == "no.such.key"
    assert t("summary.title", "fr") == "Tóm tắt"
    assert note_text("the child states no figure") == "kế hoạch cấp dưới không nêu con số"


def test_errors_carry_a_key_and_render_from_the_catalogue() -> None:
    e = StoreError("store.missing", path="/data/kho")
    assert (e.key, e.vi, e.en) == (
        "store.missing",
        t("store.missing", "vi", path="/data/kho"),
        "no store at /data/kho",
    )
    assert e.message("en") == "no store at /data/kho"
    r = RemoteStoreError("store.bad_url", url="ftp://x", status=None)
    back = pickle.loads(pickle.dumps(r))
    assert (type(back), back.url, back.en) == (RemoteStoreError, "ftp://x", r.en)
    err = LoadError("a.bin", "binary", detail=Msg("load.binary.nul", {"offset": 7}))
    assert err.message("vi") == "a.bin: nội dung nhị phân, không phải văn bản (byte NUL ở vị trí 7)"
    assert err.message("en") == "a.bin: binary content, not text (NUL byte at offset 7)"


def test_the_messages_folder_is_data() -> None:
    assert MESSAGES_DIR == ROOT / "data" / "messages"
    assert sorted(p.stem for p in MESSAGES_DIR.glob("*.yaml")) == [
        "checks",
        "cli",
        "errors",
        "help",
        "report",
        "web",
    ]


def test_the_help_texts_are_data_too(tmp_path: Path) -> None:
    assert load_help() == HELP_VI
    assert HELP_VI["help.opt.help"] == "Hiện phần trợ giúp này rồi thoát."
    assert not any(k in MESSAGES for k in HELP_VI)
    (tmp_path / "help.yaml").write_text("build: Dựng kho\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"help\.yaml.*help\.\*"):
        load_help(tmp_path)


def test_every_help_text_names_a_command_or_an_option() -> None:
    """The converse of tests/test_cli.py (every command and option has its Vietnamese help):
    no help text is left behind by a renamed command or option."""
    import click

    from graph.cli import cli

    ctx = click.Context(cli)  # the group is lazy: ask it for every command it lists
    commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    params = {p.name for cmd in (cli, *commands.values()) for p in cmd.params}
    stale = []
    for key in HELP_VI:
        parts = key.split(".")[1:]
        if parts == ["vbkg"]:
            continue
        if parts[0] == "opt":
            ok = parts[1] in params | {"help"}
        else:
            cmd = commands.get(parts[0])
            ok = cmd is not None and (len(parts) == 1 or parts[1] in {p.name for p in cmd.params})
        if not ok:
            stale.append(key)
    assert not stale, stale


# --------------------------------------------------------------------------- fields

# Keys whose two texts deliberately carry different fields (the reason beside each).
FIELDS_DIFFER = {
    "serve.bad_format": "the English text also lists the formats",
    "checks.missing-parent.not-cited": "the Vietnamese names the parent plan by its own phrase "
    "(Kế hoạch số … ngày … của …), the English by its key and issuer",
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_vi_and_en_have_the_same_fields() -> None:
    differ = {
        key: (_fields(e["vi"]), _fields(e["en"]))
        for key, e in MESSAGES.items()
        if _fields(e["vi"]) != _fields(e["en"]) and key not in FIELDS_DIFFER
    }
    assert not differ, differ
    for key in FIELDS_DIFFER:
        assert _fields(MESSAGES[key]["vi"]) != _fields(MESSAGES[key]["en"]), f"{key}: agree now"


def test_pair_fields_render_in_the_language_of_the_message() -> None:
    reason = Pair("lỗi cú pháp", "syntax error")
    assert t("serve.bad_query", "vi", reason=reason) == "Truy vấn không hợp lệ: lỗi cú pháp"
    assert t("serve.bad_query", "en", reason=reason) == "invalid query: syntax error"


# --------------------------------------------------------------------------- keys in the code


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _const(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _w_prefix(tree: ast.Module) -> str | None:
    """The key prefix of a module's ``_w(key, lang)`` helper (``t(f"page.{key}", …)``)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_w":
            for sub in ast.walk(node):
                if isinstance(sub, ast.JoinedStr) and (head := _const(sub.values[0])):
                    return head
    return None


def _named_keys(path: Path) -> list[tuple[int, str]]:
    """The catalogue keys a module names as constants: ``t``/``both``/``message``/``Msg``'s
    first argument, ``ServeError.of``'s second, a store error's key, ``LoadError``'s code
    (``load.<code>``), ``_w``'s key (with the module's prefix), a check's ``self.msg(name)``
    (``checks.<code>.<name>``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prefix = _w_prefix(tree)
    out: list[tuple[int, str]] = []

    def visit(node: ast.AST, check_code: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(
                    isinstance(x, ast.Name) and x.id == "code" for x in stmt.targets
                ):
                    check_code = _const(stmt.value) or check_code
        if isinstance(node, ast.Call) and node.args:
            name, args = _call_name(node), node.args
            key = None
            if name in ("t", "both", "message", "Msg"):
                key = _const(args[0])
            elif name == "of" and len(args) > 1:
                key = _const(args[1])
            elif name in ("StoreError", "StoreFormatError", "RemoteStoreError"):
                key = _const(args[0])
            elif name == "LoadError" and len(args) > 1 and (code := _const(args[1])):
                key = f"load.{code}"
            elif name == "_w" and prefix and (k := _const(args[0])):
                key = prefix + k
            elif name == "msg" and check_code and (k := _const(args[0])):
                key = f"checks.{check_code}.{k}"
            if key is not None and "." in key:
                out.append((node.lineno, key))
        for child in ast.iter_child_nodes(node):
            visit(child, check_code)

    visit(tree, None)
    return out


def test_every_key_named_in_the_code_exists() -> None:
    missing = [
        f"{p.relative_to(ROOT)}:{line}: {key}"
        for p in CODE
        for line, key in _named_keys(p)
        if key not in MESSAGES
    ]
    assert not missing, missing


def test_the_key_scan_sees_the_kinds_of_use() -> None:
    """The scan above is not vacuous: it finds keys of each kind of call."""
    found = {key for p in CODE for _, key in _named_keys(p)}
    for key in (
        "summary.title",  # t(...)
        "serve.no_draft",  # ServeError.of(...)
        "store.missing",  # StoreError(...)
        "load.empty",  # LoadError(path, code)
        "page.check_title",  # _w(...) of graph/web/pages.py
        "checks.target-dropped.dropped",  # self.msg(...) of a check
    ):
        assert key in found, key


# --------------------------------------------------------------------------- stray Vietnamese

# Vietnamese text is user-facing unless it is data. Data, allowed where it is:
# - docstrings; regex patterns (an argument of a ``regex.*`` call, or a string with regex syntax);
#   codes of up to four capitals (``NĐ``, ``QĐ``) and single letters;
# - a check's ``source`` (the legal text a rule comes from, cited as it is written) and its
#   ``suggestion=`` (words for the Vietnamese draft itself); a click option's English ``help=``
#   naming a Vietnamese term;
# - the vocabulary modules below, whose Vietnamese words are what they match or generate;
# - the functions below that write a document's own Vietnamese wording (a label "Kế hoạch số …
#   ngày … của …", a parent's figure "Giảm 6,17% so với năm 2021"), shown as the document's
#   data in both languages.
VOCABULARY_MODULES = {
    "graph/synth.py": "synthetic Vietnamese documents",
    "graph/synth_text.py": "synthetic Vietnamese documents",
    "graph/synth_model.py": "synthetic Vietnamese documents (the province kind of graph.units)",
    "graph/issuers.py": "issuer names",
    "graph/units.py": "unit names",
    "graph/analysis/syllables.py": "the Vietnamese syllable inventory",
    "parsers/quantity.py": "quantity words",
    "parsers/regexes.py": "citation patterns and stop words",
    "parsers/normalize.py": "letter folding",
    "parsers/lines.py": "list markers",
    "parsers/header.py": "header words",
    "parsers/find.py": "type codes as OCR writes them",
    "parsers/cues.py": "relation cues",
    "parsers/names.py": "issuer names",
    "parsers/mandates.py": "the units a plan names",
    "parsers/targets.py": "target words",
    "parsers/segment.py": "section headings",
    "parsers/plan.py": "list markers",
    "parsers/results.py": "unit words",
}
DOCUMENT_WORDING = {
    ("graph/analysis/netx.py", "_LONG_TYPE_LABEL"),
    ("graph/analysis/netx.py", "apply_trace"),  # the title of a missing plan's placeholder
    ("graph/analysis/status.py", "_issuer"),  # the words that end an issuer in a header
    ("graph/build.py", "_unit_name"),
    ("graph/checks/citations.py", "_about"),
    ("graph/checks/knowledge.py", "_type_name"),
    ("graph/checks/knowledge.py", "label"),
    ("graph/checks/knowledge.py", "phrase"),
    ("parsers/load/text.py", "_COMMON_WORDS_TEXT"),  # words and rhymes that score an encoding
    ("parsers/load/text.py", "_RHYMES_TEXT"),
    ("graph/checks/mandates.py", "_FIGURE_WORDS"),
    ("graph/checks/mandates.py", "_SCOPE_VI"),
    ("graph/checks/mandates.py", "figure"),
    ("graph/checks/structure.py", "VI_LETTERS"),
    ("graph/resolve.py", "_identifiable"),
}
# Not yet in the catalogue (a ratchet: a module may lose entries here, never gain them). Empty:
# the loaders' details and warnings and the diacritics model's errors are load.detail.*,
# load.warn.* and restore.* now.
NOT_YET: dict[str, int] = {}
VIETNAMESE = regex.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", regex.IGNORECASE
)
_REGEX_SYNTAX = ("\\", "(?", "[", "|")


def _is_data_context(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        func = node.func if isinstance(node, ast.Call) else None
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "regex"
        ):
            return True
        if isinstance(node, ast.keyword) and node.arg in ("suggestion", "help"):
            return True
        if (
            isinstance(node, ast.Assign)
            and isinstance(parents.get(node), ast.ClassDef)
            and any(isinstance(x, ast.Name) and x.id == "source" for x in node.targets)
        ):
            return True
    return False


def _owner(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    """The innermost function holding ``node``, else the module-level name it is assigned to."""
    name = ""
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node.name
        if isinstance(node, ast.Assign | ast.AnnAssign) and not name:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            name = getattr(target, "id", "")
    return name


def _stray_vietnamese(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    rel = str(path.relative_to(ROOT))
    if rel in VOCABULARY_MODULES or path in CATALOGUE_MODULES:
        return []
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    out = []
    for node in ast.walk(tree):
        text = _const(node)
        if text is None or id(node) in docstrings or not VIETNAMESE.search(text):
            continue
        if len(text) <= 2 or (text.isupper() and len(text) <= 4 and " " not in text):
            continue
        if any(s in text for s in _REGEX_SYNTAX) or _is_data_context(node, parents):
            continue
        if (rel, _owner(node, parents)) in DOCUMENT_WORDING:
            continue
        out.append((node.lineno, text))
    return out


def test_no_stray_vietnamese_text_outside_the_catalogue() -> None:
    found = {str(p.relative_to(ROOT)): _stray_vietnamese(p) for p in CODE}
    counts = {rel: len(v) for rel, v in found.items() if v}
    grown = {
        rel: found[rel] for rel, n in counts.items() if n > NOT_YET.get(rel, 0)
    }  # a new Vietnamese text belongs in data/messages/*.yaml
    assert not grown, grown
    shrunk = {rel: counts.get(rel, 0) for rel, n in NOT_YET.items() if counts.get(rel, 0) < n}
    assert not shrunk, f"fewer untranslated texts now: lower NOT_YET to {shrunk}"


def test_the_stray_text_scan_finds_a_message() -> None:
    """The scan fails on a user-facing Vietnamese literal, and lets data through."""
    source = (
        '"""Tài liệu."""\n'
        "import regex\n"
        'PATTERN = regex.compile(r"(?i)ngày\\s+")\n'
        "class C:\n"
        '    source = "Nghị định 30/2020/NĐ-CP"\n'
        "def f(x):\n"
        '    g(x, suggestion="Bổ sung")\n'
        '    raise ValueError(f"Không đọc được {x}")\n'
    )
    found = _stray_vietnamese(ROOT / "graph" / "probe.py", source)
    assert [text for _, text in found] == ["Không đọc được "]
    assert _stray_vietnamese(ROOT / "graph" / "synth.py", source) == []  # a vocabulary module
