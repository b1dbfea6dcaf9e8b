"""Output folders that never cost a user a file.

netpipe writes into a folder only if the folder is absent, empty, or was written by
netpipe: its manifest (:data:`MANIFEST`) lists every file netpipe put there, and the
folder holds nothing else. It never writes into the data folder, a folder that holds
the data or the current folder, the filesystem root, or over a file.

The new content is built in a temporary folder beside the target, which then takes the
target's place in one step (on Linux an atomic exchange, ``renameat2`` with
``RENAME_EXCHANGE``, so the folder never disappears). A lock beside the target keeps two
runs from writing the same folder at once. Temporary folders and locks carry netpipe's
marks, so that what a killed run left is found and removed by the next run into the
same place; anything else is never touched.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from netpipe import __version__
from netpipe.errors import OutputError

__all__ = ["MANIFEST", "check_target", "output_folder", "written_files"]

#: The file that marks a folder as written by netpipe and lists what it holds.
MANIFEST = ".netpipe-manifest.json"
#: Marks a temporary folder that is still being written.
_PARTIAL = ".netpipe-partial"
#: How the lock, temporary and retired folders beside a target ``out`` are named: ``.out`` + this.
_BESIDE = ".netpipe-"


@contextmanager
def output_folder(out: str | Path, protect: Sequence[str | Path] = (), keep: bool = False) -> Iterator[Path]:
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
        with _locked(out):
            _remove_leftovers(out)
            check_target(out, protect)  # again: another run may have written it meanwhile
            with _temporary_beside(out) as folder:
                if keep and out.is_dir():
                    shutil.copytree(out, folder, dirs_exist_ok=True, symlinks=True)
                (folder / _PARTIAL).touch()
                try:
                    yield folder
                except OSError as error:
                    raise OutputError(f'could not write "{out}" ({error}); it is unchanged') from error
                _write_manifest(folder)
                (folder / _PARTIAL).unlink()
                _swap(folder, out)
    except BaseException:
        for parent in created:
            _remove_if_empty(parent)
        raise


def check_target(out: Path, protect: Sequence[str | Path] = ()) -> None:
    """Raise :class:`OutputError` unless netpipe may replace ``out`` (see the module)."""
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
    """What ``out`` holds besides what its manifest lists (everything, without a manifest)."""
    if not out.is_dir():
        return []
    held = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_symlink() or not p.is_dir())
    listed = set(_manifest_files(out / MANIFEST))
    return [name for name in held if name not in listed and name != MANIFEST]


def _manifest_files(path: Path) -> list[str]:
    """The files a manifest lists; none if it is absent or not netpipe's."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"] if manifest.get("written_by", "").startswith("netpipe") else []
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return []
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _write_manifest(folder: Path) -> None:
    """List every file of ``folder`` in its manifest (no date: two runs write the same bytes)."""
    files = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if (p.is_symlink() or not p.is_dir()) and p not in (folder / MANIFEST, folder / _PARTIAL)
    )
    text = json.dumps({"written_by": f"netpipe {__version__}", "files": files}, indent=1)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` (a file beside it, removed when released)."""
    if sys.platform == "win32":  # pragma: no cover - no flock; one run at a time is the user's care
        yield
        return
    import fcntl

    lock = out.with_name(f".{out.name}{_BESIDE}lock")
    while True:
        try:
            handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as error:
            raise OutputError(f'cannot write beside "{out}": {error.strerror}') from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise OutputError(
                f'another netpipe run is writing "{out}" now: wait for it to finish, then run again'
            ) from None
        try:
            same = os.stat(lock).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
        if same:  # else the holder before us removed it as we opened it: lock the new one
            break
        os.close(handle)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(handle)


def _remove_leftovers(out: Path) -> None:
    """Remove the temporary folders of earlier runs into ``out`` that were killed.

    Only folders named like netpipe's and holding its marks (or nothing) are removed.
    """
    for path in out.parent.glob(f".{glob_escape(out.name)}{_BESIDE}*"):
        if path.is_dir() and not path.is_symlink():
            marked = (path / _PARTIAL).exists() or (path / MANIFEST).exists() or not any(path.iterdir())
            if marked:
                shutil.rmtree(path, ignore_errors=True)


def glob_escape(name: str) -> str:
    """``name`` with the characters that glob patterns give a meaning to escaped."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextmanager
def _temporary_beside(out: Path) -> Iterator[Path]:
    """A new folder beside ``out``, removed if the block fails."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}{_BESIDE}", dir=out.parent))
    except OSError as error:
        raise OutputError(f'cannot write beside "{out}": {error.strerror}') from None
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # after a swap it holds the old outputs


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
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f'cannot create "{folder}": {error.strerror}') from None
    return missing


def _remove_if_empty(folder: Path) -> None:
    """Remove a folder netpipe created, if nothing was put in it."""
    with suppress(OSError):
        folder.rmdir()
