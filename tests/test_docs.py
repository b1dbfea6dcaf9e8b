"""The README documents every command, and its library example runs."""

from __future__ import annotations

import re
from pathlib import Path

from netpipe.cli import app

README = Path("README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    assert len(names) == 18
    missing = [name for name in names if f"netpipe {name}" not in README]
    assert missing == []


def test_the_quick_start_is_two_commands() -> None:
    quick_start = README.split("## Quick start")[1].split("## ")[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start)
    assert len(commands) == 2
    assert commands[0].endswith(".venv/bin/netpipe run")
    assert commands[1].endswith(".venv/bin/pytest")


def test_the_library_example_runs() -> None:
    example = README.split("## As a library")[1].split("```python\n")[1].split("```")[0]
    namespace: dict[str, object] = {}
    exec(example, namespace)
    assert namespace["report"].ok  # type: ignore[attr-defined]
