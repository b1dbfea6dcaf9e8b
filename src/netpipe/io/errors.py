"""netpipe's exceptions: every error that leaves the library derives from :class:`NetpipeError`.

The kind of error is its type. The command line maps them to exit codes in one place:
:class:`DataError`, :class:`OutputError` and :class:`TooLarge` exit 1 (bad data, a folder
netpipe will not replace, too much to gather), :class:`ArgumentError` and :class:`NotFound`
exit 2 (bad usage). Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netpipe.io.problems import Report

#: The most errors a :class:`DataError`'s message names (its report holds more, and counts all).
_SHOWN = 50

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "DataError",
    "NetpipeError",
    "NotFound",
    "OutputError",
    "TooLarge",
]


class NetpipeError(Exception):
    """The base of every error netpipe raises on purpose."""


class DataError(NetpipeError):
    """The data has errors; ``report`` holds the problems found in one pass (and counts them)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        errors, found = report.errors, report.error_count
        shown = type(report)(errors.head(_SHOWN)).lines()
        more = f"\n... and {found - len(shown)} more" if found > len(shown) else ""
        super().__init__(f"{found} error(s) in the data:\n" + "\n".join(shown) + more)


class ArgumentError(NetpipeError, ValueError):
    """An argument has a value netpipe cannot use (a date that is not one, an unknown mode)."""


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument has a type netpipe cannot use (``snapshot(G, None)``)."""


class NotFound(NetpipeError, LookupError):
    """What was asked for is not there: a name that matches no node (or several), no chain."""

    def __str__(self) -> str:
        # LookupError's str() would quote the message as a repr
        return str(self.args[0]) if self.args else ""


class OutputError(NetpipeError):
    """netpipe will not write where it was asked to (a folder it did not write, the data)."""


class TooLarge(NetpipeError):
    """What was asked for would gather into one process more than its limit allows (the ties of a
    network on a Dask cluster, see :data:`netpipe.analysis.on_cluster.GATHER_LIMIT`)."""
