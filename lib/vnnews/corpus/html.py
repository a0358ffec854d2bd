"""Saved web pages: main text, title, date, URL and site name through trafilatura (the field's standard extractor
for news pages), then vnnews's own cleaning and audit on the extracted text.

- The date is the page's published date from its structured markup only (`article:published_time`, JSON-LD
  `datePublished` …, found by htmldate without its search of the page text), so a site's current-date banner is
  never taken for the article's date; failing that, the URL and text rules of `dates.py` apply.
- Vietnamese outlets print the lede (the *sapo*) in an element of its own above the body, which a generic
  extractor can drop. It usually survives in the page's description metadata: when the extracted text does not
  already hold it, it is put back as the first paragraph (and the audit says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnnews.corpus.clean import Removal, clean_text, excerpt
from vnnews.corpus.read import finish

# A description shorter than this, or with fewer words, is a site's tag line rather than an article's lede.
MIN_SAPO_CHARS = 40
MIN_SAPO_WORDS = 8


@dataclass(frozen=True)
class Page:
    title: str
    paragraphs: tuple[str, ...]
    date: str
    url: str
    sitename: str
    sapo_restored: bool


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _restore_sapo(paragraphs: list[str], description: str, title: str) -> bool:
    """Put the page's description back as the lede when the extracted text lacks it; True if it did."""
    description = " ".join(description.split()).rstrip("…").strip()
    key = _key(description)
    if len(description) < MIN_SAPO_CHARS or len(key.split()) < MIN_SAPO_WORDS or key == _key(title):
        return False
    head = key[: max(len(key) - 10, MIN_SAPO_CHARS)]  # a description can be cut short, or end otherwise
    if any(head in _key(paragraph) for paragraph in paragraphs[:5]):
        return False
    paragraphs.insert(0, description)
    return True


def extract(content: bytes, url: str = "") -> Page | None:
    """The page's article, or None when trafilatura finds no main text."""
    from trafilatura import bare_extraction

    document = bare_extraction(content, url=url or None, favor_recall=True, with_metadata=True,
                               include_comments=False, include_tables=False,
                               date_extraction_params={"extensive_search": False, "original_date": True})
    if document is None or not (document.text or "").strip():
        return None
    title = " ".join((document.title or "").split())
    paragraphs = [" ".join(line.split()) for line in document.text.split("\n") if line.strip()]
    if paragraphs and title and _key(paragraphs[0]) == _key(title):
        paragraphs = paragraphs[1:]  # the headline, printed again above the text
    restored = _restore_sapo(paragraphs, document.description or "", title)
    return Page(title, tuple(paragraphs), document.date or "", url or document.url or "", document.sitename or "",
                restored)


def read_page(content: bytes, url: str, row: dict) -> dict:
    """A page's corpus row: extracted, cleaned, dated from its metadata when it has a date there."""
    if not content.strip():
        return row | {"reason": "empty page"}
    try:
        page = extract(content, url)
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup: a reason, not a traceback
        return row | {"reason": f"page could not be parsed: {type(exc).__name__}: {exc}"}
    if page is None:
        return row | {"reason": "no article text found in the page (trafilatura)"}
    draft = clean_text("\n".join(page.paragraphs), title=page.title, url=page.url)
    if page.sapo_restored:
        draft.audit.insert(0, Removal("lede restored from the page's description", 0, excerpt(page.paragraphs[0])))
    row.update(encoding="html", outlet=page.sitename if not page.url else "")
    date = (page.date, "page", f"published date in the page's metadata: {page.date}") if page.date else None
    return finish(row, draft, date)
