"""The dataset's title: datapackage.json, then README.md's first heading, then the folder name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from netpipe.app.cli import app
from netpipe.io.title import Title, dataset_title
from netpipe.io.validation import read_tables
from netpipe.model.network import Network
from netpipe.outputs.exports.gexf import write_gexf

VALID = Path(__file__).parent / "data" / "valid"


def _dataset(tmp_path: Path, name: str = "letters") -> Path:
    folder = tmp_path / name
    shutil.copytree(VALID, folder)
    return folder


def test_the_folder_name_without_package_or_readme(tmp_path: Path) -> None:
    assert dataset_title(_dataset(tmp_path)) == Title("letters", "")


def test_the_first_heading_of_the_readme_outside_code(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    readme = "Intro text\n\n```sh\n# not a heading\n```\n\n## The Tiflis letters ##\n\n# Later\n"
    (folder / "README.md").write_text(readme, encoding="utf-8")
    assert dataset_title(folder) == Title("The Tiflis letters", "")


def test_the_package_title_and_description_win_over_the_readme(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    (folder / "README.md").write_text("# From the readme\n", encoding="utf-8")
    package = {"name": "letters", "title": " Letters, 1905-1912 ", "description": "Who wrote to whom."}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert dataset_title(folder) == Title("Letters, 1905-1912", "Who wrote to whom.")
    assert dataset_title(folder, title="Mine") == Title("Mine", "Who wrote to whom.")


def test_a_package_without_a_title_or_not_an_object_falls_back(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    (folder / "README.md").write_text("# From the readme\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps({"title": ""}), encoding="utf-8")
    assert dataset_title(folder).title == "From the readme"
    (folder / "datapackage.json").write_text("[1, 2]", encoding="utf-8")
    assert dataset_title(folder).title == "From the readme"


def test_the_bundled_data_and_the_gexf_meta(tmp_path: Path) -> None:
    assert dataset_title("data").title == "The Ordzhonikidze dataset"
    path = write_gexf(Network.from_tables(read_tables("data")), tmp_path / "network.gexf")
    text = path.read_text(encoding="utf-8")
    assert "<description>The Ordzhonikidze dataset: whole network</description>" in text


def test_report_title_from_the_data_and_from_the_option(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    (folder / "README.md").write_text("# Tiflis <letters>\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(folder), "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "report.md").read_text(encoding="utf-8").startswith("# Tiflis \\<letters\\>\n")
    assert "<title>Tiflis &lt;letters&gt;</title>" in (tmp_path / "a" / "report.html").read_text(
        encoding="utf-8"
    )
    result = runner.invoke(app, ["report", str(folder), "--out", str(tmp_path / "b"), "--title", "Mine"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "report.md").read_text(encoding="utf-8").startswith("# Mine\n")
