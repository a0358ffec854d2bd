"""Web archives (`.warc`, `.warc.gz`, through warcio): every HTTP response record with an HTML payload is a page
(read by `html.py`), its URL from `WARC-Target-URI`; every other record is listed as skipped with the reason."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from vnnews.corpus.read import Record

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _reason(record) -> str:
    """Why a WARC record is not a page, or "" when it is one."""
    if record.rec_type != "response":
        return f"WARC {record.rec_type} record, not a response"
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return f"HTTP status {status}, not a page"
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return f"response is {content_type or 'of no content type'}, not HTML"
    return ""


def _truncated(path: Path) -> str:
    """Why a gzipped archive is damaged ("" when it is whole): warcio stops quietly at a truncated member."""
    if not path.name.lower().endswith(".gz"):
        return ""
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(2**22):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def warc_records(path: Path, rel: str) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        with open(path, "rb") as fh:
            for number, record in enumerate(ArchiveIterator(fh), start=1):
                name = f"{rel}#{number}"
                reason = _reason(record)
                if reason:
                    yield Record.skipped(name, reason)
                    continue
                content = record.content_stream().read()
                yield Record(name, name, "html", content=content, url=record.rec_headers.get_header("WARC-Target-URI")
                             or "", n_bytes=len(content))
        problem = _truncated(path)
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        where = f"{rel}#{number + 1}" if number else rel
        what = f"archive damaged after record {number}" if number else "not a readable web archive"
        yield Record.skipped(where, f"{what}; the records before it loaded ({problem})" if number else
                             f"{what} ({problem})")
