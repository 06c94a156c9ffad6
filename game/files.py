"""Reading and writing the player's files safely: the one guarded reader and the one atomic writer.

Every file the game reads (saves, settings, the map, scenarios) goes through `read_bytes` or
`read_json`: regular files only (a FIFO, a device or a folder is refused before it is opened, so
nothing can hang), a size bound checked before and while reading, strict JSON (no `Infinity` or
`NaN`) of bounded depth. Every file it writes goes through `write_atomic`: a temporary file in the
same folder, flushed to disk, renamed over the old one, and removed if anything fails, so a crash
or a full disk never leaves a half-written file in place of a good one.

This module imports nothing else of the game: every layer may use it.
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

MAX_JSON_DEPTH = 64


class FileProblem(Exception):
    """A file that cannot be read as asked; the message names the file and what is wrong."""


def read_bytes(path: Path | str, limit: int, head: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (only the first `head` of them, when
    given); FileProblem otherwise."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileProblem(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(f"{path}: is not a regular file (a device, pipe or socket), so it is not read")
    if st.st_size > limit:
        raise FileProblem(f"{path}: is {st.st_size:,} bytes; at most {limit:,} are read")
    try:
        # O_NONBLOCK: should the file be swapped for a pipe after the check, opening does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise FileProblem(f"{path}: is not a regular file, so it is not read")
            if head is not None:
                return os.read(fd, head)
            chunks, size = [], 0
            while True:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise FileProblem(f"{path}: is larger than {limit:,} bytes, the most that is read")
        finally:
            os.close(fd)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return b"".join(chunks)


def read_text(path: Path | str, limit: int) -> str:
    """A regular UTF-8 text file of at most `limit` bytes (a leading byte-order mark is dropped)."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"{path}: is not UTF-8 text (byte {exc.start + 1} cannot be read)") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a file may hold")


def parse_json(text: str, where: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Strict JSON: no NaN or Infinity, nested at most `max_depth` deep. FileProblem otherwise,
    naming the line and column."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FileProblem(f"{where}:{exc.lineno}:{exc.colno}: is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise FileProblem(f"{where}: is nested too deeply to be read") from None
    except ValueError as exc:
        raise FileProblem(f"{where}: is not valid JSON ({exc})") from None
    depth = _depth(data)
    if depth > max_depth:
        raise FileProblem(f"{where}: is nested {depth} levels deep; at most {max_depth} are read")
    return data


def read_json(path: Path | str, limit: int, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """A regular file of strict JSON (see `parse_json`) of at most `limit` bytes."""
    return parse_json(read_text(path, limit), str(path), max_depth)


def _depth(data: Any) -> int:
    """How deep lists and mappings nest in parsed JSON, counted without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, (list, dict)):
            deepest = max(deepest, d)
            stack.extend((v, d + 1) for v in (node.values() if isinstance(node, dict) else node))
    return deepest


def write_atomic(path: Path | str, text: str, shared: bool = False) -> Path:
    """Write `text` to `path` atomically (see the module's docstring). Raises OSError, having
    left the old file, if any, as it was and no temporary file behind. A `shared` file (a report,
    role sheets: documents to hand round) is readable by others; anything else only by its owner."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        if shared and hasattr(os, "fchmod"):
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def remove_stale_temporaries(folder: Path | str, older_than: float = 600.0) -> int:
    """Remove what `write_atomic` leaves when the process is killed mid-write: its temporary files
    (`NAME.xxxxxxxx.tmp`) older than `older_than` seconds, so they never pile up. Returns how many."""
    folder = Path(folder)
    removed = 0
    try:
        entries = list(folder.glob("*.*.tmp"))
    except OSError:
        return 0
    now = time.time()
    for p in entries:
        try:
            if p.is_file() and now - p.stat().st_mtime > older_than:
                p.unlink()
                removed += 1
        except OSError:
            pass
    return removed
