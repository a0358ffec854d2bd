"""Dates: a publication date for each article, with its source and evidence, never a guess shown as a fact;
and the period labels every trend uses.

Sources, strongest first (`SOURCES`): metadata (see `metadata.py`), a table's column or a page's markup (the
readers), the URL, a publication line under the headline or at the foot of the page, a full date in the lede, a day
and month in the lede whose year the article's other evidence fixes (the same day written in full, a dated event,
the URL's month folder, years mentioned, who held which office when: `data/offices.csv` with the titles and names
of `titles.csv` and `people.csv`), and last the same event elsewhere in the corpus. A date banner above the
headline is the site's, not the article's; evidence that conflicts leaves the date blank and says why. Words
around dates (weekdays, times of day, forward-looking and page words, URL forms) are in `data/date_words.yaml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd

from vnnews import lexicons
from vnnews.letters import LETTER

_YEAR = re.compile(r"(?<![\d.,])(?:\d{1,2}/)?((?:19|20)\d{2})(?!\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")
FIRST_YEAR, LAST_YEAR = 1990, 2099  # years a news URL or page line can carry: outside them a number is an id
DATELINE_GAP_DAYS = 2  # a URL's date and the page's publication line may differ by a late upload or an update
SAME_EVENT_DAYS = 3  # an article's day and month name the event it reports, published then or days later
SAME_EVENT_HOLDERS = 2  # office holders two articles of the same day must both name to report the same event
HEAD_LINES = 6  # a publication line stands among the first lines under the headline …
TAIL_LINES = 2  # … or among the last lines of the page


def _alternatives(kind: str) -> str:
    """A date-words list as a regex alternation, in file order; spaces inside an entry match any white space."""
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in lexicons.date_words()[kind])


def make_date(year: int, month: int, day: int) -> dt.date | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# Dates written in full: "27/9/2021", "27-09-2021", "27.9.2021", "2021-09-27", "2021.11.15", "ngày 27 tháng 9 năm
# 2021"; on an English-language clock ("6/14/2019 8:54:02 AM", .NET's en-US default) month first.

_FULL_DATE = re.compile(
    r"(?<![\d.,/-])(?:(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<y>(?:19|20)\d{2})"
    r"|(?P<y2>(?:19|20)\d{2})(?P<s2>[/.-])(?P<m2>\d{1,2})(?P=s2)(?P<d2>\d{1,2})"
    r"|(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})\s*,?\s+năm\s+(?P<y3>(?:19|20)\d{2}))(?![\d/])", re.I)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH)\b)?", re.I)
_US_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}:\d{2}\s*(?:AM|PM)\b")
_ZONE = re.compile(r"\(?\s*(?:GMT|UTC)\s*\+\s*0?7(?::?00)?\s*\)?", re.I)


def full_dates(text: str) -> list[tuple[dt.date, re.Match]]:
    """Every date written in full in `text`, with its match, in order; impossible dates are left out."""
    found = []
    us_clock = bool(_US_CLOCK.search(text))
    for match in _FULL_DATE.finditer(text):
        if match["y"]:
            day, month = int(match["d"]), int(match["m"])
            if us_clock and match["s"] == "/" or not make_date(int(match["y"]), month, day):
                day, month = month, day  # "6/14/2019 8:54:02 AM": month first
            date = make_date(int(match["y"]), month, day)
        elif match["y2"]:
            date = make_date(int(match["y2"]), int(match["m2"]), int(match["d2"]))
        else:
            date = make_date(int(match["y3"]), int(match["m3"]), int(match["d3"]))
        if date:
            found.append((date, match))
    return found


@functools.cache
def _line_words() -> tuple[re.Pattern, re.Pattern]:
    """Words a publication line may hold beside its date (weekdays, "Cập nhật lúc", "Lượt xem" …), and the words of
    a photo caption."""
    chrome = re.compile(rf"(?:{_alternatives('weekdays')}|{_alternatives('publication_words')})(?!\w)", re.I)
    photo = re.compile(rf"(?<!\w)(?:{_alternatives('photo_words')})(?!\w)", re.I)
    return chrome, photo


def publication_date(line: str) -> dt.date | None:
    """The date of a line that is a publication line — one date, perhaps a weekday, a time, the zone and page words
    ("Thứ Năm, 12/5/2021 08:30 (GMT+7)", "08:30 | 12/05/2021", "PV - 09:40, 15/10/2021", "Cập nhật: 15/10/2021",
    "Ngày 12 tháng 5 năm 2021", "12.5.2021"), and at most a short name (author, section) — else None. A sentence
    with a date, a caption's date ("Ảnh: … 12/5/2021") and a line of several dates are not publication lines."""
    line = line.strip()
    dates = full_dates(line)
    chrome, photo = _line_words()
    # a list item ("- Phía Bắc vào ngày 26/5/2021;"), a sentence's end, a time span or a caption: body text
    if (len(line) > 100 or len(dates) != 1 or photo.search(line) or re.match(r"[-–•+*]\s", line)
            or re.search(r"[.;!?]$", line) or len(_CLOCK.findall(line)) > 1):
        return None
    date, match = dates[0]
    rest = _ZONE.sub(" ", _CLOCK.sub(" ", line[: match.start()] + " " + line[match.end():]))
    words = re.findall(rf"{LETTER}[\w.]*", chrome.sub(" ", rest))
    forward = set(lexicons.date_words()["forward"])
    if len(words) > 3 or words and not words[0][0].isupper() or forward & {w.casefold() for w in words}:
        return None  # "Ngày 12/5/2021 khai mạc hội nghị", "Đoàn đến vào 12/5/2021" are sentences
    return date


