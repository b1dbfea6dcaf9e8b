"""The application's second core and memory policy: for ``netpipe run``, never for a library call.

:class:`Beside` is the executor of a run's work on one network. With ``workers=1`` it starts
one worker process (``concurrent.futures`` on a ``spawn`` context: a fresh interpreter, no
``fork`` of this threaded process) that receives the network once, does each piece of work
in the order it was submitted and is shut down, and waited for, before :class:`Beside` is
left; with ``workers=0`` each piece of work is done here, at once. The worker ignores
Ctrl-C (the run stops it) and, on Linux, dies with the process that started it.

:func:`return_large_blocks` and :func:`give_back_memory` are the command line's memory
policy: glibc returns large freed blocks to the system at once, and what is freed between
stages is handed back. They change the whole process (an allocation loop runs slower
afterwards), so only ``netpipe`` itself calls them, never the library.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

__all__ = ["Beside", "give_back_memory", "return_large_blocks", "seconds"]

T = TypeVar("T")

#: Linux's ``prctl`` option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1
#: glibc's ``mallopt`` option, and the size from which blocks are mapped (and unmapped when freed).
_M_MMAP_THRESHOLD = -3
_LARGE_BLOCK = 1 << 20

#: In a worker: the network it was given.
_held: list[Any] = []


class _Slot(Enum):
    """Where the network goes in a piece of work sent to the worker, which holds it already."""

    NETWORK = 1


class Beside(Executor):
    """Work on one network, in a worker process (``workers=1``) or here (``workers=0``).

    The network, wherever it is passed to :meth:`submit`, is not sent again: the worker
    uses the copy it was given when it started.

    >>> with Beside("a network", workers=0) as beside:
    ...     done = beside.submit(str.upper, beside.network)
    >>> done.result()
    'A NETWORK'
    """

    def __init__(self, network: Any, workers: int = 0) -> None:
        self.network = network
        self.pool: ProcessPoolExecutor | None = None
        self.sent: Path | None = None
        if workers > 0:
            self.sent = _write_pickle(network)
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_hold,
                initargs=(self.sent, os.getpid()),
            )

    def submit(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Start ``function(*args, **kwargs)``; the future holds its result or its error."""
        if self.pool is not None:
            args = tuple(_Slot.NETWORK if value is self.network else value for value in args)
            kwargs = {key: _Slot.NETWORK if value is self.network else value for key, value in kwargs.items()}
            with _ctrl_c_held():  # from the worker's start (the first submit starts it) and its threads
                return self.pool.submit(_on_held, function, args, kwargs)
        done: Future[T] = Future()
        try:
            done.set_result(function(*args, **kwargs))
        except Exception as error:
            done.set_exception(error)
        return done

    def __enter__(self) -> Beside:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Wait for the work; if the run failed, stop it first. No worker outlives this."""
        if self.pool is None:
            return
        # concurrent.futures before Python 3.14 has no public way to stop a running worker
        workers = list((getattr(self.pool, "_processes", None) or {}).values())
        if kind is not None:
            for process in workers:
                process.terminate()
        self.shutdown(wait=True, cancel_futures=kind is not None)
        for process in workers:
            process.join()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Take no more work; with ``wait``, return when the work submitted is done (and the
        network's file for the worker is gone)."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)
        if wait and self.sent is not None:
            self.sent.unlink(missing_ok=True)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Within the block, Ctrl-C waits: this thread gets it when the block ends, and the
    processes and threads started within never do (they inherit the blocked signal; the
    worker then ignores it, and a new interpreter installs no handler of its own).

    Where signals cannot be blocked (Windows), it is ignored within the block instead.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, handler)
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def seconds(function: Callable[..., object], /, *args: Any, **kwargs: Any) -> float:
    """Seconds that ``function(*args, **kwargs)`` took (to time work done beside)."""
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def _on_held(function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    """In the worker: the work, with the network it holds in its place."""
    args = tuple(_held[0] if value is _Slot.NETWORK else value for value in args)
    kwargs = {key: _held[0] if value is _Slot.NETWORK else value for key, value in kwargs.items()}
    return function(*args, **kwargs)


def _write_pickle(network: Any) -> Path:
    """Pickle ``network`` into a new temporary file, its large arrays written one by one (out of
    band) rather than copied into one pickle in memory first; return the file's path."""
    arrays: list[pickle.PickleBuffer] = []
    head = pickle.dumps(network, protocol=5, buffer_callback=arrays.append)
    handle, name = tempfile.mkstemp(prefix="netpipe-worker-", suffix=".pickle")
    with os.fdopen(handle, "wb") as file:
        sizes = pickle.dumps([len(head)] + [array.raw().nbytes for array in arrays])
        file.write(len(sizes).to_bytes(8, "little"))
        file.write(sizes)
        file.write(head)
        for array in arrays:
            file.write(array.raw())
    return Path(name)


def _read_pickle(path: Path) -> Any:
    """What :func:`_write_pickle` wrote to ``path``."""
    with path.open("rb") as file:
        sizes = pickle.loads(file.read(int.from_bytes(file.read(8), "little")))
        parts = [bytearray(size) for size in sizes]  # writable, as the arrays were
        for part in parts:
            file.readinto(part)
    return pickle.loads(parts[0], buffers=parts[1:])


def _hold(sent: Path, parent: int) -> None:
    """Start a worker: read the network from the file ``sent``; Ctrl-C is the parent's to handle;
    die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the request
            os._exit(1)
        return_large_blocks()  # the worker is netpipe's own process
    _held[:] = [_read_pickle(sent)]


def return_large_blocks() -> None:
    """Have glibc return each large freed block to the system at once, in this whole process.

    An allocation loop of large arrays then runs several times slower: the command line's
    choice for its own process, which keeps a run of a million ties small.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _LARGE_BLOCK)  # fixed: glibc stops raising it


def give_back_memory() -> None:
    """Return the memory this process has freed to the system (pyarrow's pool, then glibc's heap)."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).malloc_trim(0)
