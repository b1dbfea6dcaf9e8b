"""Per-period images: one PNG per date on a shared layout, and the grid of them all."""

from __future__ import annotations

from pathlib import Path

import pytest

import netpipe
from netpipe.render.periods import period_images

VALID = Path(__file__).parent / "data" / "valid"
PNG = b"\x89PNG\r\n\x1a\n"


def test_one_image_per_date_and_a_grid(tmp_path: Path) -> None:
    dates = ["1900", "1912-04-15", "1937-03-01"]
    paths = period_images(netpipe.load(VALID), tmp_path / "periods", dates=dates)
    assert [p.name for p in paths] == [
        "period-1900.png",
        "period-1912-04-15.png",
        "period-1937-03-01.png",
        "periods.png",
    ]
    assert sorted(p.name for p in (tmp_path / "periods").iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        assert path.read_bytes()[:8] == PNG


def test_every_follows_the_timeline(tmp_path: Path) -> None:
    paths = period_images(netpipe.load(VALID), tmp_path, every="25y")
    assert [p.name for p in paths] == [
        "period-1878-01-01.png",
        "period-1903-01-01.png",
        "period-1928-01-01.png",
        "period-1953-01-01.png",
        "periods.png",
    ]


def test_same_seed_same_images(tmp_path: Path) -> None:
    first = period_images(netpipe.load(VALID), tmp_path / "a", dates=["1912-04-15"], seed=3)
    second = period_images(netpipe.load(VALID), tmp_path / "b", dates=["1912-04-15"], seed=3)
    assert first[0].read_bytes() == second[0].read_bytes()


def test_bad_date_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="1932-13"):
        period_images(netpipe.load(VALID), tmp_path / "out", dates=["1932-13"])
    assert not (tmp_path / "out").exists()