def bare_date_line(line: str) -> bool:
    """A date with no time of day and no count beside it ("Thứ Năm, ngày 12 tháng 1 năm 2023"): what a site's
    banner shows, where an article's publication line has its time, author or views ("10:18 | 17/03/2022")."""
    dates = full_dates(line)
    rest = line[: dates[0][1].start()] + " " + line[dates[0][1].end():] if len(dates) == 1 else "0"
    return not re.search(r"\d", _line_words()[0].sub(" ", rest))


# ---------------------------------------------------------------------------------------------------------------
# URLs

_URL_FORMS = [
    # /2021/09/27/ and /2021-09-27/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?=/|$)"),
    # a /20210927/ path segment, or the date or a 12–17-digit timestamp opening the slug (/20211201-ten-bai)
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?P<t>\d{4,9})?(?=[/_-]|$)"),
    # a date or a 12–17-digit timestamp closing the slug: "-20210927101500123.htm"
    re.compile(r"[-_](?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?P<t>\d{4,9})?(?=\.\w{2,5}$|/?$)"),
]
# 14 digits closing the slug that are not year first: day or month first, then the time ("-11152022075401.html")
_URL_DAY_MONTH_FIRST = re.compile(r"[-_/](?P<a>\d{2})(?P<b>\d{2})(?P<y>(?:19|20)\d{2})(?P<t>\d{6})(?=\.\w{2,5}$|/?$)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?=/)")  # a /202109/ folder: a month
_URL_EPOCH = re.compile(r"(?<=[a-z])(?P<s>1\d{9})(?P<ms>\d{3})?(?=\.\w{2,5}$|/?$)")


def _clock_ok(digits: str | None) -> bool:
    """The hours, minutes and seconds after a timestamp's date are a time of day (or absent, or fractions)."""
    if not digits:
        return True
    hour, minute, second = int(digits[:2]), int(digits[2:4]), int(digits[4:6] or 0)
    return hour < 24 and minute < 60 and second < 60


