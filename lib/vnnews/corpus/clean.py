"""Cleaning: scraped text → URL, headline and body paragraphs, by an ordered list of rules, each recording what it
removed (`RULES`; textacy's preprocessing pipelines are the model).

A rule takes the article being cleaned (`Draft`) and changes it; every removal goes into the draft's audit with
the rule's name, the characters removed and the start of the removed text, so `tables/cleaning_audit.csv` can show
what cleaning did to each file. Site chrome comes from `data/boilerplate.yaml`.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from vnnews import lexicons
from vnnews.corpus.dates import HEAD_LINES, TAIL_LINES, bare_date_line, publication_date
from vnnews.letters import LETTER, LOWER, LOWER_LETTERS, UPPER, UPPER_LETTERS, without_diacritics


class Removal(NamedTuple):
    """One entry of the cleaning audit."""
    rule: str
    n_chars: int
    excerpt: str


@dataclass
class Draft:
    """An article while it is cleaned."""
    text: str
    url: str = ""
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    audit: list[Removal] = field(default_factory=list)
    datelines: list[tuple[str, str]] = field(default_factory=list)  # (role, line): "banner" before the title
    outlet_tag: str = ""  # the outlet named by a tag opening the lede: "(Dân trí) - "
    title_given: bool = False  # the headline came from a page's metadata or a table column, not the text

    def remove(self, rule: str, text: str) -> None:
        self.audit.append(Removal(rule, len(text), excerpt(text)))

    def note(self, rule: str, context: str) -> None:
        """A change that removes nothing (a space inserted), recorded with its context."""
        self.audit.append(Removal(rule, 0, excerpt(context)))


def excerpt(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def normalise(text: str) -> str:
    """NFC, LF line ends, no zero-width characters, ordinary spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------------------------
# Rules on the whole text

# No headline is longer than this: a longer first line is a headline glued to its body (or a body alone).
MAX_TITLE_CHARS = 300
_HTML_HINT = re.compile(r"<\s*(?:/?(?:p|div|span|a|br|img|b|i|em|strong|h[1-6]|ul|ol|li|table|tr|td|figure|"
                        r"figcaption|section|article|script|style|iframe|noscript)\b|!--)", re.I)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_URL_START = re.compile(r"^((?:https?://|www\.)\S+)\s+", re.I)
_SLUG_ID = re.compile(r"^(?:\d+|[a-z]*\d{4,}[a-z\d]*)$")  # "20210927101500123", "post1209013", "c123456"


def _ascii_tokens(text: str) -> list[str]:
    """Lower-case ASCII letter-and-digit runs of a text without its diacritics ("Pu-tin" → ["pu", "tin"]): how a
    URL slug spells a headline."""
    return re.findall(r"[a-z0-9]+", without_diacritics(text).lower())


def slug_words(url: str) -> list[str]:
    """The words of a URL's slug (its longest path segment), ids and extension left out."""
    segments = [s for s in re.sub(r"[?#].*$", "", url).split("/")[3:] if s]
    if not segments:
        return []
    slug = re.sub(r"\.[a-z]{2,5}$", "", max(segments, key=len), flags=re.I)
    return [t for t in _ascii_tokens(slug) if not _SLUG_ID.match(t)]


def _headline_by_slug(text: str, url: str) -> int:
    """The length of the headline at the start of `text` spelled by the URL's slug (0 if the slug does not spell
    the start of the text): the words whose letters, without diacritics, are the slug's words in order."""
    slug = slug_words(url)
    if len(slug) < 3:
        return 0
    matched, end = 0, 0
    for word in re.finditer(r"\S+", text):
        tokens = _ascii_tokens(word.group(0))
        if tokens != slug[matched: matched + len(tokens)]:
            break
        matched, end = matched + len(tokens), word.end()
        if matched == len(slug):
            return end
    return end if matched >= 0.8 * len(slug) else 0


