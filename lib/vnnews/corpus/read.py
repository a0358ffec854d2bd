"""Reading: every input file → records (an article each), chosen by file type; each record → its corpus row,
decoded, cleaned (`clean.py`) and dated (`dates.py`), or skipped with the reason.

| file | records | reader |
|---|---|---|
| `.txt` | one article: URL (optional), headline, body | here |
| `.html`, `.htm` | one page: main text, title, date, URL through trafilatura | `html.py` |
| `.csv`, `.tsv`, `.jsonl`, `.ndjson`, `.parquet` | one article per row, columns found by name | `tables.py` |
| `.warc`, `.warc.gz` | one article per HTML response | `warc.py` |

Records inside a container are named `container#N` (`export.csv#17`: the 17th data row; `crawl.warc.gz#3`: the
third WARC record), so every input is accounted for in `tables/corpus.csv`. Containers are read as streams, a
record at a time; the records' rows are made in worker processes (`read_record`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vnnews.corpus.clean import Draft, clean_text
from vnnews.corpus.dates import host, infer_date
from vnnews.corpus.table import new_row

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNDECODABLE = "undecodable: neither UTF-8, UTF-16 nor Windows-1258"
PAGE_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUFFIXES = (".txt", *PAGE_SUFFIXES, *TABLE_SUFFIXES, *WARC_SUFFIXES)


@dataclass(frozen=True)
class Record:
    """An article to read: a whole file (`path`), or a record inside one (`content` or `fields`)."""
    file: str  # "a.txt", "export.csv#17"
    doc_id: str
    kind: str  # "text", "html", "fields" or "skipped"
    path: Path | None = None
    content: bytes | None = None
    fields: tuple[tuple[str, str], ...] = ()  # a table row: (column role or name, value)
    url: str = ""  # where a WARC record says the page came from
    n_bytes: int = 0
    reason: str = ""  # why a record is skipped

    @classmethod
    def skipped(cls, file: str, reason: str, n_bytes: int = 0) -> Record:
        return cls(file, file, "skipped", n_bytes=n_bytes, reason=reason)


def suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def records(path: Path, rel: str, columns: dict[str, str] | None = None) -> Iterator[Record]:
    """The records of one input file, in order, streamed."""
    kind = suffix(path)
    if kind == ".txt":
        yield Record(rel, rel.removesuffix(".txt"), "text", path=path, n_bytes=path.stat().st_size)
    elif kind in PAGE_SUFFIXES:
        yield Record(rel, rel, "html", path=path, n_bytes=path.stat().st_size)
    elif kind in TABLE_SUFFIXES:
        from vnnews.corpus.tables import table_records

        yield from table_records(path, rel, columns or {})
    elif kind in WARC_SUFFIXES:
        from vnnews.corpus.warc import warc_records

        yield from warc_records(path, rel)
    else:
        yield Record.skipped(rel, f"not a file type vnnews reads ({kind or 'no extension'}; it reads "
                                  f"{', '.join(SUFFIXES)}); not read", path.stat().st_size)


def read_record(record: Record) -> dict:
    """A record's corpus row (runs in worker processes)."""
    row = new_row(file=record.file, doc_id=record.doc_id, n_chars_raw=record.n_bytes)
    if record.kind == "skipped":
        return row | {"reason": record.reason}
    if record.kind == "text":
        return read_text_article(record.path.read_bytes(), row)
    if record.kind == "html":
        from vnnews.corpus.html import read_page

        return read_page(record.content if record.content is not None else record.path.read_bytes(), record.url,
                         row)
    from vnnews.corpus.tables import read_fields

    return read_fields(dict(record.fields), row)


# ---------------------------------------------------------------------------------------------------------------
# Text

def control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def decode(raw: bytes) -> tuple[str | None, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 (BOM) or Windows-1258; return (text, encoding or reason)."""
    if raw.startswith(codecs.BOM_UTF8):
        return _decode_as(raw[len(codecs.BOM_UTF8):], "utf-8", "utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(raw, "utf-16", "utf-16")
    if b"\x00" in raw:
        return None, "binary file (contains NUL bytes), not text"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        return None, _UNDECODABLE
    # cp1258 maps almost any byte, so accept it only when the result reads as Vietnamese text.
    if control_share(text) > 0.01 or not re.search(r"[\u0300-\u0323ăâđêôơưĂÂĐÊÔƠƯ]", text):
        return None, _UNDECODABLE
    return text, "windows-1258"


def _decode_as(raw: bytes, codec: str, label: str) -> tuple[str | None, str]:
    try:
        return raw.decode(codec), label
    except UnicodeDecodeError:
        return None, f"undecodable: starts with a {label} byte-order mark but is not valid {label}"


def slug_title(title: str, url: str) -> bool:
    """A title that is the URL slug (ASCII, lower case, no diacritics) is not the headline."""
    if not title or not title.isascii() or title != title.lower():
        return False
    slug = "-".join(title.split())
    return not url or slug in url.lower() or len(re.findall(r"[a-z]+", title)) == len(title.split())


def read_text_article(raw: bytes, row: dict) -> dict:
    """Decode, clean and date a text article into `row`."""
    if not raw:
        return row | {"reason": "empty file (0 bytes)"}
    text, encoding = decode(raw)
    if text is None:
        return row | {"reason": encoding}
    row["encoding"] = encoding
    if control_share(text) > 0.01:
        return row | {"reason": "binary file (control characters), not text"}
    if not text.strip():
        return row | {"reason": "only whitespace"}
    row["n_chars_raw"] = len(text)
    return finish(row, clean_text(text))


def finish(row: dict, draft: Draft, date: tuple[str, str, str] | None = None) -> dict:
    """The row of a cleaned article: its text, outlet and, unless `date` (ISO date, source, evidence) is known
    already, the date inferred from its URL and text."""
    row.update(title=draft.title, url=draft.url, audit=tuple(draft.audit), paragraphs=tuple(draft.paragraphs),
               outlet=row["outlet"] or host(draft.url) or draft.outlet_tag,
               title_is_text=bool(draft.title) and not slug_title(draft.title, draft.url),
               n_chars_clean=len(draft.title) + sum(len(p) for p in draft.paragraphs))
    if not draft.paragraphs:
        reason = "headline but no body text" if draft.title else "no text left after removing site chrome"
        return row | {"reason": reason}
    if date is None:
        found, source, evidence = infer_date(draft.url, draft.title, draft.paragraphs, draft.datelines)
        date = (found.isoformat() if found else "", source, evidence)
    return row | {"status": "loaded", "date": date[0], "date_source": date[1], "date_evidence": date[2]}
