"""The application: ``netpipe run`` (:mod:`~netpipe.app.pipeline`), its workers and memory
policy (:mod:`~netpipe.app.parallel`), the progress display, the command line's lighter imports
(:mod:`~netpipe.app.light_imports`), and the command line
(:mod:`~netpipe.app.cli`, :mod:`~netpipe.app.commands`). Imports nothing heavy on its own.
"""
