"""Output folders that never cost a user a file.

netpipe writes into a folder only if the folder is absent, empty, or was written by
netpipe: its manifest (:data:`MANIFEST`) lists every file netpipe put there, and the
folder holds nothing else. It never writes into the data folder, a folder that holds
the data or the current folder, the filesystem root, or over a file.

The new content is built in a temporary folder beside the target, which then takes the
target's place in one step (on Linux an atomic exchange, ``renameat2`` with
``RENAME_EXCHANGE``, so the folder never disappears). A lock beside the target keeps two
runs from writing the same folder at once. Each temporary folder holds a mark with a
random token, and the lock records the folder's name and token: what a killed run left
is removed by the next run into the same place only if its mark holds the token the
lock recorded; anything else is never touched.

netpipe never follows a link it did not make: a folder holding a symbolic link, a
special file, or anything netpipe cannot read is not netpipe's, and the manifest, the
lock and the marks are opened without following links.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from netpipe import __version__
from netpipe.io.errors import OutputError
from netpipe.io.small_files import loads_json, read_small

__all__ = ["MANIFEST", "check_target", "output_folder", "written_files"]

#: The file that marks a folder as written by netpipe and lists what it holds.
MANIFEST = ".netpipe-manifest.json"
#: Marks a temporary folder that is still being written.
_PARTIAL = ".netpipe-partial"
#: How the lock, temporary and retired folders beside a target ``out`` are named: ``.out`` + this.
_BESIDE = ".netpipe-"
#: The deepest folder netpipe looks into (it writes two deep): a deeper one is not netpipe's.
_DEEPEST = 32
#: The most bytes of a lock's record of temporary folders read.
_RECORD_LIMIT = 1 << 16


class _Unwritten(OutputError):
    """A write failed for ``reason`` (a full disk, ...); nothing was changed.

    An output folder written inside another one (a data package among the exports) fails
    with it: the outer folder names itself and the reason.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@contextmanager
def output_folder(
    out: str | Path, protect: Sequence[str | Path] = (), keep: bool = False, fresh: Sequence[str] = ()
) -> Iterator[Path]:
    """Yield a temporary folder whose content replaces ``out`` when the block succeeds.

    Parameters
    ----------
    out : str or Path
        The output folder. It must be absent, empty, or written by netpipe and holding
        only what its manifest lists.
    protect : sequence of paths
        Folders that must survive: ``out`` may be neither one of them nor hold one (the
        data folder).
    keep : bool
        Start from a copy of what ``out`` holds, so that the block adds or replaces
        files and keeps the others (``netpipe report --out X`` after ``netpipe run``).
    fresh : sequence of str
        With ``keep``, the names in ``out`` (files or folders) not to copy: the block
        writes them anew, and what netpipe wrote there before is gone (the period images
        of an earlier render). ``out`` holds only what netpipe wrote, or it is refused.

    Raises
    ------
    OutputError
        ``out`` is a folder netpipe may not replace, another run is writing it, or it
        cannot be written; nothing was changed.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as parent:
    ...     with output_folder(Path(parent) / "outputs") as folder:
    ...         _ = (folder / "hello.txt").write_text("hello")
    ...     sorted(p.name for p in (Path(parent) / "outputs").iterdir())
    ['.netpipe-manifest.json', 'hello.txt']
    """
    out = Path(out)
    check_target(out, protect)
    created = _make_parents(out.parent)
    try:
        with _locked(out) as lock:
            _remove_leftovers(out, lock)
            check_target(out, protect)  # again: another run may have written it meanwhile
            with _temporary_beside(out, lock) as folder:
                try:
                    if keep and out.is_dir():
                        _copy_tree(out, folder, skip=set(fresh))
                    yield folder
                    _write_new(folder / MANIFEST, _manifest_text(folder))
                    (folder / _PARTIAL).unlink()
                    _swap(folder, out)
                except (OSError, _Unwritten) as error:
                    reason = error.reason if isinstance(error, _Unwritten) else _reason(error)
                    raise _Unwritten(f'could not write "{out}" ({reason}); it is unchanged', reason) from None
    except BaseException:
        for parent in created:
            _remove_if_empty(parent)
        raise


def check_target(out: Path, protect: Sequence[str | Path] = ()) -> None:
    """Raise :class:`OutputError` unless netpipe may replace ``out`` (see the module)."""
    try:
        _check_target(out, protect)
    except (OSError, RuntimeError) as error:  # a name too long, a loop of symbolic links
        reason = error.strerror if isinstance(error, OSError) else "a loop of symbolic links"
        raise OutputError(f'"{out}" cannot be an output folder ({reason}): give another') from None


