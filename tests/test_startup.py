"""What the command line loads: a command only when it runs, igraph without its drawing extras."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from netpipe import cli


def _modules_after(code: str) -> set[str]:
    """The top-level modules loaded in a fresh interpreter after running ``code``."""
    script = f"{code}\nimport sys\nprint(' '.join(sorted({{name.split('.')[0] for name in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split("\n")[-2].split())


def test_the_command_line_imports_igraph_without_matplotlib_or_wcwidth() -> None:
    code = (
        "import sys\nfrom netpipe.cli import main\nsys.argv = ['netpipe', 'centrality', 'data', '--top', '1']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code"
    )
    loaded = _modules_after(code)
    assert "igraph" in loaded
    assert loaded & {"matplotlib", "wcwidth"} == set()


def test_matplotlib_still_works_after_igraph_is_imported_without_it() -> None:
    code = (
        "from netpipe.igraph_import import import_igraph, skip_igraph_extras\n"
        "skip_igraph_extras()\nigraph = import_igraph()\n"
        "assert igraph.Graph.Ring(4).betweenness() == [0.5, 0.5, 0.5, 0.5]\n"
        "import matplotlib.pyplot\nmatplotlib.pyplot.figure()"
    )
    assert "matplotlib" in _modules_after(code)


def test_a_library_user_gets_igraph_as_usual() -> None:
    code = "from netpipe.igraph_import import import_igraph\nimport_igraph()"
    assert {"igraph", "matplotlib"} <= _modules_after(code)


def test_the_list_of_commands_builds_none_of_them() -> None:
    cli._command.cache_clear()
    result = CliRunner().invoke(cli.app, ["--help"])
    assert result.exit_code == 0
    assert "  centrality   Rank the people of the network (or of a date, a period) by...\n" in result.output
    assert cli._command.cache_info().currsize == 0
    assert CliRunner().invoke(cli.app, ["info", "data"]).exit_code == 0
    assert cli._command.cache_info().currsize == 1
