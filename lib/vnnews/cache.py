"""The cache: stage results keyed explicitly, verified on every read, safe to hand out.

A *stage* is a function declared with `@stage(*reads)`: it computes a result from named stages of a study (see
`vnnews.study.Study`) and from its own parameters. Called with a study as its first argument, it is cached; called
with DataFrames, it just computes (what the unit tests do). A stage's key is a hash of its name, the keys of the
stages it reads, its parameters and the code version, so keys form a chain from the input files' content to every
table: a warm run finds any stage without hashing, or even loading, the ones before it.

Everything on disk, under `$VNNEWS_CACHE` (stage results, per-document segmentation and POS tags, tables and
figures), is one kind of entry: a header with the SHA-256 of the payload, checked on every read. A damaged or
foreign entry is recomputed and rewritten, never used. Results handed out are shallow copies (pandas copy-on-write
copies any array written to) whose cells are immutable (tuples, strings, numbers), so no caller can change what
the cache holds.
"""

from __future__ import annotations

import ast
import ctypes
import functools
import hashlib
import inspect
import json
import mmap
import os
import pickle
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from vnnews.paths import DATA_DIR, PACKAGE_DIR, cache_dir

T = TypeVar("T")
# Libraries whose output is part of what the stages compute: an upgrade invalidates the cache.
LIBRARIES = ("underthesea", "pandas", "scikit-learn", "numpy")


# ---------------------------------------------------------------------------------------------------------------
# Keys

def _module_file(name: str) -> Path | None:
    if name.split(".")[0] != "vnnews":
        return None
    parts = name.split(".")[1:]
    if not parts:
        return PACKAGE_DIR / "__init__.py"
    for candidate in (PACKAGE_DIR.joinpath(*parts, "__init__.py"),
                      PACKAGE_DIR.joinpath(*parts[:-1], f"{parts[-1]}.py")):
        if candidate.is_file():
            return candidate
    return None


def _statements(nodes: list[ast.stmt]):
    """Every statement, at any depth (bodies of functions, classes, branches, handlers, cases), without walking
    into expressions: an import is a statement, and expressions are most of a module's nodes."""
    for node in nodes:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, name, None) or [])


@functools.cache
def _imported(path: Path, module: str) -> frozenset[str]:
    """The vnnews modules a source file imports (absolute or relative, at any depth of the file); read once per
    process, as `code_version` is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in _statements(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return frozenset(name for name in found if name == "vnnews" or name.startswith("vnnews."))


def modules(*roots: str) -> list[Path]:
    """The source files of `roots` and of every vnnews module they import, transitively (parent packages
    included), in path order. Derived from the code, so a new module a stage imports is never left out."""
    seen: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            prefix = ".".join(parts[:depth])
            if prefix in seen or (path := _module_file(prefix)) is None:
                continue
            seen[prefix] = path
            todo.extend(_imported(path, prefix))
    return sorted(set(seen.values()))


@functools.cache
def code_version(*roots: str) -> str:
    """A hash of the code behind the modules `roots` (their source and that of every vnnews module they import),
    every data file and the libraries whose output is cached. A stage is keyed by the code version of the module
    that defines it: editing `terms.py` recomputes the term statistics, not the segmentation."""
    from importlib import metadata

    digest = hashlib.sha256()
    for path in modules(*roots) + sorted(DATA_DIR.iterdir()):
        if path.is_file():
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def content_key(*parts: object) -> str:
    """A hash of the given values: DataFrames and Series by content (vectorised), objects with a `cache_key` by
    that, bytes as they are, anything else by its repr (strings, numbers, tuples, lists)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, (pd.DataFrame, pd.Series)):
            _update_frame(digest, part.to_frame() if isinstance(part, pd.Series) else part)
        elif hasattr(part, "cache_key"):
            digest.update(f"key:{part.cache_key}".encode())
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
            try:  # sequences of strings (paragraphs, words): joined, then hashed vectorised
                cells = cells.map(lambda cell: "\x1f".join(cell))
            except TypeError:  # not all strings (the audit's removals)
                digest.update(repr(cells.tolist()).encode("utf-8"))
                continue
        digest.update(pd.util.hash_pandas_object(cells, index=False).to_numpy().tobytes())


