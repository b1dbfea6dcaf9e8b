"""Shared pytest setup: every test and doctest runs from the repository root.

The doctests in ``src/netpipe`` name datasets by paths relative to the root
(``tests/data/valid``), and so do the messages the tests assert.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _run_from_repository_root(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the repository root the current directory for the test."""
    monkeypatch.chdir(request.config.rootpath)
