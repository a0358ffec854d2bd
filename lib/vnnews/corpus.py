"""Corpus stage: read every file of a folder of scraped news, clean it with an audit, date it, flag duplicates.

`load_corpus` returns one row per input file, loaded or skipped, so nothing disappears silently. Columns:

- `file` (path relative to the corpus folder), `doc_id` (the same without `.txt`), `status` (`loaded`/`skipped`),
  `reason` (why skipped, or notes on a loaded file such as an unparseable metadata date);
- `title`, `title_is_text` (False for titles that are URL slugs without diacritics: not counted as Vietnamese
  text), `url`, `outlet`;
- `date` (ISO `YYYY-MM-DD` or blank), `date_source` (`metadata`, `url`, `dateline`, `text`, `text_day_month`,
  or blank), `date_evidence` (what fixed it, or why no date);
- `encoding`, `n_chars_raw`, `n_chars_clean`, `paragraphs` (list of cleaned body paragraphs), `audit` (list of
  removals: rule, characters, start of the removed text);
- `duplicate_of`, `similarity` (see `flag_duplicates`);
- every metadata column not listed above, kept as a document variable.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from vnnews.cache import content_key, stage
from vnnews.errors import CorpusError
from vnnews.paths import DATA_DIR, data_lines, data_table
from vnnews.text import parallel_map, progress_bar


# ---------------------------------------------------------------------------------------------------------------
# Lexicons (data files in vnnews/data)

@functools.cache
def _boilerplate() -> dict:
    with open(DATA_DIR / "boilerplate.yaml", encoding="utf-8") as fh:
        lex = yaml.safe_load(fh)
    return {key: [str(v) for v in values] for key, values in lex.items()}


@functools.cache
def _line_sets() -> tuple[frozenset[str], frozenset[str], re.Pattern]:
    lex = _boilerplate()
    prefixes = "|".join(re.escape(p.casefold()) for p in lex["widget_prefixes"])
    return (frozenset(h.casefold() for h in lex["section_headers"]), frozenset(w.casefold() for w in lex["widget_lines"]),
            re.compile(rf"(?:{prefixes})\s*[:>»/|]"))


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(data_lines("abbreviations.txt"))


@functools.cache
def _dated_facts() -> pd.DataFrame:
    return data_table("dated_facts.csv")


def _line_key(line: str) -> str:
    return line.strip().rstrip(":").strip().casefold()


# ---------------------------------------------------------------------------------------------------------------
# Decoding

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
        return None, "undecodable: neither UTF-8, UTF-16 nor Windows-1258"
    # cp1258 maps almost any byte, so accept it only when the result reads as Vietnamese text.
    if _control_share(text) > 0.01 or not re.search(r"[\u0300-\u0323ăâđêôơưĂÂĐÊÔƠƯ]", text):
        return None, "undecodable: neither UTF-8, UTF-16 nor Windows-1258"
    return text, "windows-1258"


def _decode_as(raw: bytes, codec: str, label: str) -> tuple[str | None, str]:
    try:
        return raw.decode(codec), label
    except UnicodeDecodeError:
        return None, f"undecodable: starts with a {label} byte-order mark but is not valid {label}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def normalise(text: str) -> str:
    """NFC, LF line ends, no zero-width characters, ordinary spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------------------------
# Cleaning, with an audit of every removal

@dataclass
class Cleaned:
    url: str = ""
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    datelines: list[tuple[str, str]] = field(default_factory=list)  # (role, line): "banner" before the title

    def remove(self, rule: str, text: str) -> None:
        self.audit.append({"rule": rule, "n_chars": len(text), "excerpt": _excerpt(text)})


def _excerpt(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_HTML_HINT = re.compile(r"<\s*(?:/?(?:p|div|span|a|br|img|b|i|em|strong|h[1-6]|ul|ol|li|table|tr|td|figure|"
                        r"figcaption|section|article|script|style|iframe|noscript)\b|!--)", re.I)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|t[2-7]|cn)"
