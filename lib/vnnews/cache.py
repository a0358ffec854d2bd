"""Stage results cached in memory and on disk, keyed by their input's content and the code that computes them.

The runner executes every notebook in one kernel, so a stage (the loaded corpus, its sentences, its term tokens,
the officials) is computed once per run and reused by the other notebooks; on disk under `$VNNEWS_CACHE/stages/`,
it is reused by later runs with other parameters or another output folder. Keys hash the content (never paths or
dates), the vnnews source and data files, and the versions of underthesea, pandas and scikit-learn: editing a
lexicon or upgrading a library invalidates what depends on it. A stage's result handed on unchanged to the next
stage is keyed by its own key rather than hashed again (see `_HANDED`), so a fully cached notebook costs little
more than reading its results.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import weakref
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

from vnnews.paths import PACKAGE_DIR, cache_dir

T = TypeVar("T")
# Stage results kept in memory, by cache file (another $VNNEWS_CACHE is another store), with their pickled size.
# Up to a budget of pickled bytes (in memory they take a few times more); the least recently used go first and
# are read back from disk when needed again. A run on 2,653 articles keeps everything: ≈ 150 MB pickled.
_MEMORY: dict[Path, tuple[object, int]] = {}
_MEMORY_BUDGET = 256 * 2**20


# The modules whose functions produce cached stages; the runner, CLI and figures do not change them.
STAGE_MODULES = ("cache.py", "corpus.py", "text.py", "terms.py", "themes.py", "officials.py")


@functools.cache
def code_version() -> str:
    """A hash of the stage modules, the data files and the libraries whose output is cached."""
    from importlib import metadata

    digest = hashlib.sha256()
    files = [PACKAGE_DIR / name for name in STAGE_MODULES] + sorted((PACKAGE_DIR / "data").iterdir())
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    for name in ("underthesea", "pandas", "scikit-learn"):
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


# Frames handed out by `stage`, by id: the copy (weakly), the cached original and the copy's arrays and axes as
# handed out, and the stage key. A stage result passed on unchanged to the next stage is keyed by that key, in
# microseconds, instead of by hashing millions of cells again: a Merkle chain of stages. Any write to the copy
# (pandas copy-on-write: the original is held here, so the copy never owns its arrays) or a new column or index
# replaces an array or axis, and the frame is hashed by content again.
_HANDED: dict[int, tuple[weakref.ref, object, tuple, str]] = {}


def _layout(frame: pd.DataFrame | pd.Series) -> tuple[tuple, object]:
    """The frame's column arrays and axes (compared by identity) and, for a Series, its name."""
    return (*frame._mgr.arrays, *frame._mgr.axes), frame.name if isinstance(frame, pd.Series) else None


def _hand_out(value: T, key: str) -> T:
    """A shallow copy of a cached DataFrame or Series, registered under its key (a tuple's frames each under
    their own); other values as they are."""
    if isinstance(value, tuple):
        return tuple(_hand_out(part, f"{key}/{i}") for i, part in enumerate(value))
    if not isinstance(value, (pd.DataFrame, pd.Series)):
        return value
    copy = value.copy(deep=False)
    ident = id(copy)
    _HANDED[ident] = (weakref.ref(copy, lambda _: _HANDED.pop(ident, None)), value, _layout(copy), key)
    return copy


def stage_key(frame: pd.DataFrame | pd.Series) -> str | None:
    """The key of the stage that handed out this frame, if the frame is unchanged since; None otherwise."""
    entry = _HANDED.get(id(frame))
    if entry is None or entry[0]() is not frame:
        return None
    (parts, name), (parts_then, name_then) = _layout(frame), entry[2]
    unchanged = len(parts) == len(parts_then) and all(a is b for a, b in zip(parts, parts_then)) and name == name_then
    return entry[3] if unchanged else None


def content_key(*parts: object) -> str:
    """A hash of the given values: DataFrames and Series by content (vectorised; by their stage key when they
    come unchanged from a stage), bytes as they are, anything else by its repr (strings, numbers, lists)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, (pd.DataFrame, pd.Series)):
            known = stage_key(part)
            if known:
                digest.update(f"stage:{known}".encode())
            else:
                _update_frame(digest, part.to_frame() if isinstance(part, pd.Series) else part)
        else:
            digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def _update_frame(digest, frame: pd.DataFrame) -> None:
    digest.update(repr((list(frame.columns), [str(t) for t in frame.dtypes], list(frame.index[:0].names), len(frame)))
                  .encode())
    digest.update(pd.util.hash_pandas_object(frame.index).to_numpy().tobytes())
    for column in frame.columns:
        cells = frame[column]
        if cells.dtype == object and len(cells) and isinstance(cells.iloc[0], (list, tuple)):
            try:  # lists of strings (paragraphs, words): joined, then hashed vectorised
                cells = cells.map(lambda cell: "\x1f".join(cell))
            except TypeError:  # not all strings (the audit's dicts)
                digest.update(repr(cells.tolist()).encode("utf-8"))
                continue
        digest.update(pd.util.hash_pandas_object(cells, index=False).to_numpy().tobytes())


def call_key(*args, **kwargs) -> str:
    """`content_key` of a call's arguments, keyword arguments in name order."""
    return content_key(*args, *[part for name in sorted(kwargs) for part in (name, kwargs[name])])


def write_atomic(path: Path, data: bytes) -> None:
    """Write, then rename: parallel workers and interrupted runs never leave a broken cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def staged(function: Callable[..., T]) -> Callable[..., T]:
    """Cache a stage function's result by the content of all its arguments (see `stage`)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        key = call_key(*args, **kwargs)
        return stage(f"{function.__module__}.{function.__qualname__}", key, lambda: function(*args, **kwargs))

    return wrapper


def keyed(function: Callable[..., T]) -> Callable[..., T]:
    """For cheap functions with large results (a filter of the tokens): computed every time and never stored, but
    the result is registered under a key made of the function and its arguments' keys (see `_HANDED`), so the
    stages it feeds key it without hashing its content."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        value = function(*args, **kwargs)
        name = f"{function.__module__}.{function.__qualname__}"
        return _hand_out(value, content_key(name, call_key(*args, **kwargs), code_version()))

    return wrapper


def stage(kind: str, key: str, compute: Callable[[], T]) -> T:
    """The cached result of `compute()` for this key, from memory, from disk, or computed and stored.

    DataFrames and Series are returned as shallow copies (pandas copy-on-write), so a caller adding a column does
    not change the cached value; the copy is registered (see `_HANDED`) so later stages key it cheaply.
    """
    full = content_key(kind, key, code_version())
    path = cache_dir() / "stages" / kind / f"{full}.pkl"
    if path in _MEMORY:
        _MEMORY[path] = _MEMORY.pop(path)  # most recently used last
    else:
        try:
            data = path.read_bytes()
            value = pickle.loads(data)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            value = compute()
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(path, data)
        _MEMORY[path] = (value, len(data))
        while len(_MEMORY) > 1 and sum(size for _, size in _MEMORY.values()) > _MEMORY_BUDGET:
            _MEMORY.pop(next(iter(_MEMORY)))
    return _hand_out(_MEMORY[path][0], full)
