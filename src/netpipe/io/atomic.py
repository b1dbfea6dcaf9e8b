"""Write files atomically: readers see the old version or the new, never half."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_file", "write_text"]

#: Open the folder itself, never a symbolic link in its place.
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
#: Create a new file, never through a symbolic link.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@contextmanager
def atomic_file(path: str | Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """Yield a binary stream whose bytes replace ``path`` only if the block succeeds.

    The bytes go to a temporary file beside ``path``, renamed into place at the end; on
    any error it is removed and ``path`` is left as it was. A symbolic link at ``path``
    is replaced, never written through, and the file is never written into a folder
    reached through a link in the place of ``path``'s folder (``OSError``, ``ELOOP``).
    The new file's mode is ``mode`` if given, else the umask's (``0644`` under ``umask 022``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent.is_symlink():
        raise OSError(errno.ELOOP, f'"{path.parent}" is a symbolic link: netpipe never writes through one')
    if os.name == "nt":  # pragma: no cover - no descriptors for folders
        folder, relative = None, path.parent
    else:
        folder, relative = os.open(path.parent, _FOLDER), Path()
    temporary = str(relative / f".{path.name}.{secrets.token_hex(6)}")
    try:
        handle = os.open(temporary, _NEW_FILE, 0o666 if mode is None else 0o600, dir_fd=folder)
        try:
            if mode is not None:
                os.fchmod(handle, mode)
            with os.fdopen(handle, "wb") as stream:
                yield stream
            os.replace(temporary, str(relative / path.name), src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
    finally:
        if folder is not None:
            os.close(folder)


def write_text(path: str | Path, text: str, mode: int | None = None) -> Path:
    """Write UTF-8 text to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path, mode) as stream:
        stream.write(text.encode("utf-8"))
    return Path(path)
