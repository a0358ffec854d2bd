"""The corpus stage: every input file of a folder → one row each (`table.COLUMNS`), read in parallel, with the
metadata merged and duplicates flagged."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from vnnews.cache import content_key, stage
from vnnews.corpus.dates import share_dates
from vnnews.corpus.duplicates import flag_duplicates
from vnnews.corpus.metadata import METADATA_DEFAULT, merge_metadata, metadata_file, read_metadata
from vnnews.corpus.outlets import assign_outlets
from vnnews.corpus.read import Record, read_record, records
from vnnews.corpus.table import frame
from vnnews.errors import CorpusError
from vnnews.workers import parallel_map, progress_bar


@dataclass(frozen=True)
class Inputs:
    """A run's input files: every file under a folder (recursively, hidden ones aside) but the metadata file, or
    one file."""
    root: Path
    metadata: Path | None
    files: tuple[Path, ...]

    @classmethod
    def find(cls, path: str | Path, metadata: str | Path | None = METADATA_DEFAULT) -> Inputs:
        given = Path(path).expanduser().resolve()
        if given.is_file():
            root = given.parent
            meta_path = metadata_file(root, metadata) if metadata != METADATA_DEFAULT else None
            return cls(root, meta_path, (given,))
        if not given.is_dir():
            raise CorpusError(f"corpus {given} does not exist (give a folder or a file)")
        meta_path = metadata_file(given, metadata)
        files = []
        for file in sorted(given.rglob("*")):
            rel = file.relative_to(given)
            if file.is_file() and not any(part.startswith(".") for part in rel.parts) and file != meta_path:
                files.append(file)
        return cls(given, meta_path, tuple(files))

    @cached_property
    def cache_key(self) -> str:
        """The content of the inputs (never their paths or dates): each file's relative path and SHA-256, and the
        metadata's bytes."""
        digests = [(file.relative_to(self.root).as_posix(), _digest(file)) for file in self.files]
        return content_key(digests, self.metadata.read_bytes() if self.metadata else b"")


def _digest(path: Path) -> str:
    """A file's SHA-256; every notebook of a run opens a study on the same files, so each is read once while its
    size and modification time stay the same."""
    stat = path.stat()
    return _file_digest(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=1_000_000)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


# Records are read and cleaned in batches: the worker processes get work in large pieces, and a container of any
# size never needs more memory than one batch of raw records.
BATCH_RECORDS = 2048


def _batches(inputs: Inputs, columns: dict[str, str]) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for file in inputs.files:
        for record in records(file, file.relative_to(inputs.root).as_posix(), columns):
            batch.append(record)
            if len(batch) == BATCH_RECORDS:
                yield batch
                batch = []
    if batch:
        yield batch


def read_rows(inputs: Inputs, columns: dict[str, str]) -> Iterator[dict]:
    """Every record's row, in input order, a batch at a time (cleaning is pure Python, ≈ 1 MB/s per core: in the
    worker processes for a large corpus)."""
    for batch in _batches(inputs, columns):
        yield from parallel_map(read_record, batch, sum(record.n_bytes for record in batch))


@stage()
def corpus(inputs: Inputs, columns: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """One row per input record, loaded or skipped; then metadata rows naming missing files. Duplicates are
    flagged, not removed. `columns`: (role, column) pairs naming the columns of table exports."""
    meta = read_metadata(inputs.metadata) if inputs.metadata else None
    rows = []
    with progress_bar(None, "reading and cleaning records") as bar:
        for row in read_rows(inputs, dict(columns)):
            rows.append(row)
            bar.update()
    if meta is not None:
        merge_metadata(rows, meta, inputs.metadata)
    assign_outlets(rows)
    return share_dates(flag_duplicates(frame(rows)))
