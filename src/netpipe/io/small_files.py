"""Small files read beside the data or the outputs, read so that no file can hang or flood netpipe.

A ``datapackage.json``, a ``README.md`` or a manifest is read only if it is a regular
file (a FIFO would block the read forever, a link to ``/dev/zero`` never ends) under a
size limit, and JSON only up to a nesting depth; anything else is an error that names
the file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_SIZE", "NotReadable", "json_depth", "loads_json", "read_beside", "read_small"]

#: The largest file read beside the data (a ``datapackage.json`` of a large dataset is a few kB).
MAX_SIZE = 16 * 1024 * 1024
#: The deepest nesting of JSON arrays and objects read (netpipe's own files nest four deep).
MAX_DEPTH = 64


class NotReadable(ValueError):
    """A file that is not a regular file, is too large, or holds JSON nested too deeply."""

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        super().__init__(reason if path is None else f'"{path}" {reason}')


def read_small(path: str | Path, limit: int = MAX_SIZE, follow: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, if it holds at most ``limit`` of them.

    Parameters
    ----------
    path : str or Path
        The file.
    limit : int
        The most bytes read.
    follow : bool
        Follow a symbolic link at ``path``; when False a link is :class:`NotReadable`.

    Raises
    ------
    NotReadable
        ``path`` is a symbolic link (``follow=False``), not a regular file (a FIFO, a
        device, a folder), or larger than ``limit``.
    OSError
        It cannot be opened (absent, no permission).

    Examples
    --------
    >>> read_small("/dev/zero")
    Traceback (most recent call last):
    netpipe.io.small_files.NotReadable: "/dev/zero" is not a regular file
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)  # a FIFO opens without blocking
    if not follow:
        if os.path.islink(path):
            raise NotReadable("is a symbolic link", path)
        flags |= getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable("is not a regular file", path)
        if info.st_size > limit:
            raise NotReadable(f"is larger than {limit:,} bytes", path)
        chunks, size = [], 0
        while chunk := os.read(handle, limit + 1 - size):  # the file may grow while it is read
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise NotReadable(f"is larger than {limit:,} bytes", path)
        return b"".join(chunks)
    finally:
        os.close(handle)


def loads_json(text: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text nested at most ``max_depth`` arrays and objects deep.

    Raises
    ------
    ValueError
        The text is not JSON; :class:`NotReadable` if it nests deeper.

    Examples
    --------
    >>> loads_json('{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> loads_json("[[[1]]]", max_depth=2)
    Traceback (most recent call last):
    netpipe.io.small_files.NotReadable: JSON nested more than 2 deep
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise NotReadable(f"JSON nested more than {max_depth} deep") from None
    if json_depth(value) > max_depth:
        raise NotReadable(f"JSON nested more than {max_depth} deep")
    return value


def json_depth(value: Any) -> int:
    """How many arrays and objects deep ``value`` nests (0 for a number or a string), without recursion.

    >>> json_depth({"a": [1, {"b": []}]})
    4
    """
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def read_beside(path: Path) -> bytes | None:
    """The bytes of a file read beside the data (``datapackage.json``, ``README.md``); None if absent.

    Raises
    ------
    DataError
        The file is not a regular file, is too large or cannot be read (it names the
        file and why).
    """
    try:
        return read_small(path)
    except FileNotFoundError:
        return None
    except NotReadable as error:
        why = f"{error.reason}: netpipe reads only a regular file of at most {MAX_SIZE:,} bytes here"
    except OSError as error:  # a loop of links, no permission
        why = f"cannot be read ({error.strerror})"
    from netpipe.io.errors import DataError
    from netpipe.io.problem_codes import UNREADABLE
    from netpipe.io.problems import Report, problem_frame

    raise DataError(Report.from_frames([problem_frame(UNREADABLE, path.name, [None], [why])]))