def date_from_url(url: str) -> tuple[dt.date | None, str]:
    """The publication date a URL states, and the part of it that says so; (None, why) when it states none or
    states it ambiguously. Query parameters (`data/date_words.yaml`: url_date_parameters) and Unix-time ids of the
    outlets that use them (epoch_id_hosts) count too."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    for form in _URL_FORMS:
        for match in form.finditer(path):
            date = make_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if date and _clock_ok(match.groupdict().get("t")):
                return date, match.group(0).strip("/-_")
    if match := _URL_DAY_MONTH_FIRST.search(path):
        year, a, b = int(match["y"]), int(match["a"]), int(match["b"])
        readings = {d for d in (make_date(year, a, b), make_date(year, b, a)) if d}
        if len(readings) == 1 and _clock_ok(match["t"]):
            return readings.pop(), match.group(0).strip("/-_")
        if len(readings) == 2:
            return None, f"URL number {match.group(0).strip('/-_')} reads as {' or '.join(sorted(map(str, readings)))}"
    for name, values in parse_qs(parts.query).items():
        if name.casefold() in lexicons.date_words()["url_date_parameters"] and (date := parse_date(values[0])):
            return date, f"{name}={values[0]}"
    epoch_host = re.sub(r"^(?:m|amp)\.", "", host(url)) in lexicons.date_words()["epoch_id_hosts"]
    if epoch_host and (match := _URL_EPOCH.search(path)):
        stamp = dt.datetime.fromtimestamp(int(match["s"]), dt.UTC).astimezone(VIETNAM)
        return stamp.date(), match.group(0)
    return None, ""


def month_from_url(url: str) -> tuple[int, int] | None:
    """The (year, month) of a month folder in a URL ("/channel/5089/202112/"): not a date, a bound on one."""
    match = _URL_MONTH.search(unquote(urlsplit(url.strip()).path))
    return (int(match["y"]), int(match["m"])) if match else None


def host(url: str) -> str:
    """The host of a URL, lower case, without "www."."""
    match = re.match(r"(?:https?://)?(?:www\.)?([^/\s?#:]+)", url.strip(), re.I)
    return match.group(1).lower() if url and match else ""


# ---------------------------------------------------------------------------------------------------------------
# The lede, years and facts

@functools.cache
def _lede_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A full date after a time word ("chiều 29/5/2021"), a day and month after one ("chiều 29/5", "chiều 21-4",
    "Ngày 9.5"), and a forward-looking phrase just before a year ("từ năm 2022")."""
    time_word = f"(?:{_alternatives('times_of_day')})"
    today = r"(?:nay\s*,?\s*\(?\s*)?(?:ngày\s+)?"  # "sáng nay (8/12)", "chiều ngày 29/5"
    full = re.compile(rf"\b{time_word}\s+{today}(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}})\b", re.I)
    day_month = re.compile(rf"\b{time_word}\s+{today}(\d{{1,2}})(?:([/.-])|\s+tháng\s+)(\d{{1,2}})"
                           rf"(?![/.-]?\d|\s*,?\s+năm\s+\d)", re.I)
    forward = re.compile(rf"(?:{_alternatives('forward')})\s+(?:năm\s+|tháng\s+)?(?:\d{{1,2}}/)?$", re.I)
    return full, day_month, forward


@functools.cache
def _former_before() -> re.Pattern:
    """A former-title marker ending right before a phrase ("nguyên ", "cựu ", "khi còn là ")."""
    markers = "|".join(r"\s+".join(map(re.escape, m.split())) for m in lexicons.former_markers())
    return re.compile(rf"(?<!\w)(?:{markers})\s+$")


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


@functools.cache
def _term_before() -> re.Pattern:
    return re.compile(rf"(?:{_alternatives('term_words')})\s*$", re.I)


def year_bounds(text: str) -> tuple[int | None, int | None, list[str]]:
    """The publication year's bounds from years written in the text: (lowest possible year, highest, notes).

    A year in a forward-looking phrase ("từ năm 2022", "đến năm 2030") is still to come: the article is from an
    earlier year — unless the text also mentions that year or a later one as past, when the phrase looked back
    ("từ năm 2015 đến nay"). The last year of a term or plan ("nhiệm kỳ 2021 - 2026", "giai đoạn 2021-2025") can lie
    in the future, so it bounds nothing. Any other year mentioned is a lower bound (news reports the past and
    present).
    """
    forward = _lede_patterns()[2]
    term_ends = {m.start(2) for m in _YEAR_RANGE.finditer(text)
                 if _term_before().search(text[max(0, m.start() - 20): m.start()])}
    past, ahead = [], []
    for match in _YEAR.finditer(text):
        if match.start(1) in term_ends:
            continue
        is_ahead = forward.search(text[max(0, match.start() - 25): match.start()])
        (ahead if is_ahead else past).append(int(match[1]))
    lower = max(past, default=None)
    ahead = [year for year in ahead if lower is None or year > lower]
    upper = min(ahead) - 1 if ahead else None
    notes = [f"latest year mentioned {lower}"] if lower is not None else []
    notes += [f"forward-looking mention of {upper + 1}"] if upper is not None else []
    return lower, upper, notes


# ---------------------------------------------------------------------------------------------------------------
# Facts true only between two dates: who held which office (`data/offices.csv`, read with the titles and names of
# `titles.csv` and `people.csv`), and dated events (`data/events.csv`)

class Fact(NamedTuple):
    phrase: str
    valid_from: str  # ISO date, or "" when unbounded
    valid_to: str
    holder: str  # "person (role)": two articles naming the same holders may report the same event


