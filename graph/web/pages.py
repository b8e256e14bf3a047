"""The server's HTML pages: the query editor (``/``), the check page (``/check``) and the
error page, filled from graph/web/templates/."""

from __future__ import annotations

import html
from collections.abc import Mapping
from importlib import resources
from typing import Any

import regex

from graph import queries
from graph.messages import t
from graph.store import PREFIX_MAP
from graph.web.graph_page import json_for_script
from graph.web.workers import UPLOAD_SUFFIXES, ServeConfig, display_location

# --------------------------------------------------------------------------- pages


def _w(key: str, lang: str, **kw: Any) -> str:
    return t(f"page.{key}", lang, **kw)


def _template(name: str) -> str:
    return (resources.files("graph.web") / "templates" / name).read_text(encoding="utf-8")


def _fill(template: str, values: Mapping[str, str]) -> str:
    return regex.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _json_for_script(data: Any) -> str:

    return json_for_script(data)


_ACTIVE = ' class="active"'


def _page(title: str, body: str, lang: str, *, active: str, script: str = "") -> str:
    links = (("nav_query", "/"), ("nav_graph", "/graph"), ("nav_check", "/check"))
    nav = "".join(
        f'<a href="{href}?lang={lang}"{_ACTIVE if key == active else ""}>'
        f"{html.escape(_w(key, lang))}</a>"
        for key, href in links
    )
    other = "en" if lang == "vi" else "vi"
    nav += f'<a class="lang" href="?lang={other}">{other.upper()}</a>'
    return _fill(
        _template("page.html"),
        {
            "LANG": lang,
            "TITLE": html.escape(title),
            "CSS": _template("style.css"),
            "NAV": nav,
            "BODY": body,
            "SCRIPT": script,
        },
    )


def cookbook() -> list[dict[str, Any]]:
    """The named queries (``graph/queries/*.rq``) for the query page: the cookbook first,
    then the queries behind the graph page."""

    out: list[dict[str, Any]] = []
    for name in queries.names():
        q = queries.get(name)
        out.append({"name": name, "question": q.question, "text": q.text, "binds": list(q.binds)})
    out.sort(key=lambda q: (q["name"].startswith("graph_"), q["name"]))
    return out


def index_page(config: ServeConfig, lang: str) -> str:
    e = html.escape
    data = {
        "queries": cookbook(),
        "prefixes": PREFIX_MAP,
        "maxRows": config.max_rows,
        "words": {
            **{k: _w(k, lang, n="{n}") for k in ("rows", "truncated", "running", "error")},
            "resolved": t("serve.resolved", lang),
        },
        "lang": lang,
        "default": (
            "# The documents of the corpus\n"
            "SELECT ?doc (SAMPLE(?k) AS ?key) (MAX(?d) AS ?date) (SAMPLE(?t) AS ?title)\n"
            "WHERE {\n"
            "  ?doc vbkg:inCorpus true .\n"
            "  OPTIONAL { ?doc vbkg:key ?k }\n"
            "  OPTIONAL { ?doc eli:date_document ?d }\n"
            "  OPTIONAL { ?doc eli:title ?t }\n"
            "}\nGROUP BY ?doc\nORDER BY ?date"
        ),
    }
    mode = _w("updates_on" if config.allow_update else "updates_off", lang)
    body = _fill(
        _template("index.html"),
        {
            "QUERIES": e(_w("queries", lang)),
            "RUN": e(_w("run", lang)),
            "DOWNLOAD": e(_w("download", lang)),
            "PREFIXES": e(_w("prefixes", lang)),
            "BINDS": e(_w("binds", lang)),
            "NO_QUERY": e(_w("no_query", lang)),
            "STORE": e(
                f"{_w('store', lang)}: {display_location(config.store)} · {mode} · "
                + _w("limits", lang, t=f"{config.timeout:g}", n=config.max_rows)
            ),
            "DATA": _json_for_script(data),
        },
    )
    return _page(
        _w("title", lang),
        body,
        lang,
        active="nav_query",
        script=_template("index.js").replace("</", "<\\/"),
    )


def check_page(
    lang: str,
    *,
    report_html: str | None = None,
    name: str = "",
    findings: int = 0,
    error: str | None = None,
) -> str:
    e = html.escape
    parts = [
        f"<h1>{e(_w('check_title', lang))}</h1>",
        f"<p>{e(_w('check_help', lang))}</p>",
        '<form id="check-form" method="post" action="/check?lang=' + lang + '" '
        'enctype="multipart/form-data">'
        f'<input type="file" name="draft" id="draft" accept="{",".join(UPLOAD_SUFFIXES)}" '
        "required> "
        f'<button type="submit" id="check-submit">{e(_w("check_submit", lang))}</button>'
        "</form>",
    ]
    if error:
        parts.append(f'<pre class="error" id="check-error">{e(error)}</pre>')
    if report_html is not None:
        parts.append(
            f'<h2 id="check-result">{e(_w("check_result", lang, name=name, n=findings))}</h2>'
            # the report is its own self-contained page; sandboxed: no script runs in it
            f'<iframe id="report" sandbox="allow-same-origin" title="report" '
            f'srcdoc="{html.escape(report_html, quote=True)}"></iframe>'
        )
    return _page(_w("check_title", lang), "\n".join(parts), lang, active="nav_check")


def error_page(message: str, lang: str) -> str:
    return _page(
        _w("error", lang), f'<pre class="error">{html.escape(message)}</pre>', lang, active=""
    )


def resource_page(iri: str, rows: list[dict[str, str]], lang: str, *, base: str) -> str:
    """The HTML view of one IRI of the store: its triples, the IRIs of the store as links."""
    e = html.escape
    local = base.rstrip("/")

    def value(row: Mapping[str, str]) -> str:
        text = e(row["o"])
        if row["kind"] == "iri" and row["o"].startswith(local + "/"):
            text = f'<a href="{e(row["o"][len(local) :], quote=True)}">{text}</a>'
        if row["label"]:
            text += f' <span class="meta">{e(row["label"])}</span>'
        if row["lang"]:
            text += f' <span class="lang">@{e(row["lang"])}</span>'
        return text

    body = [
        f'<h1 id="resource">{e(iri)}</h1>',
        f'<p class="meta">{e(t("serve.other_formats", lang))}: '
        + " · ".join(
            f'<a href="?format={f}">{name}</a>'
            for f, name in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))
        )
        + "</p>",
        '<table class="results" id="triples">',
        f"<tr><th>{e(t('serve.property', lang))}</th><th>{e(t('serve.value', lang))}</th></tr>",
        *(
            f'<tr><td class="uri" title="{e(r["p"], quote=True)}">{e(r["p_short"])}</td>'
            f"<td>{value(r)}</td></tr>"
            for r in rows
        ),
        "</table>",
    ]
    return _page(f"{t('serve.resource_title', lang)} {iri}", "\n".join(body), lang, active="")
