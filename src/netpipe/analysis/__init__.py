"""The analysis stages: each module answers one question of a network.

:mod:`~netpipe.analysis.common` holds what they share (the simple graphs measures run
on, the ties of a pair, triangles, igraph graphs); the others import it, not each other.
"""