def call_key(*args, **kwargs) -> str:
    """`content_key` of a call's arguments, keyword arguments in name order."""
    return content_key(*args, *[part for name in sorted(kwargs) for part in (name, kwargs[name])])


# ---------------------------------------------------------------------------------------------------------------
# Verified entries on disk

_MAGIC = b"vnnews-cache 1 "


def write_atomic(path: Path, data: bytes | list) -> None:
    """Write (`data` or its parts, one after the other), then rename: parallel workers and interrupted runs never
    leave a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        for part in data if isinstance(data, list) else [data]:
            fh.write(part)
    tmp.replace(path)


def write_entry(path: Path, payload: bytes | list) -> None:
    """A cache entry: a header with the payload's SHA-256, then the payload. A payload given as parts (bytes or
    buffers) is hashed and written part after part: a large stage result is never joined into one copy."""
    parts = payload if isinstance(payload, list) else [payload]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    write_atomic(path, [_MAGIC + digest.hexdigest().encode() + b"\n", *parts])


def _read_view(path: Path) -> memoryview | None:
    """The payload of a cache entry as a view of the file read once into page-aligned memory (what out-of-band
    pickle buffers are rebuilt from without a copy), or None when it is missing, damaged or not an entry."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            data = mmap.mmap(-1, max(size, 1))
            if fh.readinto(data) != size:
                return None
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    header = len(_MAGIC) + 65
    view = memoryview(data)[:size]
    if size < header or view[: len(_MAGIC)] != _MAGIC or view[header - 1: header] != b"\n":
        return None
    payload = view[header:]
    return payload if hashlib.sha256(payload).hexdigest().encode() == view[len(_MAGIC): header - 1] else None


def read_entry(path: Path) -> bytes | None:
    """The payload of a cache entry, or None when it is missing, damaged or not an entry."""
    payload = _read_view(path)
    return None if payload is None else bytes(payload)


class Items:
    """One JSON entry per input (a document's segmentation, a sentence's tags) under `$VNNEWS_CACHE/<kind>/`,
    keyed by the input and `versions` (what produced it)."""

    def __init__(self, kind: str, versions: str, root: Path | None = None):
        self.root = (root or cache_dir()) / kind
        self.versions = versions

    def key(self, payload) -> str:
        return hashlib.sha256(json.dumps([self.versions, payload], ensure_ascii=False).encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        payload = read_entry(self.path(key))
        return None if payload is None else json.loads(payload)

    def put(self, key: str, value) -> None:
        write_entry(self.path(key), json.dumps(value, ensure_ascii=False).encode("utf-8"))


# ---------------------------------------------------------------------------------------------------------------
# Stage results: memory, then disk

def _return_freed_memory() -> None:
    """Arrow's default pool (mimalloc) keeps what string columns free for its own reuse, so the temporary copies a
    stage makes of a large frame stay in the process after they are gone; jemalloc without decay hands them back
    at once (a kernel runs the notebooks one after the other: what one stage frees, the next may need as
    numpy arrays or Python objects)."""
    import pyarrow as pa

    if "jemalloc" in pa.supported_memory_backends():
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)


_return_freed_memory()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, where the C library is glibc (Linux); else None."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None


def _trim_heap() -> None:
    """Hand back to the system what the C heap keeps of a stage's freed temporaries: glibc holds on to the pages of
    millions of small Python objects and of mid-sized arrays (hundreds of MB on a large corpus) that later stages,
    which allocate through Arrow's pool or mmap, would never reuse."""
    if trim := _malloc_trim():
        trim(0)


# Kept in memory by path (another $VNNEWS_CACHE is another store), up to a budget of bytes: the larger of a result's
# entry and of its frames' arrays (`_in_memory`: a Parquet entry is compressed; a pickled column of tuples is the
# better measure of what it takes); the least recently used go first and are read back from disk when needed again.
# A read takes a fraction of a second; a budget that holds both the tokens and the counted tokens (nearly the same
# rows) holds the tokens twice.
_MEMORY: dict[Path, tuple[object, int]] = {}
_MEMORY_BUDGET = 128 * 2**20
_MUTABLE = (list, dict, set, bytearray)
# Out-of-band buffers start on 16-byte boundaries of the payload, which starts at byte 80 of a page-aligned read:
# aligned in memory for every numpy and Arrow type (8 bytes at most).
_ALIGN = 16


