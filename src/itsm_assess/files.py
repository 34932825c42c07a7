"""Writing output files so that a crash or a bad input never leaves half a file behind.

* :func:`atomic_path` writes beside the target and renames over it. An existing target keeps
  its file mode (a 0600 assessment stays 0600), and a symlinked target keeps its link: the file
  it points to is replaced. Temporary files carry the writer's process id, so a later write to
  the same target removes those a killed run (``kill -9``) left behind. Errors name the target,
  never the temporary file.
* :func:`refuse_overwrite` is the one check before outputs are written: an existing file is
  replaced only when the user asked for it (``--force``).
* :func:`exclusive_lock` serialises the runs that rewrite one file (an assessment): a lock file
  beside it, held with ``flock`` for as long as the read-merge-write takes.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from itsm_assess.errors import InputError, OutputExistsError
from itsm_assess.i18n import message

#: How long a run waits for another run's lock on the same file before giving up.
LOCK_WAIT_SECONDS = 30.0


def _real_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: the end of its symlink chain, if any."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but belongs to someone else (or cannot tell): leave its files alone
    return True


def _remove_stale_temps(target: Path) -> None:
    """Remove ``.<name>.<pid>.*`` files of ``target`` whose writing process no longer runs."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[^/]*$")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        m = pattern.match(entry.name)
        if m and not _pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, claim_unnamed: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``, else remove it.

    An OSError naming the temporary file is raised naming ``path``; one naming no file is too
    unless ``claim_unnamed`` is False (a set of outputs cannot tell which of them it concerns).
    """
    shown = Path(path)
    target = _real_target(shown)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # an ordinary new file
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=target.suffix or ".tmp",
                               dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        os.chmod(tmp_path, mode)
        yield tmp_path
        os.replace(tmp_path, target)
    except OSError as exc:
        # The user knows the file they asked for, not our temporary one.
        if exc.filename is not None and str(exc.filename) in (str(tmp_path), str(target)):
            raise OSError(exc.errno, exc.strerror, str(shown)) from None
        if exc.filename is None and exc.errno is not None and claim_unnamed:
            raise OSError(exc.errno, exc.strerror, str(shown)) from None
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def write_text_atomic(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write ``content`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@contextlib.contextmanager
def atomic_paths(paths: Sequence[str | os.PathLike[str]]) -> Iterator[list[Path]]:
    """Temporary paths for several outputs written as a set: all are renamed in place, or none.

    Every file is written in full before the first rename, so a full disk or a failing writer
    leaves the earlier outputs as they were. A failure names the output it concerned.
    """
    with contextlib.ExitStack() as stack:
        temps: list[Path] = []
        for p in paths:
            temps.append(stack.enter_context(atomic_path(p, claim_unnamed=len(paths) == 1)))
        yield temps


def refuse_overwrite(paths: Iterable[str | os.PathLike[str]], *, force: bool) -> None:
    """Raise :class:`~itsm_assess.errors.OutputExistsError` naming each of ``paths`` that exists
    (a file, a folder or a symlink, even a broken one), unless ``force``. Call it before writing
    anything, so that a refusal leaves every output as it was."""
    if force:
        return
    existing = [p for p in paths if os.path.lexists(p)]
    if existing:
        raise OutputExistsError(
            [message("{path}: file exists; use --force to overwrite it", path=_shown(p)) for p in existing],
            [os.fspath(p) for p in existing],
        )


def lock_path_of(path: str | os.PathLike[str]) -> Path:
    """The lock file guarding ``path``: ``.<name>.lock`` beside the file it resolves to."""
    target = _real_target(Path(path))
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive_lock(path: str | os.PathLike[str], *, wait: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (via its lock file) for the ``with`` block.

    Waits up to ``wait`` seconds (default :data:`LOCK_WAIT_SECONDS`) for another run to finish; then raises :class:`InputError`
    naming the file and the lock file. Read the file *inside* the block, so that what was
    written by the run that held the lock before is what this run merges into.
    """
    lock = lock_path_of(path)
    shown = _shown(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise InputError(message("{shown}: cannot create the lock file {lock}: {reason}", shown=shown, lock=_shown(lock), reason=exc.strerror)) from None
    try:
        deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = _read_holder(fd)
                raise InputError(
                    message("{shown}: another itsm-assess run{holder} is changing this file (lock {lock}); nothing was written; run the command again when it has finished", shown=shown, holder=holder, lock=_shown(lock))
                )
            time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _shown(path: str | os.PathLike[str]) -> str:
    from itsm_assess.loading import display_path

    return display_path(path)


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode().strip())
        return f" (process {pid})"
    return ""


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