_DATELINE = re.compile(rf"^(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s+)?(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}})"
                       r"(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?:\s*\(?\s*GMT\s*\+\s*7\s*\)?)?)?$", re.I)


def strip_html(text: str, cleaned: Cleaned) -> str:
    """Remove scripts, styles and tags from text that contains HTML; keep the words, one block per line."""
    if not _HTML_HINT.search(text):
        return text
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "iframe"]):
        cleaned.remove(f"html <{tag.name}>", tag.get_text(" ") or str(tag))
        tag.decompose()
    for tag in soup.find_all(["br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "tr"]):
        tag.insert_before("\n")
        tag.insert_after("\n")
    plain = soup.get_text()
    removed = len(text) - len(plain)
    cleaned.audit.append({"rule": "html markup", "n_chars": removed,
                          "excerpt": f"{removed} characters of tags and entities"})
    return html.unescape(plain)


def _is_widget(line: str) -> bool:
    _, widgets, prefixes = _line_sets()
    key = _line_key(line)
    return key in widgets or bool(prefixes.match(key))


def _is_section_header(line: str) -> bool:
    return _line_key(line) in _line_sets()[0]


def split_structure(text: str, cleaned: Cleaned) -> list[str]:
    """Find URL and headline; drop chrome lines and related-news blocks; return the body lines."""
    lines = [ln.strip() for ln in text.split("\n")]
    body: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if cleaned.title and _is_section_header(line):  # a headline that reads "Tin khác" is still the headline
            rest = "\n".join(ln for ln in lines[i:] if ln)
            cleaned.remove("related-news block", rest)
            break
        if _DATELINE.match(line):
            cleaned.datelines.append(("dateline" if cleaned.title else "banner", line))
            cleaned.remove("date line" if cleaned.title else "date banner (page chrome)", line)
            continue
        if _is_widget(line):
            cleaned.remove("share/feedback widget or navigation", line)
            continue
        if not cleaned.url and not cleaned.title and _URL_LINE.match(line):
            cleaned.url = line
            continue
        if not cleaned.title:
            cleaned.title = line
            continue
        body.append(line)
    return body


def _byline_pattern() -> re.Pattern:
    prefixes = "|".join(re.escape(p) for p in _boilerplate()["source_prefixes"])
    name = r"[A-ZÀ-ỸĐ][a-zà-ỹđA-ZÀ-ỸĐ]*"
    return re.compile(rf"^(?:{name}(?:\s+{name}){{0,4}}|\(?(?:{prefixes})\b[^.!?]{{1,60}}\)?)$")


def drop_bylines(paragraphs: list[str], cleaned: Cleaned) -> list[str]:
    """Short trailing lines that are a name ("NGỌC HÀ", "Quốc Đạt") or a source ("Theo TTXVN") are bylines."""
    pattern = _byline_pattern()
    while paragraphs and len(paragraphs[-1]) <= 40 and pattern.match(paragraphs[-1]):
        cleaned.remove("byline", paragraphs.pop())
    return paragraphs


def _glue_pattern() -> re.Pattern:
    # A sentence end glued to the next sentence: lower-case letter, digit or closing bracket/quote, then . ! ?,
    # then a capital. Upper-case before the dot ("V.Putin", "TP.HCM", "D.C.") is an initial or abbreviation.
    return re.compile(r"(?<=[a-zà-ỹđ0-9)\]\"”’%])([.!?…]+)(?=[\"“]?[A-ZÀ-ỸĐ])")


_GLUE = _glue_pattern()
_YEAR_GLUED = re.compile(r"(?<![\d/.,])((?:19|20)\d{2})(?=[a-zà-ỹđ]{2,})")


def unglue(paragraph: str, cleaned: Cleaned) -> str:
    """Insert the missing space in 'Lavrov.Tại' and '2021và', except after known abbreviations."""
    abbreviations = _abbreviations()

    def fix(match: re.Match) -> str:
        token = re.findall(r"[\w.]+$", paragraph[max(0, match.start() - 12): match.start()])
        if token and token[0] in abbreviations:
            return match.group(0)
        cleaned.audit.append({"rule": "glued sentences split", "n_chars": 0,
                              "excerpt": _excerpt(paragraph[max(0, match.start() - 20): match.end() + 20])})
        return match.group(1) + " "

    paragraph = _GLUE.sub(fix, paragraph)

    def fix_year(match: re.Match) -> str:
        cleaned.audit.append({"rule": "glued year split", "n_chars": 0,
                              "excerpt": _excerpt(paragraph[max(0, match.start() - 20): match.end() + 20])})
        return match.group(1) + " "

    return _YEAR_GLUED.sub(fix_year, paragraph)


def _credit_pattern() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in _boilerplate()["credit_words"]), key=len, reverse=True))
    parenthesised = rf"\(\s*(?:{words})\s*:?[^()\n]{{0,60}}\)"
    # The credit ends at a full stop before a space ("Ảnh: T.Hương. Sau đó"), or, failing that, at a full stop
    # glued to the next sentence ("Ảnh: BNG.Về hợp tác").
    sentence = (rf"(?:(?<=^)|(?<=[.!?…]\s)|(?<=[.!?…]))(?:{words})\s*:\s*"
                rf"(?:[^\n]{{1,60}}?(?:\.(?=\s|$)|$)|[^\n.]{{1,60}}?\.(?=[A-ZÀ-ỸĐ]))")
    return re.compile(rf"\s*(?:{parenthesised}|{sentence})")


