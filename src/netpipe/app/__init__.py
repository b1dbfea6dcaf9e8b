"""The application: ``netpipe run`` (:mod:`~netpipe.app.pipeline`), its workers and memory
policy (:mod:`~netpipe.app.parallel`), the progress display, and the command line
(:mod:`~netpipe.app.cli`, :mod:`~netpipe.app.commands`). Imports nothing heavy on its own.
"""
