"""Docs generated from the code must not drift from it (datasette's `cog --check` habit)."""

from __future__ import annotations

from graph.cli.docs import README, spliced


def test_readme_cli_reference_and_cookbook_are_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert spliced(text) == text, "run `python -m graph.cli.docs` and commit README.md"


def test_every_command_is_in_the_readme():
    import click

    from graph.cli import cli

    text = README.read_text(encoding="utf-8")
    names = cli.list_commands(click.Context(cli))  # the lazy group lists them all
    assert len(names) > 10, names
    for name in names:
        assert f"### `vbkg {name}`" in text


def test_every_named_query_says_which_question_it_answers():
    from graph import queries

    for name in queries.names():
        assert len(queries.get(name).question) > 20, name