def drop_credits(paragraph: str, cleaned: Cleaned) -> str:
    """Remove image credits ("Ảnh: Bộ Ngoại giao.", "(Ảnh: TTXVN)"); the caption before them stays."""
    def fix(match: re.Match) -> str:
        cleaned.remove("image credit", match.group(0).strip())
        return " "

    return " ".join(_credit_pattern().sub(fix, paragraph).split())


_SOURCE_TAG = re.compile(r"^\(([^()]{2,25})\)\s*[-–—]\s*")


def drop_source_tag(paragraphs: list[str], cleaned: Cleaned) -> str:
    """Remove the outlet tag that opens a lede ("(Dân trí) - "); return the outlet it names."""
    if not paragraphs:
        return ""
    match = _SOURCE_TAG.match(paragraphs[0])
    if not match:
        return ""
    cleaned.remove("outlet tag", match.group(0))
    paragraphs[0] = paragraphs[0][match.end():]
    return match.group(1).strip()


# A sentence boundary, but not after an initial ("V. Pu-tin").
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<!\b[A-ZÀ-ỸĐ]\.)\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9])")


def drop_repeats(title: str, paragraphs: list[str], cleaned: Cleaned, min_words: int = 5) -> list[str]:
    """Drop sentences repeated verbatim within the article (photo captions, a lede printed twice)."""
    seen = {title.casefold()} if title else set()
    kept: list[str] = []
    for paragraph in paragraphs:
        sentences = []
        for sentence in _SENTENCE_END.split(paragraph):
            key = sentence.strip().casefold()
            if len(key.split()) >= min_words and key in seen:
                cleaned.remove("repeated sentence (caption or lede printed twice)", sentence)
                continue
            seen.add(key)
            sentences.append(sentence)
        if sentences:
            kept.append(" ".join(sentences))
    return kept


_LONG_RUN = re.compile(r"\S{120,}")


def drop_long_runs(paragraph: str, cleaned: Cleaned) -> str:
    """Runs of 120+ characters without a space are encoded data or URLs, not words."""
    def fix(match: re.Match) -> str:
        cleaned.remove("run of characters without spaces", match.group(0))
        return " "

    return " ".join(_LONG_RUN.sub(fix, paragraph).split())


def clean_text(text: str) -> tuple[Cleaned, str]:
    """Apply every cleaning rule; return the result and the outlet named by a source tag, if any."""
    cleaned = Cleaned()
    text = strip_html(normalise(text), cleaned)
    body = split_structure(text, cleaned)
    body = drop_bylines(body, cleaned)
    outlet_tag = drop_source_tag(body, cleaned)
    body = [drop_long_runs(drop_credits(unglue(p, cleaned), cleaned), cleaned) for p in body]
    cleaned.paragraphs = drop_repeats(cleaned.title, [p for p in body if p], cleaned)
    return cleaned, outlet_tag