def _office_titles() -> dict[str, list[str]]:
    """Role → the titles that name it: its own ("Bộ trưởng Ngoại giao"), and the generic title of its kind
    ("Bộ trưởng" for every minister)."""
    rows = list(lexicons.titles().values())
    by_role: dict[str, list[str]] = {}
    for row in rows:
        by_role.setdefault(row["role"], []).append(row["title"])
    generics = {(row["role"], row["generic"]) for row in rows if row["generic"]}
    return {role: titles + [t for kind, generic in sorted(generics) if kind == role for t in by_role.get(generic, [])]
            for role, titles in by_role.items() if role}


@functools.cache
def office_facts() -> dict[str, Fact]:
    """Each "title name" phrase of the official record → when it was true ("Chủ tịch nước Nguyễn Xuân Phúc":
    2021-04-05…2023-01-18), casefolded; a country word may stand between title and name ("Thủ tướng Nga
    Mishustin"). A phrase true of two terms (a title held twice) is left out: it dates nothing."""
    aliases, _ = lexicons.people()
    names: dict[str, set[str]] = {}
    for alias, person in aliases.items():
        names.setdefault(person, {person.casefold()}).add(alias)
    countries = [(row["value"], row["qualifier"]) for row in lexicons.qualifiers().values() if row["kind"] == "country"]
    titles = _office_titles()
    found: dict[str, list[Fact]] = {}
    for row in lexicons.offices().itertuples():
        words = ["", *(word for value, word in countries if value == row.country)]
        for title in titles.get(row.role, []):
            for country in words:
                for name in names.get(row.person, {row.person.casefold()}):
                    phrase = " ".join(f"{title} {country} {name}".casefold().split())
                    found.setdefault(phrase, []).append(Fact(phrase, row.start, row.end, f"{row.person} ({row.role})"))
    return {phrase: facts[0] for phrase, facts in found.items() if len(set(facts)) == 1}


@functools.cache
def _office_pattern() -> re.Pattern:
    """Any phrase of `office_facts`, longest first."""
    phrases = sorted(office_facts(), key=lambda p: (-len(p), p))
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, phrases))})(?!\w)")


def matched_facts(text: str) -> list[Fact]:
    """The office facts whose phrase occurs in the text, not as a former title (the markers of
    `data/title_markers.csv`: "nguyên", "cựu", "khi là" …)."""
    folded = " ".join(text.casefold().split())
    former = _former_before()
    facts = office_facts()
    hits = {}
    for match in _office_pattern().finditer(folded):
        if not former.search(folded[max(0, match.start() - 24): match.start()]):
            hits[match.group(0)] = facts[match.group(0)]
    return [hits[phrase] for phrase in sorted(hits)]


def same_day_events(day: int, month: int, text: str) -> list[tuple[dt.date, str]]:
    """Dated events of `data/events.csv` that the text names by their phrase and that fell on this day and month."""
    folded = " ".join(text.casefold().split())
    events = lexicons.events()
    return [(date, event) for date, event, phrase in zip(map(dt.date.fromisoformat, events["date"]), events["event"],
                                                         events["phrase"])
            if phrase and (date.day, date.month) == (day, month) and " ".join(phrase.casefold().split()) in folded]


# ---------------------------------------------------------------------------------------------------------------
# A year for a day and month; the date of an article

_SPAN_AFTER = re.compile(r"\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?\d{1,2}(?:[/.-]\d{1,2})?", re.I)
_SPAN_BEFORE = re.compile(r"\d\s*(?:đến|tới|-|–)\s*$", re.I)


def _in_span(text: str, match: re.Match) -> bool:
    """A date that opens or closes a span ("từ ngày 29/11 đến 2/12/2021", "từ ngày 15 đến ngày 18 tháng 6") is not
    the day of the news: a visit or a festival lasts."""
    return bool(_SPAN_AFTER.match(text, match.end()) or _SPAN_BEFORE.search(text[max(0, match.start() - 12):
                                                                                  match.start()]))


def _in_facts(date: dt.date, facts: list[Fact]) -> bool:
    iso = date.isoformat()
    return all((not f.valid_from or iso >= f.valid_from) and (not f.valid_to or iso <= f.valid_to) for f in facts)


