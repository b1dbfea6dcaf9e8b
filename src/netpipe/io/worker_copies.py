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
    from distributed import Client, Future

__all__ = ["beside", "places", "sent"]


def places(client: Client, count: int) -> list[str | None]:
    """A worker for each of ``count`` parts: the cluster's running workers in turn (sorted by address;
    None, any worker, where none is running).

    A task's place is a hint (``workers=place, allow_other_workers=True``): workers may come and go,
    and Dask runs a task elsewhere where its place cannot.
    """
    running = _running(client)
    return [_in_turn(running, number) for number in range(count)]


def sent(client: Client, value: Any, at: list[str | None]) -> list[Any]:
    """``value`` sent from here once to each worker of ``at`` that is still running (one at a time, so
    that one copy is being sent at once); for each place of ``at``, the future of the copy on it (on
    a running worker in turn where it is not running)."""
    running = _running(client)
    chosen = [place if place in running else _in_turn(running, number) for number, place in enumerate(at)]
    copies = {worker: _scattered(client, value, worker) for worker in dict.fromkeys(chosen)}
    return [copies[worker] for worker in chosen]


def beside(client: Client, value: Any, futures: list[Future]) -> list[Any]:
    """``value`` sent from here once to each worker that holds some of ``futures`` (see :func:`sent`);
    for each future, the future of the copy beside it (where it is not yet made, on a worker in turn)."""
    holders = client.who_has(futures)
    return sent(client, value, [min(holders.get(future.key, ()), default=None) for future in futures])


def _scattered(client: Client, value: Any, worker: str | None) -> Any:
    """``value`` sent from here to ``worker`` directly, or through the scheduler where the workers
    cannot be reached from here. Through the scheduler, large copies may hold up its reading of the
    client's messages: at ten million ties on twenty workers, the kernel dropped the client's
    connection in three runs of five (directly, none of one)."""
    try:
        return client.scatter(value, workers=worker, hash=False, direct=True)
    except OSError:
        return client.scatter(value, workers=worker, hash=False)


def _running(client: Client) -> list[str]:
    """The addresses of the cluster's running workers (not paused, not closing), sorted; asked of the
    scheduler as ``client.scatter`` asks it (``scheduler_info`` may answer from a stale cache)."""
    return sorted(client.sync(client.scheduler.ncores_running))


def _in_turn(running: list[str], number: int) -> str | None:
    """The running worker whose turn ``number`` is (None where none is running: Dask chooses)."""
    return running[number % len(running)] if running else None
