"""Work done in another process beside this one, so that the work uses two cores.

:func:`in_background` forks: the child inherits the parent's memory (copy on write: the
tables are not copied or pickled), does one piece of work, and sends back its value or
the exception it raised. Where fork is not available (Windows) or there is one core, the
work runs at once, here. A forked process counts the parent's pages as its own:
:func:`give_back_memory` before forking keeps it smaller.

GNU OpenMP does not survive a fork: forked work must not run igraph's PageRank (prpack
uses OpenMP) once this process has run it, or the child waits forever for threads it
does not have. Only whole stages that need no PageRank are forked.

:func:`in_helper` sends a function and its (pickled) arguments to a helper process, a
new Python interpreter (not forked: any igraph measure is safe there) started on first
use and kept for the next calls, which queue up. It is started isolated (``python -I``):
it never imports from the current folder. Where there is one core, the function
runs at once, here.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import multiprocessing
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Background", "Helped", "give_back_memory", "in_background", "in_helper", "serve", "stop_helper"]

#: Linux's ``prctl`` option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1
#: glibc's ``mallopt`` option, and the size from which blocks are mapped (and unmapped when freed).
_M_MMAP_THRESHOLD = -3
_LARGE_BLOCK = 1 << 20
#: The helper process of :func:`in_helper`, started on first use.
_helper: list[_Helper] = []


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


class Helped:
    """Work sent to the helper process by :func:`in_helper`; :meth:`result` waits for it."""

    def __init__(self, outcome: tuple[bool, Any] | None = None) -> None:
        self._outcome = outcome
        self._settled = threading.Event()
        if outcome is not None:
            self._settled.set()

    def result(self) -> Any:
        """Wait for the work; return its value, or raise what it raised."""
        self._settled.wait()
        done, value = self._outcome  # type: ignore[misc]
        if not done:
            raise value
        return value

    def settle(self, outcome: tuple[bool, Any]) -> None:
        """Record the work's outcome: ``(True, value)`` or ``(False, exception)``."""
        self._outcome = outcome
        self._settled.set()


class _Helper:
    """The helper process, with a thread that sends it the work and one that reads the outcomes
    back as they come: neither process ever waits on a full pipe, and work queues up."""

    def __init__(self) -> None:
        # isolated (-I): nothing from the current folder, PYTHON* variables or the user's site;
        # it imports from where this process imports, the current folder left out
        here = os.getcwd()
        path = [p for p in sys.path if p and os.path.abspath(p) != here]
        start = f"import sys; sys.path[:] = {path!r}; import {__name__} as p; p.serve({os.getpid()})"
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", start], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.requests: queue.SimpleQueue[tuple[Helped, Callable[..., Any], tuple[Any, ...]] | None] = (
            queue.SimpleQueue()
        )
        self.sent: queue.SimpleQueue[Helped] = queue.SimpleQueue()
        self.alive = True
        threading.Thread(target=self._send, daemon=True).start()
        threading.Thread(target=self._receive, daemon=True).start()

    def submit(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Helped:
        """Queue work; its outcome comes back in order."""
        work = Helped()
        self.requests.put((work, function, args))
        return work

    def _send(self) -> None:
        """Send the queued work, each pickled only when its turn comes (one copy at a time)."""
        stream = self.process.stdin
        assert stream is not None
        while True:
            queued = self.requests.get()
            if queued is None:
                stream.close()
                return
            work, function, args = queued
            try:
                request = pickle.dumps((function, args), pickle.HIGHEST_PROTOCOL)
            except Exception as error:
                work.settle((False, error))
                continue
            self.sent.put(work)
            try:
                stream.write(request)
                stream.flush()
            except OSError:  # the helper died: _receive reports it
                return
            del request

    def _receive(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            try:
                outcome = pickle.load(stream)
            except Exception:
                break
            self.sent.get().settle(outcome)
        self.alive = False
        while not self.sent.empty():
            self.sent.get().settle((False, RuntimeError("the helper process died")))


def in_helper(function: Callable[..., Any], *args: Any) -> Helped:
    """Start ``function(*args)`` in the helper process (or run it now where there is one core).

    ``function`` is a module-level function; it, ``args`` and its value are pickled. Work
    sent before is done first.

    >>> in_helper(divmod, 42, 5).result()
    (8, 2)
    """
    if (os.cpu_count() or 1) < 2:
        return Helped(_attempt(functools.partial(function, *args)))
    if not _helper or not _helper[0].alive:
        _helper[:] = [_Helper()]
    return _helper[0].submit(function, args)


def stop_helper() -> None:
    """End the helper process once its work is done, and wait for it (a later call starts a new one).

    Called at exit; a benchmark calls it to count the helper among the finished child processes.
    """
    if _helper:
        helper = _helper.pop()
        helper.requests.put(None)  # the sending thread closes the helper's stdin after the work queued
        helper.process.wait()


atexit.register(stop_helper)


def serve(parent: int) -> None:
    """The helper process: run each function sent on stdin, send back its outcome on stdout.

    It ends when its parent closes stdin, or (on Linux) when the parent dies; Ctrl-C is
    the parent's to handle, and ignored here.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from netpipe.io.light_imports import skip_extras

    skip_extras()  # netpipe's own process: igraph without the drawing it never does here
    if sys.platform.startswith("linux"):
        _die_with_parent(parent)
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what the work prints goes to stderr, not into the replies
    while True:
        try:
            function, args = pickle.load(requests)
        except EOFError:
            return
        outcome = _attempt(functools.partial(function, *args))
        try:
            reply = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # a value or an exception that does not pickle
            reply = pickle.dumps((False, RuntimeError(f"{outcome[1]!r} ({error})")))
        replies.write(reply)
        replies.flush()


def give_back_memory() -> None:
    """Return the memory this process freed to the system (pyarrow's pool, then glibc's heap),
    and from now on have glibc return each large block as soon as it is freed.

    A forked process counts every page of its parent as its own: the fewer the pages when
    it starts, the smaller it is.
    """
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, _LARGE_BLOCK)  # a fixed threshold: glibc stops raising it
        libc.malloc_trim(0)


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
    """The forked process: do the work, send the outcome back; die with the parent.

    Ctrl-C is the parent's to handle (it stops this process): here it is ignored.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    _helper.clear()  # the parent's helper is the parent's: this process starts its own
    outcome = _attempt(work)
    try:
        send.send(outcome)
    except Exception as error:  # a value or an exception that does not pickle
        send.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({error})")))
    finally:
        send.close()
