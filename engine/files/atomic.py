"""Atomic output: write to a temporary file beside the target, then rename. An error, Ctrl-C,
SIGTERM or a full disk leaves the previous file (if any) intact and no temporary file behind.

A target that exists and is not a regular file -- ``/dev/stdout``, ``/dev/null``, a FIFO -- is
written in place: renaming over it would replace the device or pipe with a plain file.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import OutputError

_TMP_NAME_PART = 60  # a target name of 255 bytes must not give a temporary name that is too long


def is_special(target: str | Path) -> bool:
    """True for an existing target that is not a regular file (a device, FIFO or socket)."""
    try:
        return not stat.S_ISREG(os.stat(target).st_mode) and not stat.S_ISDIR(os.stat(target).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``target`` on success.

    For a special file the target itself is yielded. An :class:`OSError` while writing becomes an
    :class:`~engine.errors.OutputError` that names ``target``.
    """
    target = Path(target)
    if is_special(target):
        try:
            yield target
        except OSError as exc:
            raise _output_error(target, exc) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:_TMP_NAME_PART]}.", suffix=".tmp",
                                   dir=target.parent or ".")
    except OSError as exc:
        raise _output_error(target, exc) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); give it the permissions any new file would get.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        raise _output_error(target, exc) from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _output_error(target: Path, exc: OSError) -> OutputError:
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
              errno.EFBIG: "the file is too large for this file system or limit",
              errno.ENAMETOOLONG: "the file name is too long", errno.ENOENT: f"the folder {target.parent} does not exist",
              errno.EACCES: f"permission denied in {target.parent}", errno.EROFS: "the file system is read-only",
              errno.EISDIR: "it is a folder"}.get(exc.errno, exc.strerror or str(exc))
    return OutputError(f"{target}: could not write the output: {reason}; nothing was written")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(target: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    with atomic_path(target) as tmp:
        with open(tmp, "w", encoding=encoding) as fh:
            fh.write(text)