def split_glued(line: str, draft: Draft) -> None:
    """A first line longer than a headline can be: the URL, headline and body of a page scraped into one line.
    The URL is its first word when it is one; the headline, the words that the URL's slug spells, or what comes
    before an outlet tag opening the lede ("(Dân trí) -"); failing both, the line is all body and the article has
    no headline rather than a headline of the whole text."""
    if not draft.url and (match := _URL_START.match(line)):
        draft.url, line = match.group(1), line[match.end():]
    end = _headline_by_slug(line, draft.url) if draft.url else 0
    if not end and (tag := re.search(r"\s\([^()]{2,25}\)\s*[-–—]\s", line[: MAX_TITLE_CHARS + 30])):
        end = tag.start()
    if 0 < end <= MAX_TITLE_CHARS:
        draft.title, line = line[:end].strip(), line[end:].strip()
        draft.note("headline split from a one-line page", draft.title)
    else:
        draft.note("one-line page without a recognisable headline: all body", line[:80])
    if line:
        draft.paragraphs.append(line)


def strip_html(draft: Draft) -> None:
    """Remove scripts, styles and tags from text that contains HTML; keep the words, one block per line."""
    if not _HTML_HINT.search(draft.text):
        return
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(draft.text, "html.parser")
    for tag in soup(["script", "style", "noscript", "iframe"]):
        draft.remove(f"html <{tag.name}>", tag.get_text(" ") or str(tag))
        tag.decompose()
    for tag in soup.find_all(["br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "tr"]):
        tag.insert_before("\n")
        tag.insert_after("\n")
    plain = soup.get_text()
    removed = len(draft.text) - len(plain)
    draft.audit.append(Removal("html markup", removed, f"{removed} characters of tags and entities"))
    draft.text = html.unescape(plain)


# Markdown-converted pages: an image is `![alt](url "title")` (the URL may hold one level of parentheses), or such an
# image inside a link, `[![alt](src)](href)`; a table cell ends in a bar (`table_cell_bars`).
_IMAGE_SRC = r"!\[[^\]\n]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
_IMAGE = re.compile(rf"\[{_IMAGE_SRC}\]\([^()\s]*\)|{_IMAGE_SRC}")


@functools.cache
def _image_lines() -> tuple[re.Pattern, re.Pattern]:
    """An image card (the line opens with an image, optionally inside a link's opening bracket, and text follows in
    the same cell, closed by a cell bar) and an image alone (images and cell bars, nothing else)."""
    bars = "".join(re.escape(b) for b in lexicons.boilerplate()["table_cell_bars"])
    card = re.compile(rf"^[{bars}\s]*\[?(?:(?:{_IMAGE.pattern})\s*)+[^{bars}\s][^{bars}]*?{LETTER}.*[{bars}]\s*$")
    alone = re.compile(rf"^[{bars}\s]*(?:(?:{_IMAGE.pattern})[{bars}\s]*)+$")
    return card, alone


def _is_image_card(line: str) -> bool:
    return bool(_image_lines()[0].match(line))


def _is_image_alone(line: str) -> bool:
    return bool(_image_lines()[1].match(line))


# Line rules on a line holding image markup, in order: (audit rule, test); the first that holds removes the line.
IMAGE_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("image link card (another article)", _is_image_card),
    ("image markup (a picture alone on its line)", _is_image_alone),
)


def drop_image_markup(draft: Draft) -> None:
    """Markdown images: a line that is a link card to another article (an image and its teaser in one cell, closed
    by a cell bar: "![](a.jpg) Phó Chủ tịch tiếp … |") goes, lest the officials it names be taken for the article's;
    so does a picture alone on its line ("![]() |": the article's own, its caption on the next line stays). Image
    markup elsewhere in a line goes and the line's text stays: its "!" would end a sentence and "[]()" open one.
    A line without image markup is left as it is, bars and exclamation marks included."""
    lines = []
    for line in draft.text.split("\n"):
        if _IMAGE.search(line):
            rule = next((name for name, test in IMAGE_LINE_RULES if test(line)), None)
            if rule:
                draft.remove(rule, line.strip())
                line = ""
            else:
                for match in _IMAGE.finditer(line):
                    draft.remove("image markup (in a line of text)", match.group(0))
                line = " ".join(_IMAGE.sub(" ", line).split())
        lines.append(line)
    draft.text = "\n".join(lines)


@functools.cache
def _line_sets() -> tuple[frozenset[str], frozenset[str], re.Pattern, frozenset[str]]:
    """Section headers, widget lines, the widget-prefix pattern and closing (keywords) lines, case-folded."""
    lex = lexicons.boilerplate()
    prefixes = "|".join(re.escape(p.casefold()) for p in lex["widget_prefixes"])
    return (frozenset(h.casefold() for h in lex["section_headers"]),
            frozenset(w.casefold() for w in lex["widget_lines"]),
            re.compile(rf"(?:{prefixes})\s*[:>»/|]"),
            frozenset(c.casefold() for c in lex["closing_lines"]))


@functools.cache
def _list_marker() -> re.Pattern:
    """A line's leading list or bullet markers ("• ", "- ", "►► "), with the spaces around them."""
    markers = "".join(re.escape(m) for m in lexicons.boilerplate()["list_markers"])
    return re.compile(rf"^(?:[{markers}]\s*)+")


def _line_key(line: str) -> str:
    """What a line is matched on against the chrome lists: trimmed, without its leading list markers ("• Từ khóa:"
    is "Từ khóa") and a trailing colon, case-folded."""
    return _list_marker().sub("", line.strip()).rstrip(":").strip().casefold()


def _is_widget(line: str) -> bool:
    """A widget or navigation line; a keywords line (`closing_lines`) is one too where it does not close the page."""
    _, widgets, prefixes, closing = _line_sets()
    key = _line_key(line)
    return key in widgets or key in closing or bool(prefixes.match(key))


def _page_end(line: str, draft: Draft) -> str | None:
    """The audit rule under which `line` and everything below it go, or None when the page goes on there.

    A section header ("Tin liên quan") starts a related-news block anywhere below the headline (a headline "Tin
    khác" stays). A bare keywords line ("Từ khóa", "• Tags:"; `closing_lines`) closes the article once the body has
    started (a body paragraph above it): what follows it is the site's chrome — the tags, related-news teasers.
    Between the headline and the body it closes nothing (it is a widget line there, removed alone)."""
    headers, _, _, closing = _line_sets()
    key = _line_key(line)
    if (draft.title or draft.paragraphs) and key in headers:
        return "related-news block"
    if draft.paragraphs and key in closing:
        return "keywords line and what follows"
    return None


def _date_line_role(lines: list[str], i: int, draft: Draft, tail: set[int]) -> str:
    """What a publication line is by where it stands and what it holds: a dateline among the first lines under
    the headline or a trailer among the last lines of the page, both the article's; the site's banner when it
    stands above the headline, or is a bare date (no time, no count) above the headline's repeat — a page's own
    headline often follows the site's date banner —, or is anywhere in a page whose headline came from its
    metadata; elsewhere in the body an "inline" date, no publication date."""
    below = [line.casefold() for line in lines[i + 1:] if line][:3]
    if not draft.title or draft.title_given or draft.title.casefold() in below and bare_date_line(lines[i]):
        return "banner"
    if len(draft.paragraphs) < HEAD_LINES:
        return "dateline"
    return "trailer" if i in tail else "inline"


_LINE_RULES = {"dateline": "date line", "trailer": "date line", "banner": "date banner (page chrome)",
               "inline": "date line"}


def split_structure(draft: Draft) -> None:
    """Find URL and headline; drop chrome lines, and related-news blocks and what follows a keywords line that
    closes the article; the rest are the body paragraphs."""
    lines = [ln.strip() for ln in draft.text.split("\n")]
    tail = set([i for i, line in enumerate(lines) if line][-TAIL_LINES:])
    for i, line in enumerate(lines):
        if not line:
            continue
        if rule := _page_end(line, draft):
            draft.remove(rule, "\n".join(ln for ln in lines[i:] if ln))
            break
        if publication_date(line):
            role = _date_line_role(lines, i, draft, tail)
            draft.datelines.append((role, line))
            draft.remove(_LINE_RULES[role], line)
            continue
        if _is_widget(line):
            draft.remove("share/feedback widget or navigation", line)
            continue
        if not draft.url and not draft.title and _URL_LINE.match(line):
            draft.url = line
            continue
        if not draft.title and not draft.paragraphs:
            if len(line) > MAX_TITLE_CHARS:
                split_glued(line, draft)
            else:
                draft.title = line
            continue
        draft.paragraphs.append(line)


@functools.cache
def _byline_pattern() -> re.Pattern:
    prefixes = "|".join(re.escape(p) for p in lexicons.boilerplate()["source_prefixes"])
    name = f"{UPPER}{LETTER}*"
    return re.compile(rf"^(?:{name}(?:\s+{name}){{0,4}}|\(?(?:{prefixes})\b[^.!?]{{1,60}}\)?)$")


def drop_bylines(draft: Draft) -> None:
    """Short trailing lines that are a name ("NGỌC HÀ", "Quốc Đạt") or a source ("Theo TTXVN") are bylines."""
    pattern = _byline_pattern()
    while draft.paragraphs and len(draft.paragraphs[-1]) <= 40 and pattern.match(draft.paragraphs[-1]):
        draft.remove("byline", draft.paragraphs.pop())


_SOURCE_TAG = re.compile(r"^\(([^()]{2,25})\)\s*[-–—]\s*")


def drop_source_tag(draft: Draft) -> None:
    """Remove the outlet tag that opens a lede ("(Dân trí) - ") and keep the outlet it names."""
    if draft.paragraphs and (match := _SOURCE_TAG.match(draft.paragraphs[0])):
        draft.remove("outlet tag", match.group(0))
        draft.paragraphs[0] = draft.paragraphs[0][match.end():]
        draft.outlet_tag = match.group(1).strip()


# ---------------------------------------------------------------------------------------------------------------
# Rules on each paragraph

# A sentence end glued to the next sentence: lower-case letter, digit or closing bracket/quote, then . ! ?, then a
# capital. A capital before the dot ("V.Putin", "TP.HCM", "D.C.") is an initial or an abbreviation.
_GLUE = re.compile(rf"(?<=[{LOWER_LETTERS}0-9)\]\"”’%])([.!?…]+)(?=[\"“]?{UPPER})")
_YEAR_GLUED = re.compile(rf"(?<![\d/.,])((?:19|20)\d{{2}})(?={LOWER}{{2,}})")


def unglue(paragraph: str, draft: Draft) -> str:
    """Insert the missing space in 'Lavrov.Tại' and '2021và', except after known abbreviations."""
    abbreviations = lexicons.abbreviations()

    def fix(match: re.Match) -> str:
        token = re.findall(r"[\w.]+$", paragraph[max(0, match.start() - 12): match.start()])
        if token and token[0] in abbreviations:
            return match.group(0)
        draft.note("glued sentences split", paragraph[max(0, match.start() - 20): match.end() + 20])
        return match.group(1) + " "

    paragraph = _GLUE.sub(fix, paragraph)

    def fix_year(match: re.Match) -> str:
        draft.note("glued year split", paragraph[max(0, match.start() - 20): match.end() + 20])
        return match.group(1) + " "

    return _YEAR_GLUED.sub(fix_year, paragraph)


@functools.cache
def _credit_pattern() -> re.Pattern:
    words = "|".join(sorted((re.escape(w) for w in lexicons.boilerplate()["credit_words"]), key=len, reverse=True))
    parenthesised = rf"\(\s*(?:{words})\s*:?[^()\n]{{0,60}}\)"
    # The credit ends at a full stop before a space ("Ảnh: T.Hương. Sau đó"), or, failing that, at a full stop
    # glued to the next sentence ("Ảnh: BNG.Về hợp tác").
    sentence = (rf"(?:(?<=^)|(?<=[.!?…]\s)|(?<=[.!?…]))(?:{words})\s*:\s*"
                rf"(?:[^\n]{{1,60}}?(?:\.(?=\s|$)|$)|[^\n.]{{1,60}}?\.(?={UPPER}))")
    return re.compile(rf"\s*(?:{parenthesised}|{sentence})")


def drop_credits(paragraph: str, draft: Draft) -> str:
    """Remove image credits ("Ảnh: Bộ Ngoại giao.", "(Ảnh: TTXVN)"); the caption before them stays."""
    def fix(match: re.Match) -> str:
        draft.remove("image credit", match.group(0).strip())
        return " "

    return " ".join(_credit_pattern().sub(fix, paragraph).split())


_LONG_RUN = re.compile(r"\S{120,}")


def drop_long_runs(paragraph: str, draft: Draft) -> str:
    """Runs of 120+ characters without a space are encoded data or URLs, not words."""
    def fix(match: re.Match) -> str:
        draft.remove("run of characters without spaces", match.group(0))
        return " "

    return " ".join(_LONG_RUN.sub(fix, paragraph).split())


def each_paragraph(*rules: Callable[[str, Draft], str]) -> Callable[[Draft], None]:
    """A rule that applies paragraph rules in order to each paragraph, then drops paragraphs left empty."""
    def apply(draft: Draft) -> None:
        paragraphs = []
        for paragraph in draft.paragraphs:
            for rule in rules:
                paragraph = rule(paragraph, draft)
            paragraphs.append(paragraph)
        draft.paragraphs = [p for p in paragraphs if p]

    apply.__name__ = "each_paragraph(" + ", ".join(rule.__name__ for rule in rules) + ")"
    return apply


# ---------------------------------------------------------------------------------------------------------------
# Rules across paragraphs

# A sentence boundary, but not after an initial ("V. Pu-tin").
_SENTENCE_END = re.compile(rf"(?<=[.!?…])(?<!\b{UPPER}\.)\s+(?=[\"“(]?[{UPPER_LETTERS}0-9])")
_MIN_REPEATED_WORDS = 5


def drop_repeats(draft: Draft) -> None:
    """Drop sentences repeated verbatim within the article (photo captions, a lede printed twice)."""
    seen = {draft.title.casefold()} if draft.title else set()
    kept: list[str] = []
    for paragraph in draft.paragraphs:
        sentences = []
        for sentence in _SENTENCE_END.split(paragraph):
            key = sentence.strip().casefold()
            if len(key.split()) >= _MIN_REPEATED_WORDS and key in seen:
                draft.remove("repeated sentence (caption or lede printed twice)", sentence)
                continue
            seen.add(key)
            sentences.append(sentence)
        if sentences:
            kept.append(" ".join(sentences))
    draft.paragraphs = kept


RULES: tuple[Callable[[Draft], None], ...] = (
    strip_html,
    drop_image_markup,
    split_structure,
    drop_bylines,
    drop_source_tag,
    each_paragraph(unglue, drop_credits, drop_long_runs),
    drop_repeats,
)


def clean_text(text: str, title: str = "", url: str = "",
               rules: tuple[Callable[[Draft], None], ...] = RULES) -> Draft:
    """Apply the cleaning rules in order to normalised text; the draft holds the result and its audit. A `title`
    and `url` known from elsewhere (a page's metadata, a table's columns) are kept: the text is then all body."""
    draft = Draft(normalise(text), url=normalise(url).strip(), title=normalise(title).strip(), title_given=bool(title))
    for rule in rules:
        rule(draft)
    return draft
