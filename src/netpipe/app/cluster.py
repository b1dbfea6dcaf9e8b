"""``--cluster``: the Dask cluster a command reads and checks its data on (the processes are the
application's to start; the library takes the client)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from netpipe.io.errors import ArgumentError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CONNECT_SECONDS", "dask_client", "one_part_note"]

#: How long joining a running scheduler may take before the command gives up.
CONNECT_SECONDS = 10


def one_part_note(cluster: str | None, data: Path) -> str | None:
    """What to say when a cluster is to read ties kept in one file (one worker reads it all)."""
    if cluster is None or not (data / "edges.csv").is_file() or (data / "edges").exists():
        return None
    return (
        f"note: {data / 'edges.csv'} is one file, read and checked by one worker: to spread the ties over "
        f"the workers, keep them as parts in {data / 'edges'}/ (netpipe export --format parquet writes them)"
    )


@contextmanager
def dask_client(cluster: str | None) -> Iterator[Client | None]:
    """A Dask client for ``--cluster``, closed on leaving (None without one).

    ``local`` starts a ``distributed.LocalCluster`` on this machine: one worker process per core,
    one thread each, its memory shared among them, stopped on leaving. Any other value is the
    address of a running scheduler (``tcp://host:8786``), e.g. one that dask-jobqueue started on
    a Slurm cluster; the command joins it and leaves it running.
    """
    if cluster is None:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ArgumentError(
            f'--cluster needs Dask ({error.name} is not installed): pip install "netpipe[dask]"'
        ) from None
    if cluster == "local":
        quiet = logging.ERROR  # the scheduler's notes on shuffles are not the user's
        # Its web server on a free port: another cluster may hold Dask's default (8787).
        workers = os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=quiet,
            ) as local,
            Client(local) as client,
        ):
            yield client
        return
    try:
        client = Client(cluster, timeout=CONNECT_SECONDS)
    except (OSError, ValueError, TypeError) as error:
        raise ArgumentError(
            f'--cluster "{cluster}": no Dask scheduler answered there ({error}); give "local" or the '
            "address of a running scheduler, e.g. tcp://host:8786"
        ) from None
    with client:
        yield client