def _check_target(out: Path, protect: Sequence[str | Path]) -> None:
    shown = f'"{out}"'
    if out.is_symlink():
        raise OutputError(f"{shown} is a symbolic link: give the folder itself")
    real = out.resolve()
    if real == Path(real.anchor):
        raise OutputError(f"{shown} is the root of the filesystem: give a folder of its own for the outputs")
    for folder in protect:
        data = Path(folder).resolve()
        if data == real or real in data.parents:
            what = "is the data folder" if data == real else f'holds the data folder "{folder}"'
            raise OutputError(f"{shown} {what}: netpipe never writes there; give another output folder")
    here = Path.cwd().resolve()
    if here == real or real in here.parents:
        what = "is the current folder" if here == real else "holds the current folder"
        raise OutputError(f"{shown} {what}: give a folder of its own for the outputs, e.g. outputs")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{shown} is a file, not a folder: netpipe writes its outputs into a folder")
    if out.is_dir() and os.path.ismount(out):
        raise OutputError(
            f"{shown} is a mount point: netpipe replaces its output folder as a whole; "
            "give a folder inside it"
        )
    foreign = _foreign_files(out)
    if foreign:
        listed = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise OutputError(
            f"{shown} holds files netpipe did not write ({listed}): netpipe replaces only an empty "
            "folder or one it wrote; give another output folder, or move those files"
        )


def written_files(out: str | Path) -> list[Path]:
    """The files netpipe wrote into ``out``, as its manifest lists them (manifests left out)."""
    out = Path(out)
    return [out / name for name in _manifest_files(out / MANIFEST) if Path(name).name != MANIFEST]


def _foreign_files(out: Path) -> list[str]:
    """What ``out`` holds besides what its manifest lists (everything, without a manifest).

    Links, special files and what cannot be read are never netpipe's, listed or not;
    they are named with the reason.
    """
    try:
        if not stat.S_ISDIR(os.lstat(out).st_mode):
            return []
    except OSError:
        return []
    listed = set(_manifest_files(out / MANIFEST))
    foreign: list[str] = []
    pending = [(out, 0)]
    while pending:
        folder, depth = pending.pop()
        name = folder.relative_to(out).as_posix()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            foreign.append(f"{name if folder != out else 'the folder'} (cannot be read: {error.strerror})")
            continue
        for entry in entries:
            path = Path(entry.path)
            name = path.relative_to(out).as_posix()
            if entry.is_symlink():
                foreign.append(f"{name} (a symbolic link)")
            elif entry.is_dir(follow_symlinks=False):
                if depth < _DEEPEST:
                    pending.append((path, depth + 1))
                else:
                    foreign.append(f"{name} (nested {_DEEPEST} folders deep)")
            elif not entry.is_file(follow_symlinks=False):
                foreign.append(f"{name} (not a regular file)")
            elif not os.access(path, os.R_OK):
                foreign.append(f"{name} (cannot be read)")
            elif name not in listed and name != MANIFEST:
                foreign.append(name)
    return sorted(foreign)


def _manifest_files(path: Path) -> list[str]:
    """The files a manifest lists; none if it is absent, not a regular file or not netpipe's."""
    try:
        manifest = loads_json(read_small(path, follow=False))
        files = manifest["files"] if manifest.get("written_by", "").startswith("netpipe") else []
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return []
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _manifest_text(folder: Path) -> str:
    """A manifest listing every file of ``folder`` (no date: two runs write the same bytes)."""
    files = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if (p.is_symlink() or not p.is_dir()) and p not in (folder / MANIFEST, folder / _PARTIAL)
    )
    return json.dumps({"written_by": f"netpipe {__version__}", "files": files}, indent=1) + "\n"


def _write_new(path: Path, text: str) -> None:
    """Write ``path`` as a new file (what was there is removed first, a link is never followed)."""
    path.unlink(missing_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)


@contextmanager
def _locked(out: Path) -> Iterator[int]:
    """Hold the lock of ``out`` (a file beside it, removed when released); yield its descriptor.

    The lock also records the temporary folders made by the runs holding it (see
    :func:`_remove_leftovers`).
    """
    lock = out.with_name(f".{out.name}{_BESIDE}lock")
    if sys.platform == "win32":  # pragma: no cover - no flock; one run at a time is the user's care
        handle = os.open(lock, os.O_CREAT | os.O_RDWR | getattr(os, "O_BINARY", 0), 0o666)
        try:
            yield handle
        finally:
            os.close(handle)
            lock.unlink(missing_ok=True)
        return
    import fcntl

    while True:
        try:
            handle = os.open(lock, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK, 0o666)
        except OSError as error:
            if error.errno == errno.ELOOP:
                shown = f'"{lock}" is a symbolic link'
                raise OutputError(f"{shown}, not the lock netpipe makes: move it") from None
            raise _Unwritten(f'cannot write beside "{out}": {_reason(error)}', _reason(error)) from None
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            raise OutputError(f'"{lock}" is not a regular file, not the lock netpipe makes: move it')
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise OutputError(
                f'another netpipe run is writing "{out}" now: wait for it to finish, then run again'
            ) from None
        try:
            same = os.lstat(lock).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
        if same:  # else the holder before us removed it as we opened it: lock the new one
            break
        os.close(handle)
    try:
        yield handle
    finally:
        lock.unlink(missing_ok=True)
        os.close(handle)


