"""Drawing text from any script: a glyph the font lacks is drawn as a box, not raised as a warning."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["missing_glyphs_allowed"]


@contextmanager
def missing_glyphs_allowed() -> Iterator[None]:
    """Silence matplotlib's warning for a character its font cannot draw (names in any script)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield
