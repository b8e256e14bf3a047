"""The README's CLI reference, generated from the CLI itself (``python -m graph.clidoc``).

``tests/test_docs.py`` fails when the README section differs from what this renders, so the
reference cannot drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def render_reference() -> str:
    from graph.cli import cli

    parts: list[str] = []
    ctx = click.Context(cli, info_name="vbkg", terminal_width=100, max_content_width=100)
    group = ctx.command
    assert isinstance(group, click.Group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        sub = click.Context(cmd, info_name=name, parent=ctx)
        parts.append(f"### `vbkg {name}`\n\n```text\n{cmd.get_help(sub).rstrip()}\n```\n")
    return "\n".join(parts)


def spliced(readme_text: str) -> str:
    head, _, rest = readme_text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{render_reference()}{END}{tail}"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = spliced(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