def resolve_year(day: int, month: int, text: str, url_month: tuple[int, int] | None = None
                 ) -> tuple[dt.date | None, str]:
    """Give a day/month its year from the article's other evidence: the same day written with its year elsewhere,
    a dated event of that day the text names, a URL's month folder; else the latest year the text mentions, or
    the one year that years mentioned and who held which office when leave. Several years possible: no date."""
    facts = matched_facts(text)
    fixed = [(d, f"'{m.group(0)}' elsewhere in the text") for d, m in full_dates(text)
             if (d.day, d.month) == (day, month)]
    fixed += [(d, f"the day of '{event}' (data/events.csv), which the text names")
              for d, event in same_day_events(day, month, text)]
    if url_month and url_month[1] != month:  # an event reported in a later month's folder: published later
        return None, f"{day}/{month} in the text, but the URL's folder {url_month[0]}-{url_month[1]:02d} is later"
    if url_month:
        fixed.append((make_date(url_month[0], month, day), f"URL month {url_month[0]}-{url_month[1]:02d}"))
    if fixed:
        consistent = [(d, why) for d, why in fixed if _in_facts(d, facts)]
        if len({d.year for d, _ in fixed}) == 1 and consistent:
            return consistent[0][0], f"{day}/{month} in the text; year {consistent[0][0].year}: {consistent[0][1]}"
        return None, f"{day}/{month}: the evidence of its year conflicts ({'; '.join(why for _, why in fixed)})"
    lower, upper, notes = year_bounds(text)
    starts = [int(f.valid_from[:4]) for f in facts if f.valid_from]
    if not starts and lower is None:
        return None, f"{day}/{month} has no year and the text gives no year or dated fact"
    first = max(y for y in [lower, *starts] if y is not None)
    ends = [y for y in [upper, *(int(f.valid_to[:4]) for f in facts if f.valid_to)] if y is not None]
    # the latest year the text mentions is the year of its news, when the offices it names allow it; a year only
    # the offices give must be the one they leave
    last = first if first == lower else min(ends, default=None)
    evidence = notes + [f"'{f.phrase}' ({f.valid_from}…{f.valid_to})" for f in facts]
    if last is None:
        return None, f"{day}/{month}: year {first} or later ({'; '.join(evidence)})"
    years = [y for y in range(first, last + 1) if (d := make_date(y, month, day)) and _in_facts(d, facts)]
    if len(years) == 1:
        return make_date(years[0], month, day), f"{day}/{month} in the text; year {years[0]}: {'; '.join(evidence)}"
    if not years:
        return None, f"{day}/{month} has no year and the evidence conflicts ({'; '.join(evidence)})"
    return None, f"{day}/{month}: year {years[0]}…{years[-1]} ({'; '.join(evidence)})"


def _line_dates(datelines: list[tuple[str, str]], role: str) -> list[tuple[dt.date, str]]:
    return [(date, line) for kind, line in datelines if kind == role and (date := publication_date(line))]


def infer_date(url: str, title: str, paragraphs: list[str], datelines: list[tuple[str, str]]
               ) -> tuple[dt.date | None, str, str]:
    """Date from the URL, then a publication line under the headline or at the end of the page, then the lede.
    Returns (date, source, evidence); evidence that conflicts leaves the date blank and says why."""
    url_date, url_evidence = date_from_url(url) if url else (None, "")
    head, tail = _line_dates(datelines, "dateline"), _line_dates(datelines, "trailer")
    if len({d for d, _ in tail}) > 1:
        tail = []  # several dates at the foot of a page belong to related news
    line = (head or tail or [None])[0]
    if url_date:
        if line and abs((line[0] - url_date).days) > DATELINE_GAP_DAYS:
            return None, "", f"the URL says {url_date} ('{url_evidence}') but the page says {line[0]} ('{line[1]}')"
        return url_date, "url", url_evidence
    if line:
        return line[0], "dateline", line[1]
    text = "\n".join([title, *paragraphs])
    full, day_month, _ = _lede_patterns()
    lede = " ".join(paragraphs[:2])
    # a full date is the article's unless the article mentions a later year: news reports the past, so "Ngày
    # 30/1/1950, Việt Nam và Liên Xô thiết lập quan hệ …" in a text that speaks of 2020 is history, not a dateline
    latest = year_bounds(text)[0]
    for match in full.finditer(lede):
        date = make_date(int(match[4]), int(match[3]), int(match[1]))
        if date and (latest is None or date.year >= latest) and not _in_span(lede, match):
            return date, "text", match.group(0)
    for match in day_month.finditer(lede):
        day, month = int(match[1]), int(match[3])
        # the first day of a span ("từ ngày 29/11 đến 2/12/2021") is not the day of the news
        if make_date(2000, month, day) and not _in_span(lede, match):
            date, evidence = resolve_year(day, month, text, month_from_url(url))
            return date, ("text_day_month" if date else ""), f"'{match.group(0)}': {evidence}"
    reasons = [url_evidence] if url_evidence else []
    banners = [line for role, line in datelines if role == "banner"]
    reasons += [f"page banner '{banners[0]}' is not a publication date"] if banners else []
    return None, "", "no date in metadata, URL, dateline or lede" + (f" ({'; '.join(reasons)})" if reasons else "")


