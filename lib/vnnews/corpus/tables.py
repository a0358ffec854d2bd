"""Spreadsheet and JSON exports: one article per row of a `.csv`, `.tsv`, `.jsonl`/`.ndjson` or `.parquet` file.

Columns are found by name (`data/columns.yaml`: text/body/content/noi_dung, title/headline/tieu_de, date/published/
…, url/link, outlet/source/site), compared without case or diacritics, or named explicitly
(`--columns text=noidung,date=ngay_dang`). Every other column is a document variable, as metadata columns are.
Files are streamed a row at a time; a broken row (wrong number of fields, a line that is not JSON, an empty text)
gets its own skipped row and the others still load; a file that cannot be read at all, or has no text column, is
one skipped row saying why.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from vnnews import lexicons
from vnnews.corpus.clean import clean_text
from vnnews.corpus.metadata import apply_metadata
from vnnews.corpus.read import Record, finish, suffix
from vnnews.errors import ParameterError
from vnnews.letters import without_diacritics

ROLES = ("text", "title", "date", "url", "outlet")


def fold_name(name: str) -> str:
    """A column name compared without case, diacritics, spaces or hyphens: "Tiêu đề" → "tieu_de"."""
    plain = without_diacritics(str(name).strip()).casefold()
    return "_".join(plain.replace("-", " ").replace("_", " ").split())


def parse_columns(text: str) -> dict[str, str]:
    """`--columns text=noidung,date=ngay_dang` → {"text": "noidung", "date": "ngay_dang"}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, sep, column = part.partition("=")
        role = role.strip()
        if not sep or not column.strip() or role not in ROLES:
            raise ParameterError(f"columns: '{part}' should be ROLE=COLUMN with ROLE one of {', '.join(ROLES)}")
        mapping[role] = column.strip()
    return mapping


def assign_roles(names: Iterable[str], explicit: dict[str, str]) -> dict[str, str]:
    """Column name → role, for the columns that hold a role (explicit names first, then `columns.yaml`)."""
    names = list(names)
    folded = {fold_name(n): n for n in reversed(names)}  # the first of equal folded names wins
    roles: dict[str, str] = {}
    for role in ROLES:
        if role in explicit:
            column = explicit[role] if explicit[role] in names else folded.get(fold_name(explicit[role]))
        else:
            column = next((folded[a] for a in lexicons.column_names()[role] if a in folded), None)
        if column is not None and column not in roles:
            roles[column] = role
    return roles


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _record(rel: str, number: int, row: dict, roles: dict[str, str], n_bytes: int) -> Record:
    fields = [(roles.get(name, name), _value(value)) for name, value in row.items()]
    dates = [name for name in row if roles.get(name) == "date"]
    if dates and _value(row[dates[0]]).strip():
        fields.append(("date_evidence", f"column '{dates[0]}': {_value(row[dates[0]]).strip()}"))
    name = f"{rel}#{number}"
    return Record(name, name, "fields", fields=tuple(fields), n_bytes=n_bytes)


def _no_text(rel: str, names: list[str], explicit: dict[str, str]) -> Record:
    wanted = f"the column '{explicit['text']}' named for text" if "text" in explicit else "a text column"
    return Record.skipped(rel, f"table without {wanted} (columns: {', '.join(map(str, names)) or 'none'}); name it "
                               "with --columns text=COLUMN")


def table_records(path: Path, rel: str, explicit: dict[str, str]) -> Iterator[Record]:
    kind = suffix(path)
    reader = {".csv": _delimited, ".tsv": _delimited, ".jsonl": _json_lines, ".ndjson": _json_lines,
              ".parquet": _parquet}[kind]
    yield from reader(path, rel, explicit)


def _delimited(path: Path, rel: str, explicit: dict[str, str]) -> Iterator[Record]:
    csv.field_size_limit(sys.maxsize)  # an article's text is longer than the csv module's default limit
    number = 0
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh, delimiter="\t" if suffix(path) == ".tsv" else ",")
            header = next(rows, None)
            if not header:
                yield Record.skipped(rel, "empty table (no header row)", path.stat().st_size)
                return
            roles = assign_roles(header, explicit)
            if "text" not in roles.values():
                yield _no_text(rel, header, explicit)
                return
            for values in rows:
                if not values:
                    continue
                number += 1
                if len(values) != len(header):
                    yield Record.skipped(f"{rel}#{number}", f"row has {len(values)} fields, the header {len(header)}")
                    continue
                yield _record(rel, number, dict(zip(header, values)), roles, sum(map(len, values)))
    except (UnicodeDecodeError, csv.Error) as exc:
        yield Record.skipped(f"{rel}#{number + 1}" if number else rel,
                             f"table unreadable from here on ({type(exc).__name__}: {exc}); rows before it loaded")


def _json_lines(path: Path, rel: str, explicit: dict[str, str]) -> Iterator[Record]:
    roles_by_keys: dict[tuple, dict[str, str]] = {}
    number = 0
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                name = f"{rel}#{number}"
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Record.skipped(name, f"line is not valid JSON ({exc.msg} at character {exc.pos})", len(line))
                    continue
                if not isinstance(item, dict):
                    yield Record.skipped(name, f"line is JSON {type(item).__name__}, not an object", len(line))
                    continue
                keys = tuple(item)
                roles = roles_by_keys.setdefault(keys, assign_roles(keys, explicit))
                if "text" not in roles.values():
                    yield _no_text(name, list(keys), explicit)
                    continue
                yield _record(rel, number, item, roles, len(line))
    except UnicodeDecodeError as exc:
        yield Record.skipped(f"{rel}#{number + 1}", f"file unreadable from here on (not UTF-8: {exc.reason})")


def _parquet(path: Path, rel: str, explicit: dict[str, str]) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError …: a reason, not a traceback
        yield Record.skipped(rel, f"not a readable Parquet file ({type(exc).__name__}: {exc})", path.stat().st_size)
        return
    names = table.schema_arrow.names
    roles = assign_roles(names, explicit)
    if "text" not in roles.values():
        yield _no_text(rel, names, explicit)
        return
    number = 0
    for batch in table.iter_batches(batch_size=1024):
        for item in batch.to_pylist():
            number += 1
            yield _record(rel, number, item, roles, sum(len(_value(v)) for v in item.values()))


def read_fields(fields: dict[str, str], row: dict) -> dict:
    """A table row's corpus row: its text cleaned, its title, URL, outlet and date from their columns, every
    other column a document variable."""
    text = fields.pop("text", "")
    if not text.strip():
        return row | {"reason": "empty text"}
    row.update(encoding="utf-8", n_chars_raw=len(text))
    row = finish(row, clean_text(text, title=fields.get("title", ""), url=fields.get("url", "")))
    if row["status"] == "loaded":
        apply_metadata(row, {k: v for k, v in fields.items() if k not in ("title", "url")}, source="column")
    return row
