"""Dates: a publication date for each article, with its source and evidence, never a guess shown as a fact;
and the period labels every trend uses.

Sources, strongest first: metadata (see `metadata.py`), the URL, a dateline under the headline, a full date in the
lede, a day and month in the lede whose year the article's other evidence fixes (years mentioned, facts true only
between two dates: `data/dated_facts.csv`). A date banner above the headline is the site's, not the article's.
Words around dates (weekdays, times of day, forward-looking words) are in `data/date_words.yaml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import pandas as pd

from vnnews import lexicons

_URL_DATES = [
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/"),
    re.compile(r"-((?:19|20)\d{2})(\d{2})(\d{2})\d{4,}\.s?html?\b"),
]
_YEAR = re.compile(r"(?<![\d.,])(?:\d{1,2}/)?((?:19|20)\d{2})(?!\d)")


def _alternatives(kind: str) -> str:
    """A date-words list as a regex alternation, in file order; spaces inside an entry match any white space."""
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in lexicons.date_words()[kind])


@functools.cache
def dateline_pattern() -> re.Pattern:
    """A line that is only a date, perhaps with its weekday and time: "Thứ Hai, 27/9/2021 08:15 (GMT+7)"."""
    weekday = f"(?:{_alternatives('weekdays')})"
    numeric = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    spelled = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})"  # "ngày 12 tháng 1 năm 2023"
    time = r"(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?:\s*\(?\s*GMT\s*\+\s*7\s*\)?)?)?"
    return re.compile(rf"^(?:{weekday}\s*,?\s*)?(?:ngày\s+)?(?:{numeric}|{spelled}){time}$", re.I)


def dateline_date(match: re.Match) -> dt.date | None:
    """The date of a `dateline_pattern` match, whichever form it has."""
    day, month, year = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    return make_date(int(year), int(month), int(day))


@functools.cache
def _lede_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A full date after a time word ("chiều 29/5/2021"), a day and month after one ("chiều 29/5"), and a
    forward-looking phrase just before a year ("từ năm 2022")."""
    time_word = f"(?:{_alternatives('times_of_day')})"
    full = re.compile(rf"\b{time_word}\s+(?:ngày\s+)?(?:hôm\s+nay\s+)?(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\b", re.I)
    day_month = re.compile(rf"\b{time_word}\s+(?:ngày\s+)?(\d{{1,2}})/(\d{{1,2}})(?![/\d])", re.I)
    forward = re.compile(rf"(?:{_alternatives('forward')})\s+(?:năm\s+|tháng\s+)?(?:\d{{1,2}}/)?$", re.I)
    return full, day_month, forward


@functools.cache
def _former_before() -> re.Pattern:
    """A former-title marker ending right before a phrase ("nguyên ", "cựu ", "khi còn là ")."""
    markers = "|".join(r"\s+".join(map(re.escape, m.split())) for m in lexicons.former_markers())
    return re.compile(rf"(?<!\w)(?:{markers})\s+$")


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


VIETNAM = dt.timezone(dt.timedelta(hours=7))


def parse_date(value: str) -> dt.date | None:
    """Parse a metadata or column date: ISO `YYYY-MM-DD` (also with `/`, and with a time), or Vietnamese
    `DD/MM/YYYY` (`27/09/2021 08:15`). A time with a zone ("2021-09-26T23:30:00Z") is the date in Vietnam (UTC+7),
    where the article was published."""
    value = value.strip()
    try:
        stamp = dt.datetime.fromisoformat(value)
        if stamp.tzinfo is not None:
            return stamp.astimezone(VIETNAM).date()
    except ValueError:
        pass
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", value):
        return make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?", value):
        return make_date(int(match[3]), int(match[2]), int(match[1]))
    return None


def date_from_url(url: str) -> dt.date | None:
    for pattern in _URL_DATES:
        if match := pattern.search(url):
            return make_date(int(match[1]), int(match[2]), int(match[3]))
    return None


