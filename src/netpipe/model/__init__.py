"""The data model: typed tables with masks (:class:`~netpipe.model.network.Network`), time
(snapshot, window, events, timeline), facts told more than once, loading, and the NetworkX
adapter (:mod:`~netpipe.model.networkx_adapter`). Imports only :mod:`netpipe.io`.
"""
