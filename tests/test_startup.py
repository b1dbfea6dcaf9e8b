"""What the command line loads: a command only when it runs, igraph and pyvis without their extras."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from netpipe.app import cli
from netpipe.app.pipeline import write_views
from netpipe.io.validation import read_tables
from netpipe.model.network import Network


def _modules_after(code: str) -> set[str]:
    """The top-level modules loaded in a fresh interpreter after running ``code``."""
    script = f"{code}\nimport sys\nprint(' '.join(sorted({{name.split('.')[0] for name in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split("\n")[-2].split())


def _command_line(*args: str) -> str:
    """Code that runs the console script's entry point with ``args``."""
    return (
        f"import sys\nfrom netpipe.app.cli import main\nsys.argv = ['netpipe', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code"
    )


def test_the_command_line_imports_igraph_and_pyvis_without_their_extras(tmp_path: Path) -> None:
    loaded = _modules_after(_command_line("render", "data", "--out", str(tmp_path / "cli")))
    assert {"igraph", "pyvis"} <= loaded
    assert loaded & {"matplotlib", "wcwidth", "IPython"} == set()


def test_the_page_is_the_same_without_the_extras(tmp_path: Path) -> None:
    _modules_after(_command_line("render", "data", "--out", str(tmp_path / "cli")))
    write_views(Network.from_tables(read_tables("data")), tmp_path / "library")
    assert (tmp_path / "cli" / "network.html").read_bytes() == (
        tmp_path / "library" / "network.html"
    ).read_bytes()


def test_matplotlib_still_works_after_igraph_is_imported_without_it() -> None:
    code = (
        "from netpipe.app.light_imports import skip_extras\n"
        "skip_extras()\nimport igraph\n"
        "assert igraph.Graph.Ring(4).betweenness() == [0.5, 0.5, 0.5, 0.5]\n"
        "import matplotlib.pyplot\nmatplotlib.pyplot.figure()"
    )
    assert "matplotlib" in _modules_after(code)


def test_the_ipython_stand_in_raises_when_used() -> None:
    code = (
        "from netpipe.app.light_imports import skip_extras\n"
        "skip_extras()\nimport pyvis.network\n"
        "try:\n    pyvis.network.IFrame('page.html', 600, 600)\nexcept RuntimeError as error:\n"
        '    assert str(error) == "IPython.display.IFrame is not loaded in netpipe\'s command line", error\n'
        "else:\n    raise AssertionError('no error')"
    )
    assert "IPython" not in _modules_after(code)


def test_a_library_user_gets_igraph_and_pyvis_as_usual(tmp_path: Path) -> None:
    code = (
        "import sys\nimport netpipe\nfrom netpipe.app.pipeline import write_views\n"
        f"netpipe.communities(netpipe.load('data'))\nwrite_views(netpipe.load('data'), {str(tmp_path)!r})\n"
        "finders = [type(f).__name__ for f in sys.meta_path]\n"
        "assert '_Light' not in finders, finders"
    )
    assert {"igraph", "matplotlib", "pyvis", "IPython"} <= _modules_after(code)


def test_the_list_of_commands_builds_none_of_them() -> None:
    cli._command.cache_clear()
    result = CliRunner().invoke(cli.app, ["--help"])
    assert result.exit_code == 0
    assert "  centrality   Rank the people of the network (or of a date, a period) by...\n" in result.output
    assert cli._command.cache_info().currsize == 0
    assert CliRunner().invoke(cli.app, ["info", "data"]).exit_code == 0
    assert cli._command.cache_info().currsize == 1