def year_bounds(text: str) -> tuple[int | None, int | None, list[str]]:
    """The publication year's bounds from years written in the text.

    A year in a forward-looking phrase ("từ năm 2022", "đến năm 2030") is an upper bound; any other year mentioned
    is a lower bound (news reports the past and present).
    """
    forward = _lede_patterns()[2]
    lower, upper, notes = None, None, []
    for match in _YEAR.finditer(text):
        year = int(match[1])
        if forward.search(text[max(0, match.start() - 25): match.start()]):
            upper = year if upper is None else min(upper, year)
        else:
            lower = year if lower is None else max(lower, year)
    if lower is not None:
        notes.append(f"latest year mentioned {lower}")
    if upper is not None:
        notes.append(f"forward-looking mention of {upper}")
    return lower, upper, notes


def matched_facts(text: str) -> pd.DataFrame:
    """Rows of dated_facts.csv whose phrase occurs in the text, not as a former title (the markers of
    `data/title_markers.csv`: "nguyên", "cựu", "khi là" …)."""
    facts = lexicons.dated_facts()
    folded = text.casefold()
    former = _former_before()
    hits = [
        any(not former.search(folded[max(0, m.start() - 24): m.start()])
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
        candidate = make_date(year, month, day)
        if candidate and all(
            (not f.valid_from or candidate.isoformat() >= f.valid_from)
            and (not f.valid_to or candidate.isoformat() <= f.valid_to)
            for f in facts.itertuples()
        ):
            evidence = notes + [f"'{f.phrase}' ({f.valid_from}…{f.valid_to})" for f in facts.itertuples()]
            bounded = upper is not None or lower == year or any(facts["valid_to"])
            bounded = "" if bounded else "earliest consistent year; "
            return candidate, f"{day}/{month} in the text; year {year}: {bounded}{'; '.join(evidence)}"
    return None, f"{day}/{month} has no year and the evidence conflicts ({'; '.join(notes) or 'dated facts'})"


def infer_date(url: str, title: str, paragraphs: list[str], datelines: list[tuple[str, str]]
               ) -> tuple[dt.date | None, str, str]:
    """Date from URL, then a dateline under the headline, then the lede. Returns (date, source, evidence)."""
    if url and (date := date_from_url(url)):
        return date, "url", url
    for role, line in datelines:
        match = dateline_pattern().match(line)
        if role == "dateline" and match and (date := dateline_date(match)):
            return date, "dateline", line
    full, day_month, _ = _lede_patterns()
    lede = " ".join(paragraphs[:2])
    # a full date is the article's unless the article mentions a later year: news reports the past, so "Ngày
    # 30/1/1950, Việt Nam và Liên Xô thiết lập quan hệ …" in a text that speaks of 2020 is history, not a dateline
    latest = year_bounds("\n".join([title, *paragraphs]))[0]
    for match in full.finditer(lede):
        date = make_date(int(match[3]), int(match[2]), int(match[1]))
        if date and (latest is None or date.year >= latest):
            return date, "text", match.group(0)
    if match := day_month.search(lede):
        day, month = int(match[1]), int(match[2])
        if make_date(2000, month, day):
            date, evidence = resolve_year(day, month, "\n".join([title, *paragraphs]))
            return date, ("text_day_month" if date else ""), f"'{match.group(0)}': {evidence}"
    banners = [line for role, line in datelines if role == "banner"]
    reason = "no date in metadata, URL, dateline or lede"
    return None, "", reason + (f" (page banner '{banners[0]}' is not a publication date)" if banners else "")


def periods(dates: pd.Series, period: str) -> tuple[pd.Series, list[str]]:
    """Each ISO date's period label ("2021-04", "2021Q2", "2021" for `period` M, Q, Y), same index, and every
    period from the first date to the last, empty ones included: a gap in coverage stays visible."""
    if dates.empty:
        return dates.rename("period"), []
    unique = dates.unique()  # often one date per document repeated many times: parse each once
    labels = dict(zip(unique, pd.PeriodIndex(unique, freq=period).astype(str)))
    return dates.map(labels).rename("period"), list(pd.period_range(dates.min(), dates.max(), freq=period).astype(str))