def _lede_day_month(paragraphs: tuple[str, ...] | list[str]) -> tuple[int, int] | None:
    lede = " ".join(paragraphs[:2])
    for match in _lede_patterns()[1].finditer(lede):
        if make_date(2000, int(match[3]), int(match[1])) and not _in_span(lede, match):
            return int(match[1]), int(match[3])
    return None


def _allows(text: str, url: str, lede: tuple[int, int] | None, date: dt.date) -> bool:
    """The article's own evidence allows `date`: its day and month if it has one, its URL's month folder, years
    mentioned, offices."""
    lower, upper, _ = year_bounds(text)
    month = month_from_url(url)
    return ((lede is None or abs((date - (make_date(date.year, lede[1], lede[0]) or date)).days)
             <= SAME_EVENT_DAYS) and (month is None or month == (date.year, date.month))
            and (lower is None or lower <= date.year) and (upper is None or date.year <= upper)
            and _in_facts(date, matched_facts(text)))


def _first_dated(file: str, copies: dict[str, str], dated_files: dict) -> str:
    """The dated article a near-duplicate copies, through undated copies of it (`copies`: file → duplicate_of,
    which points to an earlier document, so the chain ends)."""
    other = copies.get(file, "")
    while other and other not in dated_files:
        other = copies.get(other, "")
    return other


def share_dates(corpus: pd.DataFrame) -> pd.DataFrame:
    """Dates from the same event elsewhere in the corpus, as `same_event`, for undated articles: a near-duplicate
    of a dated article (`duplicate_of`) takes its date; an article whose lede gives a day and month without its
    year takes the date of dated articles of that day and month that name at least `SAME_EVENT_HOLDERS` of the
    same office holders — each time only when the article's own evidence allows that date, and one date."""
    corpus = corpus.copy()
    loaded = corpus[corpus["status"] == "loaded"]
    texts = {i: "\n".join([loaded.at[i, "title"], *loaded.at[i, "paragraphs"]]) for i in loaded.index}
    dated = loaded[loaded["date"].ne("")]
    by_file = dict(zip(dated["file"], dated.index))
    copies = dict(zip(loaded["file"], loaded["duplicate_of"]))
    by_day: dict[tuple[int, int], list] = {}
    for other, iso in zip(dated.index, dated["date"]):
        by_day.setdefault((int(iso[8:10]), int(iso[5:7])), []).append(other)
    holders = {}
    for index in loaded.index[loaded["date"].eq("")]:
        text, lede = texts[index], _lede_day_month(loaded.at[index, "paragraphs"])
        sources = [by_file[other]] if (other := _first_dated(loaded.at[index, "file"], copies, by_file)) else []
        if lede and not sources:
            own = {f.holder for f in matched_facts(text)}
            for other in by_day.get(lede, []):
                theirs = holders.setdefault(other, {f.holder for f in matched_facts(texts[other])})
                if len(own & theirs) >= SAME_EVENT_HOLDERS:
                    sources.append(other)
        dates = {dated.at[other, "date"] for other in sources}
        if len(dates) != 1:
            continue
        date = dates.pop()
        names = ", ".join(sorted(dated.loc[sources, "file"]))
        if _allows(text, loaded.at[index, "url"], lede, dt.date.fromisoformat(date)):
            how = "near-duplicate of" if loaded.at[index, "duplicate_of"] else "same day, same office holders as"
            evidence = f"{how} {names} ({date}); {corpus.at[index, 'date_evidence']}"
            corpus.loc[index, ["date", "date_source", "date_evidence"]] = [date, "same_event", evidence]
        else:
            corpus.at[index, "date_evidence"] += f"; {names} ({date}) reports the same event, but this text disagrees"
    return corpus


