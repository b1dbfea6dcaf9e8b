"""Where the parts' tasks are asked to run on a two-worker ``LocalCluster``, and a value sent to each
worker from here: a key a worker, which Dask's Active Memory Manager leaves in place, where it
drops the replicas of a broadcast to one."""

from __future__ import annotations

import time

import numpy as np
from distributed import Client, Future

from netpipe.io.worker_copies import beside, places, sent


def holders(client: Client, futures: list[Future]) -> list[list[str]]:
    """The workers that hold each of ``futures``."""
    found = client.who_has(futures)
    return [sorted(found[future.key]) for future in futures]


def test_the_parts_go_to_the_running_workers_in_turn(client: Client) -> None:
    first, second = sorted(client.nthreads())
    assert places(client, 5) == [first, second, first, second, first]


def test_each_worker_keeps_its_copy_where_a_broadcast_keeps_one(client: Client) -> None:
    first, second = sorted(client.nthreads())
    broadcast = client.scatter(np.arange(3), broadcast=True, hash=False)
    copies = sent(client, np.arange(3), [second, first, second])
    assert copies[2] is copies[0]
    assert holders(client, [broadcast]) == [[first, second]]
    client.amm.run_once()
    deadline = time.monotonic() + 30
    while len(holders(client, [broadcast])[0]) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(holders(client, [broadcast])[0]) == 1
    assert holders(client, copies) == [[second], [first], [second]]
    assert [list(copy) for copy in client.gather(copies)] == [[0, 1, 2]] * 3


def test_a_copy_goes_beside_each_future_or_to_a_worker_in_turn(client: Client) -> None:
    first, second = sorted(client.nthreads())
    made = [client.submit(len, "ab", workers=worker, pure=False) for worker in (second, first)]
    client.gather(made)
    assert holders(client, beside(client, "value", made)) == [[second], [first]]
    assert holders(client, sent(client, "value", ["tcp://127.0.0.1:1", None])) == [[first], [second]]
