"""The analysis stages: each module answers one question of a network.

:mod:`~netpipe.analysis.common` holds what they share (the simple graphs measures run
on, the ties of a pair, triangles, igraph graphs); the others import it, not each other,
with one exception: :mod:`~netpipe.analysis.centrality` is the centrality measure that
:mod:`~netpipe.analysis.over_time` (each period), :mod:`~netpipe.analysis.readings` (each
reading) and :mod:`~netpipe.analysis.robustness` (people removed) ask again of other views.
:mod:`~netpipe.analysis.everything` runs every analysis at once for ``netpipe run``.
The import-linter contract in ``pyproject.toml`` keeps these rules.
"""