def _check_immutable(value: object, kind: str) -> None:
    """Refuse to cache a result whose cells a caller could change in place (lists, dicts, sets)."""
    frames = value if isinstance(value, tuple) else (value,)
    for frame in frames:
        if isinstance(frame, pd.Series):
            frame = frame.to_frame()
        if not isinstance(frame, pd.DataFrame):
            continue
        for column in frame.columns[[dtype == "object" for dtype in frame.dtypes]]:
            if pd.api.types.infer_dtype(frame[column], skipna=True) == "string":
                continue
            if any(isinstance(cell, _MUTABLE) for cell in frame[column]):
                raise TypeError(f"stage {kind}: column {column!r} holds mutable cells; use tuples")


def hand_out(value: T) -> T:
    """A copy no caller can use to change the cached value: shallow copies of frames (copy-on-write) and of
    containers."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        return tuple(hand_out(part) for part in value)
    if isinstance(value, (dict, list, set)):
        return type(value)(value)
    return value


def _aligned(size: int) -> int:
    return size + -size % _ALIGN


# A payload that opens with Parquet's magic is a frame of columns (`_columnar`), stored as Parquet
_PARQUET = b"PAR1"
_INDEX = "__index__"  # the column that holds a frame's index when it is not 0, 1, 2 …


def _columnar(value: object) -> bool:
    """A frame of numbers, flags and coded strings (Categoricals: the term tokens): stored as Parquet, so the
    columns are on disk as columns, compressed, and the codes as integers with their vocabulary."""
    return (isinstance(value, pd.DataFrame) and len(value.columns) > 0 and _INDEX not in value.columns
            and all(isinstance(name, str) for name in value.columns)
            and all((isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(dtype.categories))
                    or (not isinstance(dtype, pd.CategoricalDtype) and dtype.kind in "biuf") for dtype in value.dtypes))


# Rows a stored frame's row group holds at most, cut where its document changes (a `doc_id` column): an analysis that
# reads a table in chunks (`Chunks`) holds one group's columns at a time, and no document spans two groups.
ROW_GROUP = 1_000_000


def _row_groups(frame: pd.DataFrame, size: int) -> list[tuple[int, int]]:
    """Row ranges of at most about `size` rows, each starting where a document starts (or every `size` rows, for
    a frame without documents)."""
    if len(frame) <= size:
        return [(0, len(frame))]
    if "doc_id" not in frame:
        return [(start, min(start + size, len(frame))) for start in range(0, len(frame), size)]
    column = frame["doc_id"]
    docs = column.cat.codes.to_numpy() if isinstance(column.dtype, pd.CategoricalDtype) else pd.factorize(column)[0]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    cuts = [0]
    while (later := starts[starts >= cuts[-1] + size]).size:
        cuts.append(int(later[0]))
    return list(zip(cuts, cuts[1:] + [len(frame)]))


def _dump_parquet(frame: pd.DataFrame, size: int = ROW_GROUP) -> list:
    """A `_columnar` frame as one Parquet file (pyarrow, zstd): a Categorical as its integer codes, its categories
    (the vocabulary, in order) in the file's metadata; the index as a column unless it is 0, 1, 2 …; row groups
    as `_row_groups` cuts them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns, vocabularies = {}, {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            vocabularies[name] = column.cat.categories.tolist()
            column = column.cat.codes
        columns[name] = pa.array(column.to_numpy())
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        columns[_INDEX] = pa.array(frame.index.to_numpy())
    meta = json.dumps({"vocabularies": vocabularies}, ensure_ascii=False).encode("utf-8")
    table = pa.table(columns).replace_schema_metadata({"vnnews": meta})
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, table.schema, compression="zstd") as writer:
        for start, stop in _row_groups(frame, size):
            writer.write_table(table.slice(start, stop - start), row_group_size=max(stop - start, 1))
    return [sink.getvalue()]


