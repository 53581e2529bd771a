"""Checks on the files a run will write, made before any input is read.

An output must never be an input of the same run (``batch x.csv -o x.csv`` would destroy the
export), nor another output of it (``--errors`` equal to ``-o`` keeps only the errors). Its folder must
exist and be writable and its name must fit the file system, so that a long run does not fail at
the end. ``/dev/null`` may be named more than once; other special files (``/dev/stdout``, a FIFO)
are written in place by :func:`engine.files.atomic.atomic_path`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import UsageError

Named = tuple[str, "str | Path | None"]  # (how the user named it: "-o", "--errors", "EXPORT", path)


def _files_of(path: Path) -> list[Path]:
    """An input folder (``--rules rules/``) stands for the files in it."""
    if path.is_dir():
        return [p for p in sorted(path.iterdir()) if p.is_file()]
    return [path]


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # also hard links and different spellings
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _is_devnull(path: Path) -> bool:
    try:
        return path.exists() and os.path.samefile(path, os.devnull)
    except OSError:
        return False


def check_output_path(option: str, path: Path) -> None:
    """The folder exists and is writable, the name fits, and the path is not a folder."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        name_max = os.pathconf(folder if folder.is_dir() else ".", "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    size = len(os.fsencode(path.name))
    if size > name_max:
        raise UsageError(f"{option} {path.name[:40]}...: the file name is {size} bytes long; this file system "
                         f"allows at most {name_max}: choose a shorter name")
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a folder; expected a file name")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if path.exists() and not path.is_file():
        return  # a device or FIFO: written in place
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: cannot write in the folder {folder} (permission denied)")


def check_outputs(outputs: Sequence[Named], inputs: Iterable[Named] = ()) -> None:
    """Raise :class:`UsageError` when an output is unusable, is an input, or is another output."""
    given = [(name, Path(p)) for name, p in outputs if p is not None]
    for name, path in given:
        check_output_path(name, path)
    for k, (name, path) in enumerate(given):
        if _is_devnull(path):
            continue
        for other_name, other in given[:k]:
            if _same(path, other):
                raise UsageError(f"{name} {path}: is also the {other_name} output; give each output its own file")
    for in_name, in_path in inputs:
        if in_path is None:
            continue
        for candidate in _files_of(Path(in_path)):
            for name, path in given:
                if not _is_devnull(path) and _same(path, candidate):
                    raise UsageError(f"{name} {path}: is also an input of this run ({in_name} {candidate}); "
                                     "an output never overwrites an input: choose another file name")