# ---------------------------------------------------------------------------------------------------------------
# Dates

_URL_DATES = [
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/"),
    re.compile(r"-((?:19|20)\d{2})(\d{2})(\d{2})\d{4,}\.s?html?\b"),
]
_TIME_WORD = r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|rạng sáng|sáng sớm|chiều tối)"
_FULL_DATE = re.compile(rf"\b{_TIME_WORD}\s+(?:ngày\s+)?(?:hôm\s+nay\s+)?(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\b", re.I)
_DAY_MONTH = re.compile(rf"\b{_TIME_WORD}\s+(?:ngày\s+)?(\d{{1,2}})/(\d{{1,2}})(?![/\d])", re.I)
_YEAR = re.compile(r"(?<![\d.,])(?:\d{1,2}/)?((?:19|20)\d{2})(?!\d)")
_FORWARD = re.compile(r"(?:từ|đến|tới|vào|trước|giai đoạn)\s+(?:năm\s+|tháng\s+)?(?:\d{1,2}/)?$", re.I)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """Parse a metadata date: ISO `YYYY-MM-DD` (also with `/`), or Vietnamese `DD/MM/YYYY`."""
    value = value.strip()
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", value):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?", value):
        return _make_date(int(match[3]), int(match[2]), int(match[1]))
    return None


def date_from_url(url: str) -> dt.date | None:
    for pattern in _URL_DATES:
        if match := pattern.search(url):
            return _make_date(int(match[1]), int(match[2]), int(match[3]))
    return None


def year_bounds(text: str) -> tuple[int | None, int | None, list[str]]:
    """The publication year's bounds from years written in the text.

    A year in a forward-looking phrase ("từ năm 2022", "đến năm 2030") is an upper bound; any other year mentioned
    is a lower bound (news reports the past and present).
    """
    lower, upper, notes = None, None, []
    for match in _YEAR.finditer(text):
        year = int(match[1])
        if _FORWARD.search(text[max(0, match.start() - 25): match.start()]):
            upper = year if upper is None else min(upper, year)
        else:
            lower = year if lower is None else max(lower, year)
    if lower is not None:
        notes.append(f"latest year mentioned {lower}")
    if upper is not None:
        notes.append(f"forward-looking mention of {upper}")
    return lower, upper, notes


def matched_facts(text: str) -> pd.DataFrame:
    """Rows of dated_facts.csv whose phrase occurs in the text (not as a former title: 'nguyên', 'cố')."""
    facts = _dated_facts()
    folded = text.casefold()
    hits = [
        any(not re.search(r"(?:nguyên|cố)\s+$", folded[max(0, m.start() - 8): m.start()])
            for m in re.finditer(re.escape(phrase.casefold()), folded))
        for phrase in facts["phrase"]
    ]
    return facts[hits]


def resolve_year(day: int, month: int, text: str) -> tuple[dt.date | None, str]:
    """Give a day/month its year from the article's other evidence: years mentioned and dated facts."""
    lower, upper, notes = year_bounds(text)
    facts = matched_facts(text)
    starts = [int(f[:4]) for f in facts["valid_from"] if f]
    if not starts and lower is None:
        return None, f"{day}/{month} has no year and the text gives no year or dated fact"
    first = max([y for y in [lower, *starts] if y is not None])
    last = min([y for y in [upper, *(int(t[:4]) for t in facts["valid_to"] if t)] if y is not None], default=first)
    for year in range(first, max(first, last) + 1):
        candidate = _make_date(year, month, day)
        if candidate and all(
            (not f.valid_from or candidate.isoformat() >= f.valid_from)
            and (not f.valid_to or candidate.isoformat() <= f.valid_to)
            for f in facts.itertuples()
        ):
            evidence = notes + [f"'{f.phrase}' ({f.valid_from}…{f.valid_to})" for f in facts.itertuples()]
            bounded = "" if upper is not None or lower == year or any(facts["valid_to"]) else "earliest consistent year; "
            return candidate, f"{day}/{month} in the text; year {year}: {bounded}{'; '.join(evidence)}"
    return None, f"{day}/{month} has no year and the evidence conflicts ({'; '.join(notes) or 'dated facts'})"