# What each date source means, strongest first: the 00_corpus report's legend and the order of its table.
SOURCES = {
    "metadata": "the metadata file",
    "column": "a table export's date column",
    "page": "a saved page's markup (its published date)",
    "url": "the URL (/2021/09/27/, a timestamp in the slug …)",
    "dateline": "a publication line under the headline or at the end of the page",
    "text": "a full date in the lede",
    "text_day_month": "a day and month in the lede, its year from the article's other evidence",
    "same_event": "a dated article of the same event (a near-duplicate, or the same day and office holders)",
    "": "no date",
}


def date_sources(docs: pd.DataFrame) -> pd.DataFrame:
    """How the documents were dated: `date_source, meaning, n, share`, every source listed (0 when unused)."""
    counts = docs["date_source"].value_counts().reindex(list(SOURCES), fill_value=0)
    total = max(len(docs), 1)
    return pd.DataFrame({"date_source": [s or "(undated)" for s in SOURCES], "meaning": list(SOURCES.values()),
                         "n": counts.to_numpy(), "share": (counts / total).round(3).to_numpy()})


def undated(docs: pd.DataFrame) -> pd.DataFrame:
    """The documents without a date and why (`file, title, url, reason`: the date evidence, which says it)."""
    rows = docs[docs["date"].eq("")]
    return pd.DataFrame({"file": rows["file"], "title": rows["title"], "url": rows["url"],
                         "reason": rows["date_evidence"]}).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# Evaluation against known dates

def judge(docs: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Each document's date against the truth (`file, date`, optionally `earliest, latest`: bounds where the exact
    date is unknown): `file, date, date_source, true_date, verdict` with verdict `right`, `wrong`, `blank` (a true
    date, none found), `in bounds` (no true date; within the bounds or none given) or `none` (neither has one)."""
    truth = truth.reindex(columns=["file", "date", "earliest", "latest"], fill_value="").fillna("")
    merged = docs[["file", "date", "date_source"]].merge(truth.rename(columns={"date": "true_date"}), on="file")
    outside = ((merged["earliest"] != "") & (merged["date"] < merged["earliest"])) | (
        (merged["latest"] != "") & (merged["date"] > merged["latest"]))
    verdict = pd.Series("in bounds", index=merged.index)
    verdict[merged["true_date"].ne("") & merged["date"].eq(merged["true_date"])] = "right"
    verdict[merged["true_date"].ne("") & merged["date"].ne("") & merged["date"].ne(merged["true_date"])] = "wrong"
    verdict[merged["true_date"].eq("") & merged["date"].ne("") & outside] = "wrong"
    verdict[merged["date"].eq("") & merged["true_date"].ne("")] = "blank"
    verdict[merged["date"].eq("") & merged["true_date"].eq("")] = "none"
    return merged[["file", "date", "date_source", "true_date"]].assign(verdict=verdict)


def scores(judged: pd.DataFrame) -> pd.DataFrame:
    """Counts of `judge`'s verdicts: of the documents with a true date, right / wrong / blank and the share right;
    of the others, how many were dated and how many of those fall outside the known bounds."""
    known = judged[judged["true_date"] != ""]
    other = judged[judged["true_date"] == ""]
    v = known["verdict"].value_counts()
    return pd.DataFrame([{
        "with_true_date": len(known), "right": v.get("right", 0), "wrong": v.get("wrong", 0),
        "blank": v.get("blank", 0), "share_right": round(v.get("right", 0) / max(len(known), 1), 3),
        "without_true_date": len(other), "dated_without": int(other["date"].ne("").sum()),
        "outside_bounds": int((other["verdict"] == "wrong").sum()),
    }])


def periods(dates: pd.Series, period: str) -> tuple[pd.Series, list[str]]:
    """Each ISO date's period label ("2021-04", "2021Q2", "2021" for `period` M, Q, Y), same index, and every
    period from the first date to the last, empty ones included: a gap in coverage stays visible."""
    if dates.empty:
        return dates.rename("period"), []
    unique = dates.unique()  # often one date per document repeated many times: parse each once
    labels = dict(zip(unique, pd.PeriodIndex(unique, freq=period).astype(str)))
    return dates.map(labels).rename("period"), list(pd.period_range(dates.min(), dates.max(), freq=period).astype(str))
