"""Metadata: a CSV with a `file` column whose other columns give or override a document's title, URL, outlet and
date, and add document variables (any other column)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from vnnews.corpus.dates import parse_date
from vnnews.corpus.table import COLUMNS, new_row
from vnnews.errors import CorpusError

METADATA_DEFAULT = "metadata.csv"
# Columns that override what the file itself says.
OVERRIDES = ("title", "url", "outlet")
# Columns that would overwrite the loader's own bookkeeping: kept as `meta_<name>`.
RENAMED = ("doc_id", "status", "reason")
_KNOWN = {c.name for c in COLUMNS}


def metadata_file(root: Path, metadata: str | Path | None) -> Path | None:
    """Where the metadata is: "" or None = none; a relative path is relative to the corpus folder.

    The default name may be absent (a folder of articles without metadata); any other named file must exist.
    """
    if not metadata:
        return None
    path = (root / Path(metadata).expanduser()).resolve()
    if path.is_file():
        return path
    if str(metadata) == METADATA_DEFAULT:
        return None
    raise CorpusError(f"metadata file {path} does not exist")


def read_metadata(path: Path) -> pd.DataFrame:
    """Read a metadata CSV: at least a `file` column; every value as text."""
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"metadata file {path} cannot be read as UTF-8 CSV: {exc}") from None
    if "file" not in meta.columns:
        raise CorpusError(f"metadata file {path} has no 'file' column (columns: {', '.join(meta.columns)})")
    meta["file"] = meta["file"].str.strip()
    return meta


def apply_metadata(row: dict, meta: dict[str, str], source: str = "metadata") -> None:
    """Give a loaded row its metadata (or a table row its columns, `source` "column"): overrides, a date (or a note
    why not), every other column."""
    notes = []
    slug = meta.get("title_source") == "url_slug"  # a slug is not the headline: keep the file's own first line
    for column in OVERRIDES:
        if meta.get(column, "").strip() and not (column == "title" and slug):
            row[column] = meta[column].strip()
    if slug:
        row["title_is_text"] = False
    value = meta.get("date", "").strip()
    if value:
        if date := parse_date(value):
            row.update(date=date.isoformat(), date_source=source,
                       date_evidence=meta.get("date_evidence", "").strip() or source)
        else:
            notes.append(f"{source} date '{value}' is not a date (expected YYYY-MM-DD); "
                         + (f"date from {row['date_source']} instead" if row["date"] else "no date"))
    for key, val in meta.items():
        if key in RENAMED:
            row[f"meta_{key}"] = val
        elif key not in _KNOWN and key != "date_evidence":
            row[key] = val
    row["reason"] = "; ".join(filter(None, [row["reason"], *notes]))


def merge_metadata(rows: list[dict], meta: pd.DataFrame, meta_path: Path) -> None:
    """Apply each metadata row to the file it names (by relative path, or by file name when that is unique); a
    row naming no file, or several, becomes a skipped row of its own."""
    by_rel = {row["file"]: row for row in rows}
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(Path(row["file"]).name, []).append(row)
    used: set[str] = set()
    for record in meta.to_dict("records"):
        name = record["file"]
        matches = [by_rel[name]] if name in by_rel else by_name.get(Path(name).name, [])
        if len(matches) != 1:
            problem = "names no file in the corpus folder" if not matches else "matches several files"
            rows.append(new_row(file=name, doc_id=name.removesuffix(".txt"),
                                reason=f"metadata row {problem} ({meta_path.name})"))
            continue
        row = matches[0]
        if row["file"] in used:
            row["reason"] = "; ".join(filter(None, [row["reason"], "several metadata rows; the first is used"]))
            continue
        used.add(row["file"])
        if row["status"] == "loaded":
            apply_metadata(row, record)