def periods(dates: pd.Series, period: str) -> tuple[pd.Series, list[str]]:
    """Each ISO date's period label ("2021-04", "2021Q2", "2021" for `period` M, Q, Y), same index, and every
    period from the first date to the last, empty ones included: a gap in coverage stays visible."""
    unique = dates.unique()  # often one date per document repeated many times: parse each once
    labels = dict(zip(unique, pd.PeriodIndex(unique, freq=period).astype(str)))
    return dates.map(labels).rename("period"), list(pd.period_range(dates.min(), dates.max(), freq=period).astype(str))


def infer_date(url: str, cleaned: Cleaned) -> tuple[dt.date | None, str, str]:
    """Date from URL, then a dateline under the headline, then the lede. Returns (date, source, evidence)."""
    if url and (date := date_from_url(url)):
        return date, "url", url
    for role, line in cleaned.datelines:
        match = _DATELINE.match(line)
        if role == "dateline" and match and (date := _make_date(int(match[3]), int(match[2]), int(match[1]))):
            return date, "dateline", line
    lede = " ".join(cleaned.paragraphs[:2])
    if match := _FULL_DATE.search(lede):
        if date := _make_date(int(match[3]), int(match[2]), int(match[1])):
            return date, "text", match.group(0)
    if match := _DAY_MONTH.search(lede):
        day, month = int(match[1]), int(match[2])
        if _make_date(2000, month, day):
            date, evidence = resolve_year(day, month, "\n".join([cleaned.title, *cleaned.paragraphs]))
            return date, ("text_day_month" if date else ""), f"'{match.group(0)}': {evidence}"
    banners = [line for role, line in cleaned.datelines if role == "banner"]
    reason = "no date in metadata, URL, dateline or lede"
    return None, "", reason + (f" (page banner '{banners[0]}' is not a publication date)" if banners else "")


# ---------------------------------------------------------------------------------------------------------------
# Metadata

RESERVED = ["file", "doc_id", "status", "reason", "title", "title_is_text", "url", "outlet", "date", "date_source",
            "date_evidence", "encoding", "n_chars_raw", "n_chars_clean", "paragraphs", "audit", "duplicate_of",
            "similarity"]


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


def _slug_title(title: str, url: str) -> bool:
    """A title that is the URL slug (ASCII, lower case, no diacritics) is not the headline."""
    if not title or not title.isascii() or title != title.lower():
        return False
    slug = "-".join(title.split())
    return not url or slug in url.lower() or len(re.findall(r"[a-z]+", title)) == len(title.split())


# ---------------------------------------------------------------------------------------------------------------
# Loading

def _read_file(path: Path, rel: str) -> dict:
    raw = path.read_bytes()
    row = {"file": rel, "doc_id": rel.removesuffix(".txt"), "status": "skipped", "reason": "", "title": "",
           "title_is_text": False, "url": "", "outlet": "", "date": "", "date_source": "", "date_evidence": "",
           "encoding": "", "n_chars_raw": len(raw), "n_chars_clean": 0, "paragraphs": [], "audit": []}
    if not raw:
        row["reason"] = "empty file (0 bytes)"
        return row
    text, encoding = decode(raw)
    if text is None:
        row["reason"] = encoding
        return row
    row["encoding"] = encoding
    if _control_share(text) > 0.01:
        row["reason"] = "binary file (control characters), not text"
        return row
    if not text.strip():
        row["reason"] = "only whitespace"
        return row
    row["n_chars_raw"] = len(text)
    cleaned, outlet_tag = clean_text(text)
    row.update(title=cleaned.title, url=cleaned.url, audit=cleaned.audit, paragraphs=cleaned.paragraphs,
               outlet=_outlet_from_url(cleaned.url) or outlet_tag)
    row["title_is_text"] = bool(cleaned.title) and not _slug_title(cleaned.title, cleaned.url)
    row["n_chars_clean"] = len(cleaned.title) + sum(len(p) for p in cleaned.paragraphs)
    if not cleaned.paragraphs:
        row["reason"] = "headline but no body text" if cleaned.title else "no text left after removing site chrome"
        return row
    row["status"] = "loaded"
    date, source, evidence = infer_date(cleaned.url, cleaned)
    row.update(date=date.isoformat() if date else "", date_source=source, date_evidence=evidence)
    return row


