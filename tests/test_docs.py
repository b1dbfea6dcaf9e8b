"""The README documents every command, and its library examples run."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from netpipe.app.cli import COMMANDS

README = Path("README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    assert len(COMMANDS) == 20
    missing = [name for name in COMMANDS if f"netpipe {name}" not in README]
    assert missing == []


def test_the_quick_start_is_two_commands() -> None:
    quick_start = README.split("## Quick start")[1].split("## ")[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start)
    assert len(commands) == 2
    assert commands[0].endswith(".venv/bin/netpipe run")
    assert commands[1].endswith(".venv/bin/pytest")


def test_the_library_examples_run() -> None:
    section = README.split("## As a library")[1].split("\n## ")[0]
    examples = [block.split("```")[0] for block in section.split("```pycon\n")[1:]]
    assert len(examples) == 3
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    test = parser.get_doctest("".join(examples), {}, "README library examples", "README.md", 0)
    assert runner.run(test).failed == 0
