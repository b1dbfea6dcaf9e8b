"""Work done in a forked process beside this one, so that two stages use two cores.

The child inherits the parent's memory (copy on write: the tables are not copied or
pickled), does one piece of work, and sends back its value or the exception it raised.
Where fork is not available (Windows) or there is one core, the work runs at once, here.

GNU OpenMP does not survive a fork: forked work must not run igraph's PageRank (prpack
uses OpenMP) once this process has run it, or the child waits forever for threads it
does not have. Only whole stages that need no PageRank are forked.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Background", "in_background"]

#: Linux's ``prctl`` option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


class Background:
    """Work started by :func:`in_background`; :meth:`result` waits for it."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._process: Any = None
        if not _can_fork():
            self._outcome = _attempt(work)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send, os.getpid()), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> Any:
        """Wait for the work; return its value, or raise what it raised."""
        if self._process is not None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._outcome = (False, RuntimeError(f"a background stage died ({self._process.exitcode})"))
            finally:
                self._receive.close()
                self._process.join()
                self._process = None
        done, value = self._outcome
        if not done:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the work if it still runs (the run failed elsewhere)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._process = None


def in_background(work: Callable[[], Any]) -> Background:
    """Start ``work`` in a forked process (or run it now where that is not possible).

    >>> in_background(lambda: 6 * 7).result()
    42
    """
    return Background(work)


def _can_fork() -> bool:
    """Fork only where it is the platform's way (Linux) and there is a second core."""
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1


def _die_with_parent(parent: int) -> None:
    """Have Linux kill this process when its parent dies (a killed run leaves no writer behind)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request
        os._exit(1)


def _attempt(work: Callable[[], Any]) -> tuple[bool, Any]:
    """``(True, value)`` or ``(False, the exception)``."""
    try:
        return True, work()
    except Exception as error:
        return False, error


def _child(work: Callable[[], Any], send: Connection, parent: int) -> None:
    """The forked process: do the work, send the outcome back; die with the parent."""
    _die_with_parent(parent)
    outcome = _attempt(work)
    try:
        send.send(outcome)
    except Exception as error:  # a value or an exception that does not pickle
        send.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({error})")))
    finally:
        send.close()