def _outlet_from_url(url: str) -> str:
    match = re.match(r"(?:https?://)?(?:www\.)?([^/\s]+)", url)
    return match.group(1).lower() if url and match else ""


def _apply_metadata(row: dict, meta: dict[str, str]) -> None:
    notes = []
    for column in ("title", "url", "outlet"):
        if meta.get(column, "").strip():
            if column == "title" and meta.get("title_source") == "url_slug":
                continue  # a slug is not the headline; keep the file's own first line
            row[column] = meta[column].strip()
    if meta.get("title_source") == "url_slug":
        row["title_is_text"] = False
    value = meta.get("date", "").strip()
    if value:
        if date := parse_date(value):
            row.update(date=date.isoformat(), date_source="metadata",
                       date_evidence=meta.get("date_evidence", "").strip() or "metadata")
        else:
            notes.append(f"metadata date '{value}' is not a date (expected YYYY-MM-DD); "
                         + (f"date from {row['date_source']} instead" if row["date"] else "no date"))
    for key, val in meta.items():
        if key not in RESERVED and key != "date_evidence":
            row[key] = val
        elif key in ("doc_id", "status", "reason"):
            row[f"meta_{key}"] = val
    row["reason"] = "; ".join(filter(None, [row["reason"], *notes]))


_DIGESTS: dict[tuple[str, int, int], str] = {}  # every notebook of a run loads the corpus: hash each file once


