"""Input: files read and checked into typed tables, and what every layer above stands on.

Reading (:mod:`~netpipe.io.read`, :mod:`~netpipe.io.csvscan`, :mod:`~netpipe.io.small_files`),
dates and calendars, each node's presence in time (:mod:`~netpipe.io.spans`), validation
against the data contract, the typed tables (:mod:`~netpipe.io.typed_tables`), names,
titles, the data package, and the base every layer shares: netpipe's errors and problem
reports, plain words, atomic writing.
This package imports nothing from the layers above it (model, analysis, outputs, app).
"""