def _remove_leftovers(out: Path, lock: int) -> None:
    """Remove the temporary folders of earlier runs into ``out`` that were killed.

    Only the folders the lock records are removed, each only if its mark holds the
    token recorded with it (or it is empty: killed before its mark was written).
    """
    os.lseek(lock, 0, os.SEEK_SET)
    record = os.read(lock, _RECORD_LIMIT).decode("utf-8", errors="replace")
    for line in record.splitlines():
        try:
            name, token = json.loads(line)
        except (ValueError, TypeError):
            continue
        if not isinstance(name, str) or not name.startswith(f".{out.name}{_BESIDE}") or "/" in name:
            continue
        if not isinstance(token, str) or len(token) != 32:  # netpipe's tokens: 32 hex digits
            continue
        path = out.parent / name
        if _is_folder(path) and (_mark(path) == token or not os.listdir(path)):
            shutil.rmtree(path, ignore_errors=True)
    os.ftruncate(lock, 0)


def _is_folder(path: Path) -> bool:
    """True if ``path`` is a folder itself (not a link to one)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _mark(folder: Path) -> str | None:
    """The token in the mark of a temporary folder, or None."""
    try:
        return read_small(folder / _PARTIAL, limit=256, follow=False).decode("ascii").strip()
    except (OSError, ValueError):
        return None


def glob_escape(name: str) -> str:
    """``name`` with the characters that glob patterns give a meaning to escaped."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextmanager
def _temporary_beside(out: Path, lock: int) -> Iterator[Path]:
    """A new folder beside ``out`` holding a mark, recorded in the lock; removed if the block fails."""
    token = secrets.token_hex(16)
    folder = out.with_name(f".{out.name}{_BESIDE}{secrets.token_hex(6)}")
    try:
        os.lseek(lock, 0, os.SEEK_END)
        os.write(lock, (json.dumps([folder.name, token]) + "\n").encode("utf-8"))
        os.mkdir(folder, 0o777)  # the umask gives the mode
        _write_new(folder / _PARTIAL, token + "\n")
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise _Unwritten(f'cannot write beside "{out}": {_reason(error)}', _reason(error)) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # after a swap it holds the old outputs


def _reason(error: OSError) -> str:
    """Why an operation failed, as the system says it ("No space left on device")."""
    return error.strerror or str(error)


def _copy_tree(source: Path, target: Path, skip: set[str] | None = None) -> None:
    """Copy what the folder ``source`` holds, but the names in ``skip``, into the folder ``target``;
    the first error stops it.

    ``source`` is a folder netpipe wrote: regular files and folders, no links.
    """
    with os.scandir(source) as scan:
        entries = [entry for entry in scan if entry.name not in (skip or set())]
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            os.mkdir(target / entry.name)
            _copy_tree(Path(entry.path), target / entry.name)
        else:
            shutil.copy2(entry.path, target / entry.name, follow_symlinks=False)
    shutil.copystat(source, target, follow_symlinks=False)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` in the place of ``out``; afterwards ``new`` names the old content, if any."""
    if not out.exists():
        os.rename(new, out)
    elif not _exchange(new, out):
        retired = out.with_name(f".{out.name}{_BESIDE}old-{os.getpid()}")
        os.rename(out, retired)  # out is briefly absent: the portable way has no exchange
        os.rename(new, out)
        os.rename(retired, new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2``; False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # pragma: no cover - glibc before 2.28
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # pragma: no cover - a filesystem without it
        return False
    raise OSError(code, os.strerror(code), str(b))  # pragma: no cover


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, deepest first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        for parent in reversed(missing):  # one by one: Path.mkdir(parents=True) recurses per level
            parent.mkdir(exist_ok=True)
    except OSError as error:
        for parent in missing:
            _remove_if_empty(parent)
        raise _Unwritten(f'cannot create "{folder}": {_reason(error)}', _reason(error)) from None
    return missing


def _remove_if_empty(folder: Path) -> None:
    """Remove a folder netpipe created, if nothing was put in it."""
    with suppress(OSError):
        folder.rmdir()
