"""The README's CLI reference and query cookbook, generated from the code
(``python -m graph.cli.docs``).

``tests/test_docs.py`` fails when a README section differs from what this renders, so the
reference cannot drift from the code.
"""

from __future__ import annotations

import sys

import click

from graph.paths import README

SECTIONS = ("cli-reference", "query-cookbook")


def render_reference() -> str:
    from graph.cli import cli

    parts: list[str] = []
    ctx = click.Context(
        cli,
        info_name="vbkg",
        terminal_width=100,
        max_content_width=100,
        **cli.context_settings,  # the same help options as a real invocation ("-h, --help")
    )
    group = ctx.command
    assert isinstance(group, click.Group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        sub = click.Context(cmd, info_name=name, parent=ctx)
        parts.append(f"### `vbkg {name}`\n\n```text\n{cmd.get_help(sub).rstrip()}\n```\n")
    return "\n".join(parts)


def render_cookbook() -> str:
    """One entry per named query: the question it answers, the command, and its SPARQL."""
    from graph import queries

    parts: list[str] = []
    for name in queries.names():
        q = queries.get(name)
        body = "\n".join(ln for ln in q.text.splitlines() if not ln.startswith("#")).strip()
        binds = ", ".join(f"`?{b}`" for b in q.binds)
        parts.append(
            f"#### `{name}`\n\n{q.question}"
            + (f" Bound from Python: {binds}." if binds else "")
            + f"\n\n```sh\nvbkg query @graph/queries/{name}.rq --store out/store\n```\n\n"
            f"<details><summary>SPARQL</summary>\n\n```sparql\n{body}\n```\n\n</details>\n"
        )
    return "\n".join(parts)


RENDERERS = {"cli-reference": render_reference, "query-cookbook": render_cookbook}


def spliced(readme_text: str) -> str:
    """``readme_text`` with every generated section replaced by what the code renders now."""
    for name in SECTIONS:
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, found, rest = readme_text.partition(start)
        if not found:
            continue
        _, _, tail = rest.partition(end)
        readme_text = f"{head}{start}\n{RENDERERS[name]()}{end}{tail}"
    return readme_text


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = spliced(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
