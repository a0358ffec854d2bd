"""The corpus stage, one module per step: `read` (decoding a file), `clean` (rules with an audit), `dates`,
`metadata`, `duplicates`, `table` (the columns and the tables reports write), `load` (the stage itself).

`load_corpus(path, metadata)` is the corpus of a `vnnews.study.Study` on that folder: one row per input file,
loaded or skipped, with the columns listed in `table.COLUMNS`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vnnews.corpus.clean import clean_text
from vnnews.corpus.dates import parse_date, periods, resolve_year
from vnnews.corpus.metadata import METADATA_DEFAULT
from vnnews.corpus.table import COLUMNS, audit_summary, audit_table, corpus_table, counted, loaded
from vnnews.errors import CorpusError

__all__ = ["COLUMNS", "CorpusError", "METADATA_DEFAULT", "audit_summary", "audit_table", "clean_text",
           "corpus_table", "counted", "load_corpus", "loaded", "parse_date", "periods", "resolve_year"]


def load_corpus(path: str | Path, metadata: str | Path | None = METADATA_DEFAULT) -> pd.DataFrame:
    """Every file under `path` as one row (see `table.COLUMNS`); `metadata`: a CSV with at least a `file` column,
    relative to `path` or absolute (default `metadata.csv` in the folder, when present), "" or None for none."""
    from vnnews.study import Study

    return Study(path, metadata).corpus
