"""The corpus stage: every input file of a folder → one row each (`table.COLUMNS`), read in parallel, with the
metadata merged and duplicates flagged."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from vnnews.cache import content_key, stage
from vnnews.corpus.duplicates import flag_duplicates
from vnnews.corpus.metadata import METADATA_DEFAULT, merge_metadata, metadata_file, read_metadata
from vnnews.corpus.read import read_entry
from vnnews.corpus.table import frame
from vnnews.errors import CorpusError
from vnnews.workers import parallel_map, progress_bar


@dataclass(frozen=True)
class Inputs:
    """A run's input files: every file under `root` (recursively, hidden ones aside) but the metadata file."""
    root: Path
    metadata: Path | None
    files: tuple[Path, ...]

    @classmethod
    def find(cls, path: str | Path, metadata: str | Path | None = METADATA_DEFAULT) -> Inputs:
        root = Path(path).expanduser().resolve()
        if not root.is_dir():
            raise CorpusError(f"corpus folder {root} does not exist or is not a folder")
        meta_path = metadata_file(root, metadata)
        files = []
        for file in sorted(root.rglob("*")):
            rel = file.relative_to(root)
            if file.is_file() and not any(part.startswith(".") for part in rel.parts) and file != meta_path:
                files.append(file)
        return cls(root, meta_path, tuple(files))

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
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@stage()
def corpus(inputs: Inputs) -> pd.DataFrame:
    """One row per input file, loaded or skipped; then metadata rows naming missing files. Duplicates are flagged,
    not removed."""
    meta = read_metadata(inputs.metadata) if inputs.metadata else None
    entries = [(file, file.relative_to(inputs.root).as_posix()) for file in inputs.files]
    # cleaning is pure Python, ≈ 1 MB/s per core: in the worker processes for a large corpus
    read = parallel_map(read_entry, entries, sum(file.stat().st_size for file in inputs.files))
    rows = []
    with progress_bar(len(entries), "reading and cleaning") as bar:
        for row in read:
            rows.append(row)
            bar.update()
    if meta is not None:
        merge_metadata(rows, meta, inputs.metadata)
    return flag_duplicates(frame(rows))
