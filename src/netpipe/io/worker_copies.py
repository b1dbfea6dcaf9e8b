"""Where the tasks of each part run on a Dask cluster, and a value they all read sent to each of
those workers from here.

``client.scatter(value, broadcast=True)`` is not used: it gives one key many replicas, and Dask's
Active Memory Manager (on by default, its ``ReduceReplicas`` policy) drops all but one of them
within seconds while no task waits for the key yet. The tasks submitted next then fetch the value
from that one worker, all at once, and it pickles a copy for each (a frame of text, pickled in band,
costs its size again per copy). Here each worker gets a key of its own, with one replica, which the
manager leaves alone, sent from here one worker at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["places", "sent"]


def places(client: Client, count: int) -> list[str]:
    """A worker for each of ``count`` parts: the cluster's workers in turn (sorted by address).

    A task's place is a hint (``workers=[place], allow_other_workers=True``): workers may come and
    go, and Dask runs a task elsewhere where its place cannot.
    """
    workers = _running(client)
    return [workers[number % len(workers)] for number in range(count)]


def sent(client: Client, value: Any, at: list[str]) -> list[Any]:
    """``value`` sent from here once to each worker of ``at`` that is still in the cluster (one at a
    time, so that one copy is being sent at once); for each place of ``at``, the future of the copy
    on it (of a copy on another worker where it has left)."""
    running = _running(client)
    chosen = [place if place in running else running[n % len(running)] for n, place in enumerate(at)]
    copies = {worker: client.scatter(value, workers=[worker], hash=False) for worker in dict.fromkeys(chosen)}
    return [copies[worker] for worker in chosen]


def _running(client: Client) -> list[str]:
    """The addresses of the cluster's running workers (not paused, not closing), sorted."""
    workers = client.scheduler_info()["workers"]
    return sorted(address for address, worker in workers.items() if worker["status"] == "running")