def _parquet_file(payload: memoryview, columns: tuple[str, ...]):
    """The Parquet file of an entry, the columns to decode (with the index column, if stored) and the
    vocabularies."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = pq.ParquetFile(pa.py_buffer(payload))
    schema = file.schema_arrow
    names = [*columns, *([_INDEX] if _INDEX in schema.names else [])] if columns else schema.names
    return file, names, json.loads(schema.metadata[b"vnnews"])["vocabularies"]


def _frame(arrays: dict[str, np.ndarray], vocabularies: dict[str, list], start: int = 0) -> pd.DataFrame:
    """Decoded columns as a frame: codes with a vocabulary as Categoricals, the index column as the index (else
    the rows' numbers from `start`), not consolidated into blocks (no copy)."""
    columns = {name: pd.Categorical.from_codes(values, dtype=pd.CategoricalDtype(pd.Index(vocabularies[name],
                                                                                         dtype=str)))
               if name in vocabularies else values for name, values in arrays.items()}
    length = len(next(iter(arrays.values()))) if arrays else 0
    index = columns.pop(_INDEX, None)
    return pd.DataFrame(columns, index=pd.RangeIndex(start, start + length) if index is None else index, copy=False)


def _load_parquet(payload: memoryview, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The frame of `_dump_parquet`'s file, or only the given `columns` of it (the others are not decoded). Row
    groups are decoded one at a time into the columns' final arrays: no second copy of a column."""
    file, names, vocabularies = _parquet_file(payload, columns)
    if file.num_row_groups <= 1:
        table = file.read(columns=names)
        return _frame({name: table.column(name).to_numpy() for name in names}, vocabularies)
    arrays = {name: np.empty(file.metadata.num_rows, dtype=file.schema_arrow.field(name).type.to_pandas_dtype())
              for name in names}
    offset = 0
    for group in range(file.num_row_groups):
        part = file.read_row_group(group, columns=names)
        for name in names:
            arrays[name][offset: offset + part.num_rows] = part.column(name).to_numpy()
        offset += part.num_rows
    return _frame(arrays, vocabularies)


class Chunks:
    """Some columns of a stored frame, a row group at a time (each holds whole documents): what an analysis whose
    statistics are sums reads, holding one group at a time. A frame in memory is one chunk. Iterable again."""

    def __init__(self, source: pd.DataFrame | memoryview, columns: tuple[str, ...]):
        self.source, self.columns = source, columns

    def __iter__(self) -> Iterator[pd.DataFrame]:
        if isinstance(self.source, pd.DataFrame):
            yield _columns(self.source, self.columns)
            return
        file, names, vocabularies = _parquet_file(self.source, self.columns)
        if not file.num_row_groups:  # an empty frame: one empty chunk, with its columns
            table = file.read(columns=names)
            yield _frame({name: table.column(name).to_numpy() for name in names}, vocabularies)
        offset = 0
        for group in range(file.num_row_groups):
            part = file.read_row_group(group, columns=names)
            yield _frame({name: part.column(name).to_numpy() for name in names}, vocabularies, offset)
            offset += part.num_rows


class Rows:
    """Some columns of a stored frame, to take rows from by position: only the row groups that hold the rows
    taken are decoded (a frame in memory is taken from directly)."""

    def __init__(self, source: pd.DataFrame | memoryview, columns: tuple[str, ...]):
        self.source, self.columns = source, columns

    def take(self, positions: np.ndarray) -> pd.DataFrame:
        """The rows at `positions` (repeats allowed), in that order, indexed by their positions."""
        positions = np.asarray(positions, dtype=np.int64)
        if isinstance(self.source, pd.DataFrame):
            return _columns(self.source, self.columns).iloc[positions].set_axis(positions)
        file, names, vocabularies = _parquet_file(self.source, self.columns)
        bounds = np.cumsum([0, *(file.metadata.row_group(g).num_rows for g in range(file.num_row_groups))])
        group_of = np.searchsorted(bounds, positions, side="right") - 1
        groups = np.unique(group_of)
        table = file.read_row_groups(groups.tolist(), columns=names) if len(groups) else file.schema_arrow.empty_table()
        first_row = np.cumsum(np.r_[0, np.diff(bounds)[groups][:-1]])  # where each read group starts in `table`
        taken = table.take(first_row[np.searchsorted(groups, group_of)] + positions - bounds[group_of])
        frame = _frame({name: taken.column(name).to_numpy(zero_copy_only=False) for name in names}, vocabularies)
        return frame.set_axis(positions)


def take(table: pd.DataFrame | Rows, rows: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """The given rows (by label, = position in a stage's frame) and columns of a frame or of a `Rows` reader."""
    if isinstance(table, Rows):
        return table.take(rows)[columns]
    return table.loc[rows, columns]


def _dump(value: object, row_group: int = 0) -> list:
    """A value as entry parts: Parquet for a `_columnar` frame, or for any frame of flat columns when a
    `row_group` is given; else the sizes, the pickle (protocol 5) and its out-of-band buffers (the arrays of
    numeric and Arrow columns, referenced, not copied), each padded to `_ALIGN`."""
    if _columnar(value) or (row_group and isinstance(value, pd.DataFrame)):
        return _dump_parquet(value, row_group or ROW_GROUP)
    buffers: list[pickle.PickleBuffer] = []
    main = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    sizes = struct.pack(f"<{2 + len(raws)}Q", len(raws), len(main), *[raw.nbytes for raw in raws])
    parts = [sizes, main, bytes(_aligned(len(sizes) + len(main)) - len(sizes) - len(main))]
    for raw in raws:
        parts += [raw, bytes(_aligned(raw.nbytes) - raw.nbytes)]
    return parts


def _load(payload: memoryview) -> object:
    """The value of `_dump`'s parts, its buffers views of `payload` (no copy)."""
    if payload[: len(_PARQUET)] == _PARQUET:
        return _load_parquet(payload)
    count, main_size = struct.unpack_from("<2Q", payload)
    sizes = struct.unpack_from(f"<{count}Q", payload, 16)
    start = 16 + 8 * count
    main = payload[start: start + main_size]
    offset, buffers = _aligned(start + main_size), []
    for size in sizes:
        buffers.append(payload[offset: offset + size])
        offset = _aligned(offset + size)
    return pickle.loads(main, buffers=buffers)


def _in_memory(value: object) -> int:
    """The bytes a result's frames hold in their arrays (a compressed Parquet entry is several times smaller than
    its columns; for columns of Python objects the entry's size is the better measure, and the larger one counts)."""
    if isinstance(value, tuple):
        return sum(_in_memory(part) for part in value)
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return int(pd.Series(value.memory_usage(index=True, deep=False)).sum())
    return 0


def _columns(value: T, columns: tuple[str, ...]) -> T:
    return value[list(columns)] if columns else value


def cached(kind: str, key: str, compute: Callable[[], T], columns: tuple[str, ...] = (), way: str = "",
           row_group: int = 0) -> T:
    """The result of `compute()` for this key: from memory, from disk (verified), or computed and stored (as
    Parquet in groups of `row_group` rows, if given). With `columns`, only those columns of a frame: a frame stored
    as Parquet and not in memory is decoded for them alone (and not kept: it is not the whole result); `way`
    "chunks" hands them over as `Chunks`, a row group at a time, "rows" as `Rows`, decoded for the rows taken."""
    path = cache_dir() / "stages" / kind / f"{key}.pkl"
    if path in _MEMORY:
        _MEMORY[path] = _MEMORY.pop(path)  # most recently used last
        return _handed(_MEMORY[path][0], columns, way)
    payload = _read_view(path)
    try:
        if (columns or way) and payload is not None and payload[: len(_PARQUET)] == _PARQUET:
            return _handed(payload, columns, way) if way else _load_parquet(payload, columns)
        value = _load(payload) if payload is not None else None
    except Exception:  # an entry of an older layout, or of classes that no longer exist: recompute
        payload = None
    size = 0 if payload is None else payload.nbytes
    if payload is None:
        value = compute()
        _check_immutable(value, kind)
        parts = _dump(value, row_group)
        size = sum(memoryview(part).nbytes for part in parts)
        write_entry(path, parts)
        del parts
        _trim_heap()
    _MEMORY[path] = (value, max(size, _in_memory(value)))
    while len(_MEMORY) > 1 and sum(size for _, size in _MEMORY.values()) > _MEMORY_BUDGET:
        _MEMORY.pop(next(iter(_MEMORY)))
    return _handed(value, columns, way)


def _handed(value, columns: tuple[str, ...], way: str):
    """What a reader gets of a result (or of a Parquet entry, a `memoryview`): a safe copy, only the given
    columns, or those columns `way` "chunks" (`Chunks`) or "rows" (`Rows`)."""
    if not way:
        return hand_out(_columns(value, columns))
    source = value if isinstance(value, memoryview) else hand_out(value)
    return Chunks(source, columns) if way == "chunks" else Rows(source, columns)


# ---------------------------------------------------------------------------------------------------------------
# Declaring stages

class Stages:
    """What a stage reads from: named stages with keys (`vnnews.study.Study` is the one implementation)."""

    def key(self, name: str) -> str:
        raise NotImplementedError

    def __getitem__(self, name: str):
        raise NotImplementedError

    def columns_of(self, name: str, columns: tuple[str, ...], way: str = ""):
        """Only the given columns of stage `name` (a frame; all of them if none is named); `way` "chunks" or
        "rows": as `Chunks` or `Rows`."""
        raise NotImplementedError

    def read(self, spec: str):
        """What a stage reads: a stage by name, or some of its columns ("counted_tokens[doc_id,term]"), or those
        columns a row group at a time ("counted_tokens[doc_id,term]*"), or rows taken by position
        ("sentence_texts@")."""
        name, columns, way = read_spec(spec)
        return self.columns_of(name, columns, way) if columns or way else self[name]

    def compute(self, function: Callable, args: tuple, kwargs: dict, columns: tuple[str, ...] = (),
                way: str = ""):
        """The cached result of a declared stage function called on this study (only `columns` of it, if given;
        `way` "chunks" or "rows": as `Chunks` or `Rows`)."""
        params = bind(function, args, kwargs)
        key = self.call_key(function, params)
        compute = lambda: function(*[self.read(spec) for spec in function.reads], **params)  # noqa: E731
        if not function.store:
            return _handed(self.memo(key, compute), columns, way)
        return cached(f"{function.__module__}.{function.__qualname__}", key, compute, columns, way, function.rows)

    def call_key(self, function: Callable, params: dict) -> str:
        """The key of a declared stage called on this study with these parameters (defaults filled in): the columns
        it reads of a stage do not change its key (they are named in the code)."""
        return content_key(f"{function.__module__}.{function.__qualname__}",
                           *[self.key(read_spec(spec)[0]) for spec in function.reads], call_key(**params),
                           code_version(function.__module__))

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        raise NotImplementedError


def bind(function: Callable, args: tuple, kwargs: dict) -> dict:
    """A declared stage's parameters in a call (what it reads left out), defaults filled in: what its key hashes."""
    bound = inspect.signature(function).bind_partial(*[None] * len(function.reads), *args, **kwargs)
    bound.apply_defaults()
    return dict(list(bound.arguments.items())[len(function.reads):])


def read_spec(spec: str) -> tuple[str, tuple[str, ...], str]:
    """A stage's name, the columns read of it, and how: "counted_tokens[doc_id,term]*" → ("counted_tokens",
    ("doc_id", "term"), "chunks"); "sentence_texts@" → ("sentence_texts", (), "rows"); a name alone reads the whole
    result."""
    way = {"*": "chunks", "@": "rows"}.get(spec[-1:], "")
    name, _, columns = spec.rstrip("*@").partition("[")
    return name, tuple(c.strip() for c in columns.rstrip("]").split(",") if c.strip()), way


def stage(*reads: str, store: bool = True, rows: int = 0) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Declare a stage computed from the named stages `reads` of a study (passed first, in that order) and its
    parameters. A read may name the columns it needs of a frame ("counted_tokens[doc_id,term]"): a stage stored as
    Parquet is then decoded for those columns only; with a final "*" it is handed over as `Chunks`, a row group at
    a time, with a final "@" as `Rows`, to take rows from. `store=False` for cheap views of a large stage (a
    filter): kept for the study, not on disk. `rows`: stored as Parquet in groups of that many rows (a frame of
    text that readers take a few rows of: KWIC lines, evidence sentences)."""
    def declare(function: Callable[..., T]) -> Callable[..., T]:
        function.reads, function.store, function.rows = reads, store, rows

        @functools.wraps(function)
        def call(first, *args, **kwargs):
            if isinstance(first, Stages):
                return first.compute(function, args, kwargs)
            return function(first, *args, **kwargs)

        call.reads, call.store, call.rows, call.function = reads, store, rows, function
        return call

    return declare