def _digest(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered in this process while its size and modification time stay the same."""
    stat = path.stat()
    signature = (str(path), stat.st_size, stat.st_mtime_ns)
    if signature not in _DIGESTS:
        _DIGESTS[signature] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _DIGESTS[signature]


def _input_files(root: Path, metadata: Path | None) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts) and path != metadata:
            files.append(path)
    return files


METADATA_DEFAULT = "metadata.csv"


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


def load_corpus(path: str | Path, metadata: str | Path | None = METADATA_DEFAULT) -> pd.DataFrame:
    """Load every file under `path` (`.txt` articles, recursively) into one row per file; see module docstring.

    `metadata`: a CSV with at least a `file` column, relative to `path` or absolute (default `metadata.csv` in the
    folder, when present); "" or None for none. Rows are in file order, then metadata rows naming missing files.
    Duplicates are flagged, not removed.
    """
    root = Path(path).expanduser().resolve()
    if not root.is_dir():
        raise CorpusError(f"corpus folder {root} does not exist or is not a folder")
    meta_path = metadata_file(root, metadata)
    files = _input_files(root, meta_path)
    key = content_key([(f.relative_to(root).as_posix(), _digest(f)) for f in files],
                      meta_path.read_bytes() if meta_path else b"")
    return stage("corpus", key, lambda: _load(root, meta_path, files))


def _read_entry(entry: tuple[Path, str]) -> dict:
    """One input file's row: read, decoded and cleaned if it is a .txt article (runs in worker processes)."""
    file, rel = entry
    if file.suffix.lower() != ".txt":
        return {"file": rel, "doc_id": rel, "status": "skipped", "n_chars_raw": file.stat().st_size,
                "reason": f"not a .txt article ({file.suffix or 'no extension'}); not read"}
    return _read_file(file, rel)


def _load(root: Path, meta_path: Path | None, files: list[Path]) -> pd.DataFrame:
    meta = read_metadata(meta_path) if meta_path else None
    entries = [(file, file.relative_to(root).as_posix()) for file in files]
    # cleaning is pure Python, ≈ 1 MB/s per core: in the worker processes for a large corpus
    read = parallel_map(_read_entry, entries, sum(file.stat().st_size for file in files))
    rows = []
    with progress_bar(len(entries), "reading and cleaning") as bar:
        for row in read:
            rows.append(row)
            bar.update()

    if meta is not None:
        _merge_metadata(rows, meta, meta_path)
    corpus = pd.DataFrame(rows)
    for column in RESERVED:
        if column not in corpus:
            corpus[column] = None
    corpus["title_is_text"] = corpus["title_is_text"].fillna(False).astype(bool)
    corpus["paragraphs"] = corpus["paragraphs"].apply(lambda v: v if isinstance(v, list) else [])
    corpus["audit"] = corpus["audit"].apply(lambda v: v if isinstance(v, list) else [])
    text_columns = [c for c in corpus.columns if c not in ("paragraphs", "audit", "title_is_text", "n_chars_raw",
                                                            "n_chars_clean", "similarity")]
    corpus[text_columns] = corpus[text_columns].fillna("")
    corpus[["n_chars_raw", "n_chars_clean"]] = corpus[["n_chars_raw", "n_chars_clean"]].fillna(0).astype(int)
    corpus = flag_duplicates(corpus)
    extra = [c for c in corpus.columns if c not in RESERVED]
    return corpus[RESERVED + extra].reset_index(drop=True)


def _merge_metadata(rows: list[dict], meta: pd.DataFrame, meta_path: Path) -> None:
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
            rows.append({"file": name, "doc_id": name.removesuffix(".txt"), "status": "skipped",
                         "reason": f"metadata row {problem} ({meta_path.name})"})
            continue
        row = matches[0]
        if row["file"] in used:
            row["reason"] = "; ".join(filter(None, [row["reason"], "several metadata rows; the first is used"]))
            continue
        used.add(row["file"])
        if row["status"] == "loaded":
            _apply_metadata(row, record)


# ---------------------------------------------------------------------------------------------------------------
# Duplicates

NEAR_DUPLICATE = 0.3  # share of the shorter text's 5-syllable sequences found in the other text
DUPLICATE_WINDOW_DAYS = 7  # reports of one event, or a republication, appear within days of each other


def _shingle_matrix(texts: list[str], size: int = 5):
    """Documents × distinct 5-syllable sequences, binary (scipy CSR). Syllables become integers and each sequence
    one 64-bit polynomial hash, all with numpy: a collision between two of a corpus's few million sequences has a
    chance of about 1e-7."""
    from scipy.sparse import csr_matrix

    syllables = [_SYLLABLE.findall(text.casefold()) for text in texts]
    lengths = np.array([len(s) for s in syllables], dtype=np.int64)
    ids = pd.factorize(pd.Series([s for doc in syllables for s in doc], dtype=object))[0].astype(np.uint64)
    if len(ids) < size:
        return csr_matrix((len(texts), 0), dtype=np.float32)
    windows = np.lib.stride_tricks.sliding_window_view(ids, size)
    digest = np.zeros(len(windows), dtype=np.uint64)
    for k in range(size):
        digest = digest * np.uint64(1_000_003) + windows[:, k]  # wraps around modulo 2**64
    document = np.repeat(np.arange(len(texts)), lengths)[: len(windows)]
    ends = np.cumsum(lengths)[document]
    inside = np.arange(len(windows)) + size <= ends  # sequences that do not run into the next document
    columns, index = np.unique(digest[inside], return_inverse=True)
    matrix = csr_matrix((np.ones(len(index), dtype=np.float32), (document[inside], index)),
                        shape=(len(texts), len(columns)))
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


_SYLLABLE = re.compile(r"\w+")


def flag_duplicates(corpus: pd.DataFrame, threshold: float = NEAR_DUPLICATE) -> pd.DataFrame:
    """Flag exact copies and near-duplicates, keeping every document.

    Similarity is containment: the share of the shorter document's 5-syllable sequences that also occur in the
    other (1.0 for an exact copy or an article republished inside a longer one). Two outlets rewriting the same
    press release share long verbatim runs (0.36 for seeds 003/004); unrelated articles score under 0.05. A pair
    counts when similarity reaches `threshold` and the dates are at most `DUPLICATE_WINDOW_DAYS` apart (or one is
    undated). Documents are taken in date order (undated last, then by file): the later one gets `duplicate_of`
    (the most similar earlier document) and `similarity`.
    """
    corpus = corpus.copy()
    corpus["duplicate_of"] = ""
    corpus["similarity"] = np.nan
    docs = corpus[corpus["status"] == "loaded"]
    if len(docs) < 2:
        return corpus
    order = docs.assign(_undated=docs["date"].eq("")).sort_values(["_undated", "date", "file"]).index
    texts = [" ".join(corpus.at[i, "paragraphs"]) for i in order]
    shingles = _shingle_matrix(texts)
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    shared = (shingles @ shingles.T).tocsr()
    dates = pd.to_datetime(corpus.loc[order, "date"], errors="coerce").to_numpy()
    for position, index in enumerate(order):
        indices = shared.indices[shared.indptr[position]: shared.indptr[position + 1]]
        values = shared.data[shared.indptr[position]: shared.indptr[position + 1]]
        earlier = indices < position
        if not earlier.any():
            continue
        others, counts = indices[earlier], values[earlier]
        containment = counts / np.maximum(np.minimum(sizes[others], sizes[position]), 1)
        gap = np.abs((dates[others] - dates[position]) / np.timedelta64(1, "D"))
        eligible = (containment >= threshold) & ~(gap > DUPLICATE_WINDOW_DAYS)
        if eligible.any():
            best = int(np.argmax(np.where(eligible, containment, -1)))
            corpus.at[index, "duplicate_of"] = corpus.at[order[others[best]], "file"]
            corpus.at[index, "similarity"] = round(float(min(containment[best], 1.0)), 3)
    return corpus


# ---------------------------------------------------------------------------------------------------------------
# Views for reports

def loaded(corpus: pd.DataFrame, drop_duplicates: bool = False) -> pd.DataFrame:
    """The loaded documents; with `drop_duplicates`, without those flagged as a copy of an earlier one."""
    docs = corpus[corpus["status"] == "loaded"]
    return docs[docs["duplicate_of"] == ""] if drop_duplicates else docs


TABLE_COLUMNS = ["file", "doc_id", "status", "reason", "title", "url", "outlet", "date", "date_source",
                 "date_evidence", "encoding", "n_chars_raw", "n_chars_clean", "n_words", "duplicate_of", "similarity"]


def corpus_table(corpus: pd.DataFrame, n_words: pd.Series) -> pd.DataFrame:
    """`tables/corpus.csv`: one row per input file (TABLE_COLUMNS, then the metadata's own columns).

    `n_words` (indexed by doc_id) comes from the text stage: words as underthesea segments them, punctuation excluded.
    """
    table = corpus.assign(n_words=corpus["doc_id"].map(n_words).fillna(0).astype(int))
    extra = [c for c in corpus.columns if c not in RESERVED]
    return table[TABLE_COLUMNS + extra]


def audit_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """What cleaning removed: one row per removal (`file, rule, n_chars, excerpt`)."""
    rows = [{"file": row.file, **entry} for row in corpus.itertuples() for entry in row.audit]
    return pd.DataFrame(rows, columns=["file", "rule", "n_chars", "excerpt"])


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit per rule: `rule, removals, characters, files`, most characters removed first."""
    summary = audit.groupby("rule").agg(removals=("rule", "size"), characters=("n_chars", "sum"),
                                        files=("file", "nunique")).reset_index()
    return summary.sort_values(["characters", "rule"], ascending=[False, True]).reset_index(drop=True)

