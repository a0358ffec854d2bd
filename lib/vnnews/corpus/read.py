"""Reading: one input file → its corpus row, decoded, cleaned (`clean.py`) and dated (`dates.py`), or skipped with
the reason. Runs in worker processes for a large corpus (`vnnews.workers`)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from vnnews.corpus.clean import clean_text
from vnnews.corpus.dates import infer_date
from vnnews.corpus.table import new_row

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNDECODABLE = "undecodable: neither UTF-8, UTF-16 nor Windows-1258"


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


def outlet_from_url(url: str) -> str:
    match = re.match(r"(?:https?://)?(?:www\.)?([^/\s]+)", url)
    return match.group(1).lower() if url and match else ""


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
    draft = clean_text(text)
    row.update(title=draft.title, url=draft.url, audit=tuple(draft.audit), paragraphs=tuple(draft.paragraphs),
               outlet=outlet_from_url(draft.url) or draft.outlet_tag,
               title_is_text=bool(draft.title) and not slug_title(draft.title, draft.url),
               n_chars_clean=len(draft.title) + sum(len(p) for p in draft.paragraphs))
    if not draft.paragraphs:
        reason = "headline but no body text" if draft.title else "no text left after removing site chrome"
        return row | {"reason": reason}
    date, source, evidence = infer_date(draft.url, draft.title, draft.paragraphs, draft.datelines)
    return row | {"status": "loaded", "date": date.isoformat() if date else "", "date_source": source,
                  "date_evidence": evidence}


def read_entry(entry: tuple[Path, str]) -> dict:
    """One input file's row: read, decoded and cleaned if it is a .txt article (runs in worker processes)."""
    path, rel = entry
    row = new_row(file=rel, doc_id=rel.removesuffix(".txt"))
    if path.suffix.lower() != ".txt":
        return row | {"doc_id": rel, "n_chars_raw": path.stat().st_size,
                      "reason": f"not a .txt article ({path.suffix or 'no extension'}); not read"}
    raw = path.read_bytes()
    return read_text_article(raw, row | {"n_chars_raw": len(raw)})
