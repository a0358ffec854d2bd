"""Officials stage: who held which office when — titled mentions, names resolved, roles normalised, evaluated.

Off-the-shelf Vietnamese NER knows no titles (and tags "Bùi Thanh Sơn" as a location), so extraction is built for
this job, driven by lexicons in `data/` that a researcher can read and extend:

- `titles.csv`: Vietnamese title → canonical English `role` (and its `generic` form, an organisation, a country);
- `qualifiers.csv`: country and organisation words that follow a title ("Nga", "Liên bang Nga", "Ban Chấp hành
  Trung ương Đảng");
- `people.csv`: canonical names, their country and spellings ("V. Pu-tin", "Putin" → Vladimir Putin);
- `title_markers.csv`: words before a title that make it an event ("được bầu làm" → elected), a past title
  ("nguyên" → former) or someone else's ("trợ lý" → aide);
- `vietnamese_surnames.txt`: the country of an unqualified official with a Vietnamese name;
- `name_prefixes.txt`: academic titles before a name ("GS.TS"), dropped;
- `not_names.txt`: words showing that a capitalised run after a title is an organisation ("Hội", "Bank").

A mention is a title (or a chain of titles: "Phó thủ tướng, Bộ trưởng Ngoại giao"), optional qualifiers, then a
name — or a name, a comma and the title ("Nguyễn Phú Trọng, Tổng Bí thư …"), or a name, an event marker and the
title ("Nguyễn Xuân Phúc được Quốc hội bầu làm Chủ tịch nước"). A title shared by names joined with "và" applies to
each. Plural titles ("hai Bộ trưởng"), relations ("người đồng cấp") and titles without a name are not mentions.
Only sentences that contain a title are POS-tagged (underthesea, cached): a name must hold a proper noun (Np) or be
a known person.

Added for outlets the seeds do not cover (developed on half A of annotations/vnru_officials.csv and on pages
outside both halves, and on sentences written for the unit tests; half B is held back):

- an organisation named between a title and its holder ("Chủ nhiệm Ủy ban Đối ngoại của Quốc hội Nguyễn Văn
  Giàu", "Chủ tịch HHN Nga-Việt V.P. Buyanov"): the holder is the surest name that ends it (`_holder_rank`);
- modifiers ("thường trực", "đặc mệnh toàn quyền"), places ("Thị trưởng Moskva") and acronyms after a title;
- titles.csv rows without a role — ranks and party posts ("Thượng tướng", "Ủy viên Bộ Chính trị") — link a chain
  of titles to its name but give no row; titles follow each other without a comma too ("Phó Thủ tướng Bộ trưởng
  Ngoại giao …"); a deputy's title the lexicon lacks ("Phó Tổng giám đốc") is no title, nor is an official's aide,
  spokesman or spouse (title_markers.csv, event "aide": "Trợ lý Tổng thống Nga …"), nor a candidate's (event
  "candidate": "Ứng cử viên đại biểu Quốc hội …");
- a generic title followed by a specific title's organisation is that title ("Phó Chủ tịch Thường trực Quốc hội");
- appositions after a dash or comma, across posts the lexicon need not know ("Phan Văn Giang - Ủy viên Bộ Chính
  trị, …, Bộ trưởng Bộ Quốc phòng"), a parenthesised aside ("Sergei Shoigu (Xéc-gây Soi-gu), Bộ trưởng …") or an
  honorific ("Bộ trưởng Quốc phòng Nga, ông …"); captions ("Đại sứ … - Ngô Đức Mạnh.");
- not names: a run cut inside a Vietnamese word ("Đảng Nước Nga Thống nhất"), a run after an acronym that does not
  look like a person's name ("PV Power"), a name cut off where the excerpt ends ("… Chủ tịch Quốc hội Việt");
- people.csv: spellings, initials with a misprinted surname ("V.V. Polodin"), patronymics ("Vladimir
  Vladimirovich Putin"), and the historical figures (`died`) whose titles are history ("Lăng Chủ tịch Hồ Chí
  Minh"); a surname alone resolves only when one person of the document (or the corpus) bears it.

For precision: the name before a title in apposition must look like a person's, not a place or an outlet after a
clause opener ("Theo Reuters, …", "Tại Kazan, …": data/clause_openers.txt), nor a counterpart governed by a
preposition ("… với Thủ tướng Anh Boris Johnson, Tổng thống Pháp cho biết"); a document's own full name wins over a
one-word alias; patronymics (data/patronymic_suffixes.txt), not any shared syllables, match a known person; a place
opens a run after "Cộng hòa" or "Thị trưởng" (data/place_openers.txt); titles before a comma are someone else's
when they name another country's office or a fronted phrase ("Gặp Tổng thống Nga, Thủ tướng Phạm Minh Chính đề
nghị …"); a weekday ends a name ("… Sergei Lavrov Thứ Hai"); a company's name opens a Latin run after its chair's
title ("Chủ tịch Gazprom Alexei Miller"); a title opening a quoted name after a noun names a ship, book or film
("tàu “Thủ tướng …”"); an office of a country that no longer exists is history (data/defunct_countries.txt).

Second round (sentences written for the purpose, development halves A and C): a foreign given name the segmenter
glued to a company's name opens the holder's name ("Tổng giám đốc Rosatom Alexei …": data/given_names.txt); an
organisation named without its country ("Hạ viện", "Thượng viện") is the one of the holder's country
(`_national`); an envoy's post may be an organisation ("Đại sứ Nga tại ASEAN …"); a name after an honorific is a
person's before a title in apposition ("ông Tập Cận Bình, Chủ tịch Trung Quốc"), as is one before ", nay là"
(data/apposition_openers.txt) or before a title in brackets ("ông Sergei Lavrov (Ngoại trưởng Nga)"); a
Vietnamese full name glued to its verb is still a name; two years in brackets after a name make the title history
("Boris Yeltsin (1991-1999)"); a title inside an organisation's or a building's name is no one's ("Chủ tịch Hội
đồng Bộ trưởng", "Phủ Thủ tướng": data/organisation_words.txt).

Third round (sentences written for the purpose, half B now development data too): a foreign surname written again
before the full name, the surname-first order of official writing run into the usual one, is that known person
("Patrushev Nikolai Patrushev", `_known_by_parts`); people.csv takes the French form of a Russian first name
("Serge Lavrov").

Fourth round (sentences written for the purpose, development half G of annotations/dantri_officials.csv too): a
man named after an honorific in lower case ends an organisation's name after a title and holds none of its titles
("… Chủ tịch HĐQT Eximbank và ông …", "… ghế Chủ tịch HĐQT cho ông …"); a name the segmenter glued to an acronym
is the holder's ("Bộ KH&CN Phạm Thị Hoa"); a name after a title with its organisation and a comma is in apposition
without an honorific too ("Chủ tịch FIFA, Gianni Infantino đã …"); a noun and a demonstrative after a title refer
back to its organisation ("phó Chủ tịch của công ty đó, bà …": data/demonstratives.txt).

Fifth round (sentences written for the purpose, development half I of annotations/dantri2_officials.csv too): an
acronym in brackets after an organisation's name is part of it ("Chủ tịch Liên đoàn … (ITF) David Haggerty"); a
title after "kiêm" is the previous holder's, and the run after it names its organisation ("ông A, Phó Chủ tịch X
kiêm Tổng giám đốc X Việt Nam", `_joined_to`); a one-word name that ends no full name of the document takes the
one it opens ("Thủ tướng Prayut" after "Prayut Chan-o-cha": a Thai's given name, a Chinese or Korean family
name); people.csv: late American presidents.

Sixth round (sentences written for the purpose, development sets J, L, N, O, P and Q of annotations/dantri3-6):
members of parliament are titles (titles.csv: "nghị sĩ", "thượng nghị sĩ", "đại biểu Quốc hội", "nghị sĩ Duma
Quốc gia"; a delegation, a parliamentary group or a candidate is none); a country's name in lower case is a common
word ("Bộ trưởng Tư pháp"); a portfolio the lexicon lacks before "kiêm (quyền)", a second one after "và", and two
titles of one chain are two offices (`specialise`); an organisation set off after a person's name by a bracket or a
dash, or named by the country of its office ("… tại Việt Nam"), or with the countries it serves; a holder set off
by the comma that closes an organisation's name; a dashed name after an organisation or an honorific; two syllables
after a place word ("tỉnh Hà Nam") are the place; a foreign word glued to a Vietnamese one opens a name
(`letters.vietnamese_syllable`); a misprinted surname resolves to the document's full name it is near ("Kubela").
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from vnnews import lexicons
from vnnews.cache import stage
from vnnews.letters import UPPER, vietnamese_syllable
from vnnews.lexicons import people, qualifiers, titles, vietnamese_surnames
from vnnews.text import pos_tags

COLUMNS = ["file", "doc_id", "date", "person", "title_as_written", "role", "country", "organisation", "kind",
           "former", "event", "sentence", "duplicate_of"]
# The kinds of office the analyses look at by default: not company chairmen and club presidents.
PUBLIC_KINDS = ("state", "party", "parliament", "diplomatic")
# The annotation halves held back from development (annotations/README.md): scored, never tuned on; a report shows
# their scores, not their errors, so that no reader tunes a rule on them either.
HELD_BACK = ("vnru2_officials half D", "vnru3_officials half F", "dantri_officials half H",
             "dantri3_officials half K", "dantri4_officials half M")
_FOLDED = operator.attrgetter("folded")  # syllables are looked up in the phrase lexicons by their casefolded text

# Punctuation, by what it does around a title: sets off an apposition ("Nguyễn Văn A, Bộ trưởng …", "… - Ngô Đức
# Mạnh"), sets off a caption's name, ends a clause.
_DASHES = frozenset({"-", "–"})
_APPOSITION_MARKS = frozenset({","}) | _DASHES
_CLAUSE_ENDS = frozenset({",", ";", ".", ":", "?", "!"})
# A holder's `_holder_rank` up to this one is a sure name (a known person, a name with initials, a Vietnamese full
# name); a proper noun in Latin letters alone (rank 3) may be a place or an outlet ("Tại New York, …").
SURE_HOLDER = 2
# A capitalised run after a title this long is longer than a person's name (at most four syllables): it opens with
# an organisation or a place ("Vabiotech Đỗ Tuấn Đạt").
LONGER_THAN_A_NAME = 5
# Syllables looked back through for a title chain with its qualifiers ending before a name ("Bộ trưởng Ngoại giao
# Liên bang Nga Sergei Lavrov" has nine).
TITLE_CHAIN_REACH = 12


def _phrase_before(sylls: list[Syllable], start: int, words: frozenset[str]) -> bool:
    """Whether one of `words` (phrases of up to three syllables) ends right before `start`."""
    return any(start - width >= 0 and " ".join(s.folded for s in sylls[start - width: start]) in words
               for width in (1, 2, 3))


def _inner_capital(word: str) -> bool:
    """A capital right after a lower-case letter: "TPBank", "LienVietPostBank"; not "Kramp-Karrenbauer"."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _acronym(word: str) -> bool:
    """An abbreviation in capitals ("HHN", "UBND", "RAMS"; the first part of "ASEAN-Nga"), or a word opening with
    two capitals ("PVPower"): an organisation's, not a person's. Initials keep their full stops ("V.P.")."""
    head = word.split("-")[0]
    return len(head) >= 2 and head[:2].isalpha() and head[:2].isupper() and "." not in head


def _organisation_like(sylls: list[Syllable]) -> bool:
    """A capitalised run that names an organisation or a thing rather than a person (see data/not_names.txt):
    a syllable from that list, or ending with one of its longer words ("Vietcombank", "Vingroup"), a digit, a
    capital inside a word, or an acronym."""
    not_names = lexicons.not_names()
    endings = tuple(w for w in not_names if len(w) >= 4)
    return any(s.folded in not_names or s.folded.endswith(endings) or any(ch.isdigit() for ch in s.text)
               or _inner_capital(s.text) or _acronym(s.text) for s in sylls)


@functools.cache
def _title_filter() -> re.Pattern:
    """A quick test that a sentence can hold a title: only those sentences are tagged."""
    words = sorted(titles(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


# ---------------------------------------------------------------------------------------------------------------
# Parsing one tagged sentence

@dataclass
class Syllable:
    text: str
    tag: str
    token: int
    folded: str = field(init=False)  # looked up in the lexicons many times per syllable

    def __post_init__(self):
        self.folded = self.text.casefold()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() and not (len(self.text) > 1 and self.text.isupper() and "." not in self.text)


@dataclass
class Mention:
    titles: list[tuple[dict, int, int]]  # (title row, start, end) in syllables
    countries: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    name_countries: dict[str, list[str]] = field(default_factory=dict)  # "… Bùi Thanh Sơn và Nga Sergei Lavrov"
    event: str = ""
    span: tuple[int, int] = (0, 0)  # the title chain with its qualifiers, in syllables
    # countries named inside the organisation's name ("Bộ Phát triển Kinh tế Nga"): the holder's, unless stronger
    # evidence (a qualifier, the title, people.csv, a Vietnamese family name) says otherwise
    organisation_countries: list[str] = field(default_factory=list)
    own: dict[int, list[str]] = field(default_factory=dict)  # title index → the organisations named after it


def _text(sylls: list[Syllable], start: int, end: int) -> str:
    """The syllables `sylls[start:end]` as written, separated by spaces: a name."""
    return " ".join(s.text for s in sylls[start:end])


def _join(sylls: list[Syllable]) -> str:
    """Syllables back to text: no space inside brackets or before a comma."""
    text = " ".join(s.text for s in sylls)
    return re.sub(r"\( | \)| ,", lambda m: m.group(0).strip(), text).rstrip(" ,")


def _syllables(tagged: list[list[str]]) -> list[Syllable]:
    """The sentence's syllables with their word's tag and index; name prefixes ("GS.TS") left out."""
    out = []
    for index, (word, tag) in enumerate(tagged):
        if word.casefold() not in lexicons.name_prefixes():
            out += [Syllable(part, tag, index) for part in word.split()]
    return out


def _longest(sylls: list[Syllable], start: int, table: lexicons.PhraseTable) -> int:
    """The end of the longest entry of `table` starting at `start` (0 if none). A country's or a place's name is a
    proper noun: written in lower case it is a common word ("Bộ trưởng Tư pháp": "pháp" is law, not France; "nước
    Cộng hòa …" is a name)."""
    end = table.longest(sylls, start, fold=_FOLDED)
    if end and table is qualifiers() and not any(s.text[:1].isupper() for s in sylls[start:end]) \
            and table.phrase(sylls, start, end, fold=_FOLDED)["kind"] in {"country", "place"}:
        return 0
    return end


def _entry(sylls: list[Syllable], start: int, end: int, table: lexicons.PhraseTable[dict]) -> dict:
    """The row of `table` for the phrase `sylls[start:end]` (an end `_longest` found)."""
    return table.phrase(sylls, start, end, fold=_FOLDED)


def _qualifiers(sylls: list[Syllable], i: int, mention: Mention) -> int:
    """Consume country/organisation words, modifiers ("thường trực", "đặc mệnh toàn quyền"), an organisation's
    acronym ("Chủ tịch Đoàn Chủ tịch RAMS") and parenthesised asides after a title, the post of an envoy ("Đại
    sứ Nga tại Việt Nam", "… tại ASEAN": where the ambassador serves, not whose ambassador) and an organisation
    referred back to (`_referring_organisation`)."""
    table = qualifiers()
    while i < len(sylls):
        if referred := _referring_organisation(sylls, i):
            i = referred
            continue
        if _acronym(sylls[i].text) and not _longest(sylls, i, table) and not _longest(sylls, i, titles()):
            _add_organisation(mention, sylls[i].text)
            i += 1
            continue
        if sylls[i].folded in lexicons.post_prepositions() and (post := _longest(sylls, i + 1, table)) \
                and _entry(sylls, i + 1, post, table)["kind"] in {"country", "place", "organisation"}:
            i = post
            continue
        if pair := _bilateral(sylls, i) or _plural_modifier(sylls, i):  # the same office: like a modifier
            i = pair
            continue
        if sylls[i].text == "(":
            close = next((j for j in range(i, len(sylls)) if sylls[j].text == ")"), None)
            if close is None:
                return i
            inner = i + 1
            while inner < close:
                end = _longest(sylls, inner, table)
                if end:
                    _add_qualifier(_entry(sylls, inner, end, table), mention)
                inner = end or inner + 1
            i = close + 1
            continue
        end = _longest(sylls, i, table)
        if not end:
            return i
        _add_qualifier(_entry(sylls, i, end, table), mention)
        i = end
    return i


REFERRING_WORDS = 3  # syllables of the noun before a demonstrative: "giải đấu", "câu lạc bộ", "công ty"


def _referring_organisation(sylls: list[Syllable], i: int) -> int:
    """The end of up to REFERRING_WORDS syllables in lower case opening with a noun (or an acronym: "CLB"), closed
    by a demonstrative (data/demonstratives.txt), perhaps after "của", at `i` — or after "của", closed by a comma:
    the organisation the article named before ("phó Chủ tịch của giải đấu này, ông …", "Chủ tịch của trường,
    Larry Bacow, …"), so the title names its office in full; 0 if none."""
    possessive = i < len(sylls) and sylls[i].folded in lexicons.possessives()
    j = i + 1 if possessive else i
    if j >= len(sylls) or not (sylls[j].tag.startswith("N") and sylls[j].text.islower() or _acronym(sylls[j].text)):
        return 0
    for k in range(j + 1, min(len(sylls), j + REFERRING_WORDS + 1)):
        if sylls[k].folded in lexicons.demonstratives():
            return k + 1
        if possessive and sylls[k].text == ",":
            return k
        if not (sylls[k].text.isalpha() and sylls[k].text.islower()):
            return 0
    return 0


def _bilateral(sylls: list[Syllable], i: int) -> int:
    """The end of two capitalised words joined by a hyphen or a dash, one of them a country ("Việt-Nga", "Nga -
    Việt"), at `i`: the countries of a bilateral organisation ("Chủ tịch HHN Việt-Nga …"), not a name; 0 if none."""
    def country(word: str) -> bool:
        return (row := qualifiers().get(word.casefold())) is not None and row["kind"] == "country"

    parts = sylls[i].text.split("-")
    if len(parts) >= 2 and all(p[:1].isupper() for p in parts) and any(map(country, parts)):
        return i + 1
    if i + 2 < len(sylls) and sylls[i + 1].text in _DASHES and sylls[i].capitalised and sylls[i + 2].capitalised \
            and (country(sylls[i].text) or country(sylls[i + 2].text)):
        return i + 3
    # countries of more than one syllable: "Việt Nam - Nga", "Nga - Việt Nam"
    first = _country_end(sylls, i)
    if first and first + 1 < len(sylls) and sylls[first].text in _DASHES and (second := _country_end(sylls, first + 1)):
        return second
    return 0


def _country_end(sylls: list[Syllable], i: int) -> int:
    """The end of a country's name (qualifiers.csv) starting at `i`, 0 if none."""
    end = _longest(sylls, i, qualifiers())
    return end if end and _entry(sylls, i, end, qualifiers())["kind"] == "country" else 0


def _plural_modifier(sylls: list[Syllable], i: int) -> int:
    """The end of a plural word, a noun and perhaps "của" after a title ("Chủ tịch hai viện của Nghị viện A và B",
    "Bộ trưởng Ngoại giao hai nước A và B"): the title is each named person's; 0 if none."""
    if i + 1 >= len(sylls) or sylls[i].folded not in lexicons.plural_markers() or sylls[i + 1].tag != "N" \
            or not sylls[i + 1].text.islower() or sylls[i + 1].token == sylls[i].token:
        return 0
    return i + 3 if i + 2 < len(sylls) and sylls[i + 2].folded in lexicons.possessives() else i + 2


def _add_organisation(mention: Mention, organisation: str) -> None:
    """An organisation named after the chain's latest title."""
    mention.organisations.append(organisation)
    mention.own.setdefault(len(mention.titles) - 1, []).append(organisation)


def _add_qualifier(row: dict, mention: Mention) -> None:
    if row["kind"] == "modifier":  # "Phó Chủ tịch thường trực": the same office
        return
    if row["kind"] == "place":  # "Thị trưởng Moskva": the city's country, if nothing surer gives one
        mention.organisation_countries.append(row["country"])
        return
    if row["kind"] == "country":
        mention.countries.append(row["value"])
    else:
        _add_organisation(mention, row["value"])
        if row["country"]:
            mention.countries.append(row["country"])


def _name_at(sylls: list[Syllable], i: int) -> int:
    """The end of a person's name starting at `i` (0 if none): capitalised syllables or initials ("V.").

    A country word ends the name ("… Bùi Thanh Sơn và Nga Sergei Lavrov") unless underthesea put it inside the
    same word as the name's start ("Vũ Đức Đam": "Đức" is also Germany).
    """
    j = i
    while j < len(sylls) and sylls[j].capitalised and not _longest(sylls, j, titles()) and not _weekday_at(sylls, j) \
            and not (j > i and sylls[j].token != sylls[j - 1].token and _longest(sylls, j, qualifiers())):
        j += 1
    if j == i:
        return 0
    known = _known(_text(sylls, i, j))
    # a proper noun, or a Vietnamese full name the tagger missed ("Lê Thị Hoa" glued to the next verb, tagged N)
    vietnamese = 3 <= j - i <= 4 and sylls[i].text in vietnamese_surnames()
    proper = (any(s.tag == "Np" for s in sylls[i:j]) or vietnamese) and not _organisation_like(sylls[i:j])
    # a run cut inside a Vietnamese word is part of a phrase ("Đảng Nước Nga Thống nhất"), not a name; foreign
    # names and Vietnamese full names are sometimes glued to the next verb by the segmenter ("Lavrov thăm",
    # "Nguyễn Thu Hà dự" tagged V)
    cut = j < len(sylls) and sylls[j].token == sylls[j - 1].token and not sylls[j - 1].text.isascii() \
        and not (vietnamese and sylls[j].tag == "V")
    return j if (known or (proper and not cut)) and not _longest(sylls, i, qualifiers()) == j else 0


def _weekday_at(sylls: list[Syllable], i: int) -> bool:
    """Whether a weekday's name starts at `i` ("Thứ Hai", "Chủ nhật": data/date_words.yaml): written with a capital,
    it ends a name rather than goes on with it ("Ngoại trưởng Sergei Lavrov Chủ nhật tuyên bố …")."""
    return any(" ".join(s.folded for s in sylls[i: i + width]) in _weekdays() for width in (1, 2))


@functools.cache
def _weekdays() -> frozenset[str]:
    return frozenset(day.casefold() for day in lexicons.date_words()["weekdays"])


def _known(name: str) -> bool:
    """A person of people.csv, by one of the spellings, by initials ("V.I. Matvienko") or with a patronymic."""
    return name.casefold() in people()[0] or bool(_known_by_initials(name) or _known_by_parts(name))


def _name_before(sylls: list[Syllable], end: int) -> tuple[int, int]:
    """A name ending right before `end` (its start and end), or (0, 0)."""
    start = end
    while start > 0 and sylls[start - 1].capitalised:
        start -= 1
    # a title, an honorific, or a capitalised word that is no proper noun before one ("Theo Nguyễn Tùng Lâm, …")
    while start < end:
        if (country := _longest(sylls, start, qualifiers())) and country < end:  # "Tổng thống Nga Vladimir Putin, …"
            start = country
        elif (_longest(sylls, start, titles()) or sylls[start].folded in _honorific_syllables()
              or (sylls[start].tag != "Np" and any(s.tag == "Np" for s in sylls[start + 1: end]))):
            start += 1
        else:
            break
    return (start, end) if start < end and _name_at(sylls, start) == end else (0, 0)


def _title_chain(sylls: list[Syllable], i: int, mention: Mention) -> int:
    """Titles joined by commas or "kiêm", each with its qualifiers — or with the name of an organisation that holds
    no person's name ("Phó Bí thư Quân ủy Trung ương, Bộ trưởng Bộ Quốc phòng"); returns where the chain ends."""
    table = titles()
    while True:
        end = _longest(sylls, i, table)
        if not end:
            return i
        mention.titles.append((_entry(sylls, i, end, table), i, end))
        i = _qualifiers(sylls, end, mention)
        if portfolio := _second_portfolio(sylls, i, mention.titles[-1][0]):
            # "Bộ trưởng Ngoại giao và Nội vụ Séc …": a second ministry, the generic title's
            mention.titles.append((_generic_title()[mention.titles[-1][0]["generic"]], i + 1, portfolio))
            _add_organisation(mention, _join(sylls[i + 1:portfolio]))
            i = _qualifiers(sylls, portfolio, mention)
        for at in (i, _unnamed_organisation(sylls, i)):
            joined = _joiner_then_title(sylls, at)
            if joined:
                if at > i:
                    _add_organisation(mention, _join(sylls[i:at]))
                i = joined
                break
        else:
            return i


def _second_portfolio(sylls: list[Syllable], i: int, row: dict) -> int:
    """The end of a second portfolio joined by "và" to a minister's title that names its ministry ("Bộ trưởng
    Ngoại giao và Nội vụ"): one word in common nouns opening with a capital, then a country, a proper noun or
    the end of the clause; 0 if none. A ministry named with "và" of its own ("Bộ trưởng Kế hoạch và Đầu tư") has
    no specific title, so it is not split."""
    if not (row["organisation"] and row["generic"] in _generic_title()) or i + 1 >= len(sylls) \
            or sylls[i].folded != "và" or not sylls[i + 1].text[:1].isupper() or sylls[i + 1].tag == "Np" \
            or _longest(sylls, i + 1, qualifiers()) or _longest(sylls, i + 1, titles()):
        return 0
    end = i + 2
    while end < len(sylls) and sylls[end].token == sylls[i + 1].token:
        end += 1
    after = sylls[end] if end < len(sylls) else None
    return end if after is None or after.tag == "Np" or after.text in _BREAKS \
        or _longest(sylls, end, qualifiers()) else 0


@functools.cache
def _generic_title() -> dict[str, dict]:
    """Generic role → its own row of titles.csv ("Minister" → "Bộ trưởng")."""
    return {row["role"]: row for row in titles().values() if row["role"] and not row["generic"]
            and not row["organisation"] and not row["country"]}


def _joiner_then_title(sylls: list[Syllable], i: int) -> int:
    """Where the next title starts when a joiner ("," "kiêm" …) and a title follow `i`, or a title follows with the
    comma left out ("Phó Thủ tướng Bộ trưởng Ngoại giao Phạm Bình Minh"), else 0."""
    if i < len(sylls) and _title_at(sylls, i):
        return i
    for joiner in lexicons.title_joiners():
        width = len(joiner.split())
        if " ".join(s.folded for s in sylls[i: i + width]) == joiner and _longest(sylls, i + width, titles()):
            return i + width
    return 0


def _unnamed_organisation(sylls: list[Syllable], i: int) -> int:
    """The end of an organisation's name after a title that holds no person's name (no proper noun outside the
    qualifiers), up to the next punctuation or a joiner before another title: "Quân ủy Trung ương" in "Phó Bí thư
    Quân ủy Trung ương, …", "Nội vụ" in "Bộ trưởng Nội vụ kiêm Ngoại trưởng …"; `i` when none starts there."""
    if i >= len(sylls) or not sylls[i].text[:1].isupper() or (sylls[i].tag == "Np"
                                                             and not _organisation_like([sylls[i]])):
        return i
    j = i
    while j < min(len(sylls), i + ORGANISATION_WINDOW) and sylls[j].text not in _BREAKS:
        if j > i and _joiner_then_title(sylls, j) > j:  # "Bộ trưởng Nội vụ kiêm Ngoại trưởng …": a portfolio
            return j
        if _longest(sylls, j, titles()) and not _inside_a_name(sylls, j):
            return i
        if country := _longest(sylls, j, qualifiers()):
            j = country
            continue
        if sylls[j].tag == "Np" and not _organisation_like([sylls[j]]):
            return i
        j += 1
    return j


def _marker_before(sylls: list[Syllable], start: int) -> tuple[str, int]:
    """An event or former marker ending right before a title: (event, where the marker starts)."""
    table = lexicons.title_markers()
    for width in range(_marker_width(), 0, -1):
        if start - width >= 0 and (key := " ".join(s.folded for s in sylls[start - width: start])) in table:
            return table[key], start - width
    return "", start


@functools.cache
def _marker_width() -> int:
    """The syllables of the longest marker of title_markers.csv ("được bổ nhiệm vào cương vị": six)."""
    return max(len(marker.split()) for marker in lexicons.title_markers())


def _title_at(sylls: list[Syllable], i: int) -> bool:
    """Whether a title starts at `i` and is one: not plural ("hai Bộ trưởng"), not the end of a deputy's title the
    lexicon lacks ("Phó Tổng giám đốc" is no Tổng giám đốc), not the start of a longer word ("Đại sứ quán"), not part
    of an organisation's name (`_inside_a_name`)."""
    end = _longest(sylls, i, titles())
    if not end or (i > 0 and sylls[i - 1].folded in lexicons.plural_markers() | lexicons.deputy_words()) \
            or _inside_a_name(sylls, i):
        return False
    longer = end < len(sylls) and sylls[end].token == sylls[end - 1].token and sylls[end].text[:1].islower()
    return not longer or _modifier_at(sylls, end)  # "Tổng giám đốc điều hành" (one word): the same office


def _modifier_at(sylls: list[Syllable], i: int) -> bool:
    """Whether a modifier of qualifiers.csv ("thường trực", "điều hành") starts at `i` and ends its word."""
    end = _longest(sylls, i, qualifiers())
    return bool(end) and _entry(sylls, i, end, qualifiers())["kind"] == "modifier" \
        and (end == len(sylls) or sylls[end].token != sylls[end - 1].token)


def _inside_a_name(sylls: list[Syllable], i: int) -> bool:
    """Whether the title at `i` is part of an organisation's or a building's name (data/organisation_words.txt):
    "Hội đồng Bộ trưởng" is the Council of Ministers, whose chair is no minister, "Phủ Thủ tướng" a building."""
    return _phrase_before(sylls, i, lexicons.organisation_words())


_OPENING_QUOTES = frozenset({"“", "«", "‘"})
_STRAIGHT_QUOTES = frozenset({'"', "'"})  # the same mark opens and closes


def _names_a_thing(sylls: list[Syllable], i: int) -> bool:
    """Whether the title at `i` opens a quotation right after a common noun: the name of a ship, a book, a film
    ("tàu “Thủ tướng …”", "cuốn sách “Tổng thống …”"), not an official; quoted speech opens after a verb or a
    colon. A straight quote opens one only after an even number of the same mark ("đang "dưới trướng" Tổng thống
    Mỹ …": it closes)."""
    if i < 2 or sylls[i - 2].tag != "N":
        return False
    mark = sylls[i - 1].text
    return mark in _OPENING_QUOTES or (mark in _STRAIGHT_QUOTES
                                       and sum(s.text == mark for s in sylls[: i - 1]) % 2 == 0)


def parse(tagged: list[list[str]], cut: bool = False) -> list[Mention]:
    """Titled mentions in one POS-tagged sentence; with `cut` (the excerpt stops inside the sentence), a name that
    runs to its end is kept only if it is a known person's or a full name of three syllables or more."""
    sylls = _syllables(tagged)
    mentions, i = [], 0
    while i < len(sylls):
        if not _title_at(sylls, i) or _names_a_thing(sylls, i):
            i += 1
            continue
        mention = Mention(titles=[])
        end = _title_chain(sylls, i, mention)
        mention.span = (i, end)
        mention.event, marker_start = _marker_before(sylls, i)
        if (holder := _joined_to(sylls, i, mentions)) is not None:  # "… kiêm Tổng giám đốc Hanwha Energy Việt Nam"
            mention.names = list(holder.names)
            mentions.append(mention)
            i = end
            continue
        heads = mention.titles[-1][0]["role"] in lexicons.organisation_heads()
        post = _apposed_post(sylls, marker_start, end) if heads else (0, 0, 0, 0)
        name_start, name_end = (end, 0) if post[1] else _direct_name(sylls, end, mention)
        if name_start > end:  # "Chủ tịch Vabiotech Đỗ Tuấn Đạt": the first word names the organisation
            _add_organisation(mention, _join(sylls[end:name_start]))
            end = name_start
        run_end = (name_end or _organisation_run(sylls, end)) if heads else 0
        apposed = _apposed_name(sylls, end, run_end) if run_end else (0, 0)
        if name_end and heads and not apposed[1] and _organisation_in_apposition(sylls, marker_start, end, name_end):
            # "ông Phan Minh Thông, Tổng giám đốc Phúc Sinh, cho biết": the run after the title is his company
            _add_organisation(mention, _text(sylls, end, name_end))
            end, name_end = name_end, 0
        elif name_end and heads and not apposed[1] and _organisation_abroad(sylls, end, name_end):
            # "Tổng giám đốc Samsung tại Việt Nam Choi Joo Ho": the company, its post, perhaps then the holder
            _add_organisation(mention, _text(sylls, end, name_end))
            end = _places_after(sylls, name_end + 1)
            name_end = stop if (stop := _name_at(sylls, end)) and _holder_rank(sylls, end, stop) else 0
        organisation = (0, 0) if name_end or post[1] else _organisation_then_name(sylls, end, mention)
        if post[1]:  # "Andrea Agnelli (chủ tịch của Juventus)", "ông A - Chủ tịch Tân Phát": its organisation
            _add_organisation(mention, _join(sylls[post[0]:post[1]]))
            mention.names.append(_text(sylls, post[2], post[3]))
            end = post[1]
        elif apposed[1]:  # "Chủ tịch Juventus, Andrea Agnelli": the first run names the organisation
            _add_organisation(mention, _text(sylls, end, run_end))
            mention.names.append(_text(sylls, apposed[0], apposed[1]))
            end = apposed[1]
        elif name_end:
            mention.names.append(_text(sylls, end, name_end))
            end = _country_after_name(sylls, _coordinated(sylls, name_end, mention), mention)
        elif organisation[1]:  # "Chủ nhiệm Ủy ban Đối ngoại của Quốc hội Nguyễn Văn Giàu"
            _add_organisation(mention, _join(sylls[end:organisation[0]]))
            mention.organisation_countries += _countries_in(sylls, end, organisation[0])
            mention.names.append(_text(sylls, organisation[0], organisation[1]))
            end = _coordinated(sylls, organisation[1], mention)
        elif (dashed := _dashed_name(sylls, end))[1]:  # a caption: "Đại sứ Việt Nam tại Nga - Ngô Đức Mạnh."
            mention.names.append(_text(sylls, dashed[0], dashed[1]))
            end = dashed[1]
        elif (dash := _dash_after_organisation(sylls, end)) and (dashed := _dashed_name(sylls, dash))[1]:
            _add_organisation(mention, _join(sylls[end:dash]))  # "Chủ tịch UBND tỉnh Thái Bình - Lê Quốc Hùng, …"
            mention.organisation_countries += _countries_in(sylls, end, dash)
            mention.names.append(_text(sylls, dashed[0], dashed[1]))
            end = dashed[1]
        elif (addressed := _honorific_name_after(sylls, end, mention))[1]:  # "Bộ trưởng Quốc phòng Nga, ông …"
            mention.names.append(_text(sylls, addressed[0], addressed[1]))
            end = addressed[1]
        elif mention.event and mention.event != "former":
            start, stop = _name_before(sylls, marker_start)
            if stop:
                mention.names.append(_text(sylls, start, stop))
        elif (apposed_before := _apposition_after(sylls, marker_start, mention, end))[1]:
            mention.names.append(_text(sylls, *apposed_before))
        if mention.names and end > mention.span[1] and (restart := _other_holders_title(sylls, mention, end)):
            i = restart  # "Gặp Tổng thống Nga, Thủ tướng Phạm Minh Chính đề nghị …": the name is the second title's
            continue
        if mention.names and _closed_term_after(sylls, end):
            mention.event = "former"  # "Tổng thống Boris Yeltsin (1991-1999)": a term, or a life, that has ended
        if mention.event in {"aide", "candidate"}:  # "Trợ lý Tổng thống Nga Yury Ushakov": the aide holds no title
            mention.names.clear()
        if cut and mention.names and end >= len(sylls) and not _known(mention.names[-1]) \
                and len(mention.names[-1].split()) < 3:
            mention.names.pop()  # "… và Chủ tịch Quốc hội Việt": the excerpt stops inside the name
        if mention.names:
            mentions.append(mention)
        i = max(end, i + 1)
    return mentions


def _joined_to(sylls: list[Syllable], i: int, mentions: list[Mention]) -> Mention | None:
    """The sentence's last mention when a joiner other than a comma ("kiêm", "đồng thời là") stands right before
    the title at `i` with no clause end since that mention's titles: the title is its holder's too, and the run
    after it names the organisation, not a person ("ông A, Phó Chủ tịch Hanwha Energy kiêm Tổng giám đốc Hanwha
    Energy Việt Nam"). A comma joins titles only within a chain (`_title_chain`)."""
    if not mentions or not mentions[-1].names:
        return None
    previous = mentions[-1]
    for joiner in lexicons.title_joiners():
        width = len(joiner.split())
        if joiner != "," and i - width >= previous.span[1] \
                and " ".join(s.folded for s in sylls[i - width: i]) == joiner \
                and not any(s.text in _CLAUSE_ENDS for s in sylls[previous.span[0]: i - width]):
            return previous
    return None


_CLOSED_TERM = re.compile(r"^\d{4}\s*[-–]\s*\d{4}$")


def _closed_term_after(sylls: list[Syllable], end: int) -> bool:
    """Whether two years in brackets follow the name ending at `end` ("Boris Yeltsin (1991-1999)"): the years of a
    term that ended, or of a life, so the title is history; one year ("sinh năm 1950") or an open term is not."""
    if end >= len(sylls) or sylls[end].text != "(":
        return False
    close = next((j for j in range(end, len(sylls)) if sylls[j].text == ")"), None)
    return close is not None and bool(_CLOSED_TERM.match("".join(s.text for s in sylls[end + 1: close])))


def _other_holders_title(sylls: list[Syllable], mention: Mention, end: int) -> int:
    """Where the chain's titles after a comma begin when those before it are someone else's, unnamed (0 if they are
    all the named holder's): an office of another country than the holder's ("Tổng thống Nga, Chủ tịch nước Lương
    Cường …", "Hội đàm với Thủ tướng Nhật Bản, Thủ tướng Phạm Minh Chính …"), or a country's office in a fronted
    phrase a preposition or a verb governs, the holder's name then opening the main clause before its verb ("Sau
    khi gặp Tổng thống Nga, Ngoại trưởng Sergei Lavrov cho biết …"; not "Theo Phó Thủ tướng, Bộ trưởng Ngoại giao
    Phạm Bình Minh, …")."""
    first = mention.titles[0][1]
    for k, (_, start, _) in enumerate(mention.titles[1:], 1):
        if sylls[start - 1].text != ",":
            continue
        head = _chain_countries(sylls, mention.titles[:k], first, start - 1)
        tail = _chain_countries(sylls, mention.titles[k:], start, mention.span[1]) | _name_countries(mention.names[0])
        if head and tail and not head & tail:
            return start
        if head and _governed(sylls, first) and end < len(sylls) and _verb_at(sylls, end):
            return start
    return 0


def _chain_countries(sylls: list[Syllable], chain: list[tuple[dict, int, int]], start: int, end: int) -> set[str]:
    """The countries a part of a title chain names: its qualifiers' in `sylls[start:end]` and its titles' own
    ("Chủ tịch nước" is Vietnam's)."""
    return set(_countries_in(sylls, start, end)) | {row["country"] for row, _, _ in chain if row["country"]}


def _name_countries(name: str) -> set[str]:
    """The country a name itself gives: a known person's (people.csv), or Vietnam for a Vietnamese full name."""
    aliases, countries = people()
    if known := countries.get(aliases.get(name.casefold(), "")):
        return {known}
    return {"VN"} if len(name.split()) >= 2 and name.split()[0] in vietnamese_surnames() else set()


def _direct_name(sylls: list[Syllable], start: int, mention: Mention) -> tuple[int, int]:
    """The name right after a title chain: (start, end), end 0 if none. After an organisation's acronym ("Tổng
    Giám đốc PV Power"; not an envoy's post, "Đại sứ Nga tại ASEAN …") the run must look like a person's name (see
    `_holder_rank`). A run of five syllables or
    more, or one whose first word is in Latin letters only, that holds a surer name further on ("Vabiotech Đỗ
    Tuấn Đạt", "Hà Nội Lê Hồng Sơn") starts with its organisation or place: the name is that later part."""
    end = _name_at(sylls, start)
    if not end or _known(_text(sylls, start, end)):
        return start, end
    if start > mention.titles[-1][2] and _acronym(sylls[start - 1].text) \
            and sylls[start - 2].folded not in lexicons.post_prepositions() and _holder_rank(sylls, start, end) is None:
        return start, 0
    if end - start >= 3 and all(s.text.isascii() for s in sylls[start:end]) \
            and _phrase_before(sylls, start, lexicons.place_openers()):
        # "Tổng thống Cộng hòa Tatarstan Rustam Minnikhanov", "Thị trưởng Paris Anne Hidalgo": a place, then the
        # holder — a sure name, else the last two words
        for k in range(start + 1, end - 1):
            if sylls[k].token != sylls[k - 1].token and _sure_holder(sylls, k, end):
                return k, end
        if sylls[end - 2].token != sylls[end - 3].token and _holder_rank(sylls, end - 2, end) is not None:
            return end - 2, end
    first_foreign = sylls[start].text.isascii() and not _INITIALS.match(sylls[start].text)
    if first_foreign and _company_before_name(sylls, start, end, mention):
        return start + 1, end
    if end - start >= LONGER_THAN_A_NAME or first_foreign:
        for k in range(start + 1, end):
            if sylls[k].token != sylls[k - 1].token and _sure_holder(sylls, k, end):
                return k, end
    return start, end


def _company_before_name(sylls: list[Syllable], start: int, end: int, mention: Mention) -> bool:
    """Whether the first word of the Latin run `sylls[start:end]` after the title of an organisation's head names
    the organisation ("Chủ tịch Gazprom Alexei Miller"): no organisation named yet, the word a token of its own and
    the rest, two or three words, a foreign name the segmenter keeps together as one ("Alexei Miller"; not "Kim
    Jong Un", one token) — or the word glued to a given name that opens the rest ("Rosatom Alexei" + "Likhachev")
    — with no patronymic ("Ivan Sergeyevich Petrov" is one name)."""
    rest = start + 1
    if not 3 <= end - start <= 4:
        return False
    patronymic = tuple(lexicons.patronymic_suffixes())
    apart = sylls[rest].token != sylls[start].token and sylls[rest + 1].token == sylls[rest].token
    return mention.titles[-1][0]["role"] in lexicons.organisation_heads() and not mention.organisations \
        and (apart or _glued_given_name(sylls, rest)) and _holder_rank(sylls, rest, end) is not None \
        and not any(s.folded.endswith(patronymic) for s in sylls[start:end])


def _glued_given_name(sylls: list[Syllable], i: int) -> bool:
    """Whether a foreign given name at `i` shares its token with the word before it: the segmenter glued an
    organisation's name to the holder's. The name is a given name of data/given_names.txt or of people.csv
    ("Rosatom Alexei"), or a capitalised word no Vietnamese syllable can be after a Vietnamese word in lower case
    ("Bộ trưởng An ninh Nội địa Alejandro Mayorkas"; not "Kim Jong Un", one name)."""
    if i == 0 or sylls[i].token != sylls[i - 1].token:
        return False
    previous = sylls[i - 1].text
    return sylls[i].folded in _given_names() or (sylls[i].capitalised and not vietnamese_syllable(sylls[i].text)
                                                 and previous.islower() and vietnamese_syllable(previous))


@functools.cache
def _given_names() -> frozenset[str]:
    foreign = {person.split()[0].casefold() for person, country in people()[1].items() if country != "VN"}
    return lexicons.given_names() | foreign


# Punctuation that ends an organisation's name after a title (a hyphen inside a word, "Việt-Nga", does not).
_BREAKS = frozenset(",;.:()[]?!\"“”|–—-…/")
ORGANISATION_WINDOW = 16  # syllables: the longest organisation name looked through for its holder's name


def _organisation_then_name(sylls: list[Syllable], start: int, mention: Mention) -> tuple[int, int]:
    """An organisation named after a title, then its holder ("Chủ nhiệm Ủy ban Đối ngoại của Quốc hội Nguyễn Văn
    Giàu", "Chủ tịch HHN Nga-Việt V.P. Buyanov", "Chủ tịch Hội đồng nhân dân tỉnh Yên Bái Phạm Thị Thanh Trà"):
    the holder's name (start, end), or (0, 0).

    The organisation opens with a capitalised common noun or a word of data/not_names.txt ("Ủy ban", "Nhóm",
    "Đảng"), or follows an acronym the qualifiers took ("Chủ tịch UBND tỉnh …"); it runs without
    punctuation, another title, a verb or adverb in lower case or an honorific in lower case ("… Eximbank và ông Lê
    Minh Quốc - Thành viên HĐQT", "… vị trí Chủ tịch HĐQT cho ông …": a man named there is someone the sentence
    goes on to, not the holder), for at most ORGANISATION_WINDOW syllables, perhaps after "của". Its
    holder is the best name that ends it (followed by one of those or a lower-case word): a known person, then a
    name with initials, then a Vietnamese full name (a family name and one to three more syllables, three
    preferred), then a proper noun of two to four syllables — never one that starts with a country word; else a
    name of that kind set off by the comma that ends it (`_apposed_name`).
    """
    possessive = start + 1 < len(sylls) and sylls[start].folded in lexicons.possessives()
    start += possessive  # "Tổng giám đốc điều hành của Alibaba Trương Dũng": any proper noun there names a thing
    if start >= len(sylls):
        return 0, 0
    first = sylls[start]
    opens = first.text[:1].isupper() and (possessive or first.tag != "Np" or _organisation_like([first]))
    if not (opens or (start > mention.titles[-1][2] and _acronym(sylls[start - 1].text))):
        return 0, 0
    stop, limit, inside = start, min(len(sylls), start + ORGANISATION_WINDOW), set()
    while stop < limit:
        syll = sylls[stop]
        if (country := _bilateral(sylls, stop) or _longest(sylls, stop, qualifiers())) and stop > start:
            inside.update(range(stop, min(country, limit)))
            stop = min(country, limit)
            continue
        if _bracketed_acronym(sylls, stop):  # "Liên đoàn bóng đá thế giới (FIFA)": the name goes on
            inside.update(range(stop, stop + 3))
            stop += 3
            continue
        title = stop > start and _longest(sylls, stop, titles()) and not _inside_a_name(sylls, stop)
        if syll.text in _BREAKS or title or _verb_at(sylls, stop) or _addressed_at(sylls, stop):
            break
        stop += 1
    best, best_rank = (0, 0), None
    for k in range(start + 1, stop):
        # not "Rosatom Alexei", nor a name the segmenter glued to an acronym ("Bộ KH&CN Huỳnh Thành Đạt")
        glued = sylls[k].token == sylls[k - 1].token and not _glued_given_name(sylls, k) \
            and not _acronym(sylls[k - 1].text)
        if glued or not sylls[k].capitalised or k in inside:
            continue
        end = _name_at(sylls, k)
        if not end or end > stop or (end < stop and sylls[end].capitalised) or _place_name(sylls, k, end) \
                or _bracketed_acronym(sylls, end):  # "… Extraterrestrial Intelligence (METI)": its short form
            continue
        rank = _holder_rank(sylls, k, end)
        if rank is not None and rank[0] > SURE_HOLDER and sylls[k - 1].token == first.token and first.tag != "Np" \
                and mention.titles[-1][0]["role"] in lexicons.organisation_heads():
            continue  # "Chủ tịch Công ty Bangsue Chiameng (Thái Lan)": the run names the company, left unnamed else
        if rank is not None and (best_rank is None or rank <= best_rank):
            best, best_rank = (k, end), rank
    if not best[1] and opens and stop > start + 1:  # "Chủ tịch Viện Nghiên cứu … của Huawei, William Xu chia sẻ"
        apposed = _apposed_name(sylls, start, stop)  # not "…, Cần Thơ là …": a place opens the next clause
        return apposed if apposed[1] and _holder_rank(sylls, *apposed) is not None else (0, 0)
    return best


PLACE_NAME_SYLLABLES = 2  # "Hà Nam", "Đà Nẵng": the names of provinces and cities; a person's full name is longer


def _place_name(sylls: list[Syllable], start: int, end: int) -> bool:
    """Whether the name `sylls[start:end]` is a place's, after the word that makes it one: "UBND tỉnh Hà Nam" (Hà
    is a family name too); not a full name of three syllables, the holder's after a province left unnamed ("Phó
    Chủ tịch UBND tỉnh Võ Văn Cảnh")."""
    return end - start <= PLACE_NAME_SYLLABLES and _phrase_before(sylls, start, lexicons.place_openers())


def _bracketed_acronym(sylls: list[Syllable], i: int) -> bool:
    """Whether an acronym in brackets starts at `i`: an organisation's short form after its full name."""
    return i + 2 < len(sylls) and sylls[i].text == "(" and _acronym(sylls[i + 1].text) and sylls[i + 2].text == ")"


def _honorific_at(sylls: list[Syllable], i: int, as_written: bool = False) -> int:
    """The number of syllables of the honorific ("ông", "đồng chí", data/honorifics.txt) starting at `i`, 0 if
    none; `as_written`: only in lower case, as the lexicon writes it (inside a sentence, not opening it)."""
    for honorific in lexicons.honorifics():
        width = len(honorific.split())
        if " ".join(s.text if as_written else s.folded for s in sylls[i: i + width]) == honorific:
            return width
    return 0


def _addressed_at(sylls: list[Syllable], i: int) -> bool:
    """Whether an honorific in lower case ("ông", "đồng chí") starts at `i`: a person is named next."""
    return bool(_honorific_at(sylls, i, as_written=True))


def _countries_in(sylls: list[Syllable], start: int, end: int) -> list[str]:
    """The countries the qualifiers name in `sylls[start:end]`."""
    found, i, table = [], start, qualifiers()
    while i < end:
        if sylls[i].folded in lexicons.post_prepositions():  # "Đại sứ Armenia tại Việt Nam": the post
            i = max(_longest(sylls, i + 1, table), i + 1)
            continue
        stop = _longest(sylls, i, table)
        if stop and stop <= end and (row := _entry(sylls, i, stop, table))["kind"] != "modifier" \
                and (row["country"] or row["kind"] == "country"):
            found.append(row["country"] or row["value"])
        i = stop if stop and stop <= end else i + 1
    return found


def _verb_at(sylls: list[Syllable], i: int) -> bool:
    """A verb or adverb in lower case starts at `i` ("… đã hội kiến", "… tiếp đoàn"): the end of an organisation's
    name. Words with a capital are parts of the name, whatever their tag ("Ủy ban Nhân dân", "Thống nhất")."""
    if sylls[i].tag not in {"V", "R"} or (i > 0 and sylls[i - 1].token == sylls[i].token):
        return False
    j = i
    while j < len(sylls) and sylls[j].token == sylls[i].token:
        if not sylls[j].text[:1].islower():
            return False
        j += 1
    return True


def _holder_rank(sylls: list[Syllable], start: int, end: int) -> tuple[int, int] | None:
    """How surely `sylls[start:end]` names a person after an organisation (lower is surer), or None if not."""
    name = _text(sylls, start, end)
    size = end - start
    if _known(name):
        return 0, 0
    if _longest(sylls, start, qualifiers()):
        return None
    if _INITIALS.match(sylls[start].text) and size >= 2:
        return 1, 0
    if sylls[start].text in vietnamese_surnames() and 2 <= size <= 4:
        return 2, abs(size - 3)
    # a foreign name, in Latin letters ("Kirill Dmitriev"): Vietnamese words without a family name are a place or
    # a region ("Miền Bắc", "Yên Bái"); a first word the segmenter glued to the word before it is tagged with that
    # word, so its shape tells instead ("Nội địa Alejandro" + "Mayorkas")
    if 2 <= size <= 4 and all(s.text.isascii() for s in sylls[start:end]) \
            and all(s.tag == "Np" or not vietnamese_syllable(s.text) for s in sylls[start:end]):
        return 3, 0
    return None


def _sure_holder(sylls: list[Syllable], start: int, end: int) -> bool:
    """Whether `sylls[start:end]` is surely a person's name (`_holder_rank` up to SURE_HOLDER)."""
    rank = _holder_rank(sylls, start, end)
    return rank is not None and rank[0] <= SURE_HOLDER


_INITIALS = re.compile(rf"^(?:{UPPER}\.)+$")


def _dashed_name(sylls: list[Syllable], end: int) -> tuple[int, int]:
    """A name after a title (or the organisation it heads) and a dash, that closes the sentence or clause ("Đại
    sứ Việt Nam tại Liên bang Nga - Ngô Đức Mạnh.", "Chủ tịch UBND tỉnh X - Lê Văn A, đã ký …"), as in captions,
    or follows an honorific ("Phó Chủ tịch tỉnh X - ông Lê Văn A yêu cầu …"): its start and end, or (0, 0)."""
    if end + 1 >= len(sylls) or sylls[end].text not in _DASHES:
        return 0, 0
    start = end + 1 + _honorific_at(sylls, end + 1)
    stop = _name_at(sylls, start)
    closed = stop == len(sylls) or (stop and sylls[stop].text in _BREAKS)
    return (start, stop) if stop and (closed or start > end + 1) else (0, 0)


def _dash_after_organisation(sylls: list[Syllable], start: int) -> int:
    """Where a dash ends the organisation's name that runs from `start` after a title (no other title, verb or
    break before it, at most ORGANISATION_WINDOW syllables): "Chủ tịch Ủy ban nhân dân tỉnh X - …"; not the dash
    of two countries in the name ("Hội Hữu nghị Nga - Việt"); 0 if none."""
    k, limit = start, min(len(sylls), start + ORGANISATION_WINDOW)
    while k < limit:
        if pair := _bilateral(sylls, k):
            k = pair
            continue
        if sylls[k].text in _DASHES:
            return k if k > start else 0
        if sylls[k].text in _BREAKS or _verb_at(sylls, k) or (k > start and _title_at(sylls, k)):
            return 0
        k += 1
    return 0


APPOSED_POSTS = 3  # other posts, set off by commas, that may stand between a name and a title in apposition


def _name_before_posts(sylls: list[Syllable], separator: int) -> tuple[int, int]:
    """The name a title in apposition belongs to, before the comma or dash at `separator`, perhaps past a
    parenthesised aside or up to APPOSED_POSTS other posts the lexicon need not know ("Đỗ Minh Tuấn - Ủy viên …,
    Phó Tư lệnh Quân khu 3, Thứ trưởng Bộ Quốc phòng"): each opens with a capital, perhaps after a former marker
    ("nguyên Giám đốc Bệnh viện K"), and holds no proper noun."""
    for _ in range(APPOSED_POSTS + 1):
        start, stop = _name_before(sylls, _aside_before(sylls, separator))
        if stop:
            return start, stop
        previous = next((j for j in range(separator - 1, -1, -1) if sylls[j].text in _APPOSITION_MARKS), None)
        if previous is None:
            break
        post = previous + 1 + _former_marker_at(sylls, previous + 1)  # "…, nguyên Giám đốc Bệnh viện K, Chủ tịch …"
        if not sylls[post].text[:1].isupper() or _holds_proper_noun(sylls, post, separator):
            break
        separator = previous
    return 0, 0


def _former_marker_at(sylls: list[Syllable], i: int) -> int:
    """The number of syllables of a marker of a former title (title_markers.csv: "nguyên", "cựu") at `i`, 0 if
    none."""
    table = lexicons.title_markers()
    end = table.longest(sylls, i, fold=_FOLDED)
    return end - i if end and table.phrase(sylls, i, end, fold=_FOLDED) == "former" else 0


def _holds_proper_noun(sylls: list[Syllable], start: int, end: int) -> bool:
    """Whether `sylls[start:end]` holds a proper noun that is no country, place or organisation word."""
    i = start
    while i < end:
        if (qualifier := _longest(sylls, i, qualifiers())) and qualifier <= end:
            i = qualifier
            continue
        if sylls[i].tag == "Np" and not _organisation_like([sylls[i]]):
            return True
        i += 1
    return False


def _honorific_name_after(sylls: list[Syllable], end: int, mention: Mention) -> tuple[int, int]:
    """A name after a title chain that names its office in full, a comma and an honorific ("Bộ trưởng Quốc phòng
    Nga, ông Sergei Shoigu"; not "Theo Thủ tướng, ông …", where the man may be anyone) or a bare name that looks
    like a person's (`_holder_rank`) and ends no list ("Chủ tịch UEFA, Aleksander Ceferin đã …"; not "Ngoại
    trưởng Nga, Mỹ và …"): its start and end, or (0, 0). When a preposition or a verb governs the title ("Tiếp Đại
    sứ Nga, ông …", "… gặp với Bộ trưởng …"), the man after it is the subject of the next clause unless the
    apposition is closed by a comma, a dash or the end of the sentence ("Theo Bộ trưởng Quốc phòng Nga, ông Ivan
    Belov, hai bên …")."""
    if end + 2 >= len(sylls) or sylls[end].text != "," or end == mention.titles[-1][2]:
        return 0, 0
    start = end + 1
    start += _honorific_at(sylls, start)
    stop = _name_at(sylls, start)
    if not stop or (start == end + 1 and (_holder_rank(sylls, start, stop) is None
                                          or (_list_goes_on(sylls, stop) and not _apposition_closed(sylls, stop)))):
        return 0, 0
    closed = stop == len(sylls) or sylls[stop].text in _BREAKS
    return (start, stop) if closed or not _governed(sylls, mention.titles[0][1]) else (0, 0)


def _governed(sylls: list[Syllable], start: int) -> bool:
    """Whether a preposition, a verb or a clause opener (data/clause_openers.txt) stands right before `start`."""
    return start > 0 and (sylls[start - 1].tag in {"V", "E"}
                          or _phrase_before(sylls, start, lexicons.clause_openers()))


def _aside_before(sylls: list[Syllable], end: int) -> int:
    """Where a name before `end` ends, past a parenthesised aside ("Sergei Shoigu (Xéc-gây Soi-gu), Bộ trưởng …")."""
    if end >= 1 and sylls[end - 1].text == ")":
        opening = next((j for j in range(end - 2, -1, -1) if sylls[j].text == "("), None)
        if opening:
            return opening
    return end


def _apposition_after(sylls: list[Syllable], start: int, mention: Mention, end: int) -> tuple[int, int]:
    """The name the title chain from `start` to `end` stands after, set off by a comma or a dash, as its apposition
    ("Nguyễn Xuân Phúc, Chủ tịch Hội đồng Quốc phòng và An ninh", "Phan Văn Giang - Ủy viên Bộ Chính trị, …, Bộ
    trưởng Bộ Quốc phòng", "Nguyễn Thanh Long, Bộ trưởng Bộ Y tế đã …"): its start and end, or (0, 0).

    The name must look like a person's (`_apposed_holder`: not "Theo Reuters, Bộ trưởng …", "Tại Kazan, …",
    "Diễn đàn Kinh tế Phương Đông, …"). An apposition left open before a verb is the subject of a new clause
    instead when it is a single bare title after a name with a title of its own ("Đại tướng Phan Văn Giang, Bộ
    trưởng cho biết …" is ambiguous), or when the name holds an office that a preposition or a verb governs ("Nhận
    lời mời của Tổng thống Nga Vladimir Putin, Chủ tịch nước thăm …", "… với Thủ tướng Anh Boris Johnson, Tổng
    thống Pháp cho biết …"; not "Chủ tịch nước Nguyễn Xuân Phúc, Chủ tịch Hội đồng Quốc phòng và An ninh đã …")."""
    separator = _apposition_opens(sylls, start, end)
    if separator is None or _holder_later(sylls, end):
        return 0, 0
    name_start, name_end = _name_before_posts(sylls, separator)
    if not name_end or not _apposed_holder(sylls, name_start, name_end):
        return 0, 0
    if end < len(sylls) and _verb_at(sylls, end):
        bare = len(mention.titles) == 1 and end == mention.titles[-1][2] and not mention.organisations \
            and not mention.countries
        own = _title_before(sylls, name_start, office=True)
        if (bare and _titled_before(sylls, name_start)) or (own is not None and _governed(sylls, own)):
            return 0, 0
    return name_start, name_end


def _apposition_opens(sylls: list[Syllable], start: int, end: int) -> int | None:
    """Where the comma or dash that opens an apposition stands before the title chain `sylls[start:end]`: right
    before it, or before words giving the office now (data/apposition_openers.txt: "Dmitry Medvedev, nay là Phó
    Chủ tịch …") — or the bracket opening an aside the chain closes ("ông Sergei Lavrov (Ngoại trưởng Nga) …");
    None if none does."""
    if start >= 2 and sylls[start - 1].text == "(" and end < len(sylls) and sylls[end].text == ")":
        return start - 1
    for opener in lexicons.apposition_openers():
        width = len(opener.split())
        if " ".join(s.folded for s in sylls[max(0, start - width): start]) == opener:
            start -= width
            break
    return start - 1 if start >= 2 and sylls[start - 1].text in _APPOSITION_MARKS else None


def _apposed_holder(sylls: list[Syllable], start: int, end: int) -> bool:
    """Whether the run `sylls[start:end]` before a title in apposition is its holder: a person's name by
    `_holder_rank`, a sure one right after a clause opener (data/clause_openers.txt: "Theo Reuters", "Tại New York",
    "phỏng vấn Sputnik" name an outlet or a place), not right after an organisation's word (data/not_names.txt:
    "bệnh viện Bạch Mai") or a place's, and not the end of a longer capitalised name. A run of two
    syllables or more after an honorific is a person's, whatever its letters ("ông Tập Cận Bình, Chủ tịch …")."""
    if end - start >= 2 and start > 0 and sylls[start - 1].folded in _honorific_syllables():
        return True
    if start > 0 and (sylls[start - 1].folded in lexicons.not_names() or _place_name(sylls, start, end)):
        return False  # "Giám đốc bệnh viện Bạch Mai, đại biểu Quốc hội …": the run names the hospital
    rank = _holder_rank(sylls, start, end)
    if rank is None or _ends_longer_name(sylls, start):
        return False
    return rank[0] <= SURE_HOLDER or not _phrase_before(sylls, start, lexicons.clause_openers())


def _ends_longer_name(sylls: list[Syllable], start: int) -> bool:
    """Whether the capitalised run from `start` ends a longer name of capitalised words: the word before it opens
    with a capital but goes on in lower case ("Kinh tế" in "Diễn đàn Kinh tế Phương Đông"), after another word with
    a capital that does not open the sentence (where any word has one: "Giáo sư Lê Văn Hùng, …"), and ends no title
    ("Thủ tướng Lê Văn A")."""
    words = _words_before(sylls, start, 2)
    if len(words) < 2 or words[1][0] == 0:
        return False
    (near, near_end), (far, _) = words
    return sylls[near].text[:1].isupper() and not sylls[near_end - 1].capitalised \
        and sylls[far].text[:1].isupper() and not _titled_before(sylls, start)


def _words_before(sylls: list[Syllable], start: int, count: int) -> list[tuple[int, int]]:
    """The (start, end) of up to `count` words (tokens) before `start`, nearest first."""
    words, end = [], start
    while end > 0 and len(words) < count:
        first = end - 1
        while first > 0 and sylls[first - 1].token == sylls[end - 1].token:
            first -= 1
        words.append((first, end))
        end = first
    return words


def _holder_later(sylls: list[Syllable], end: int) -> bool:
    """Whether the title chain ending at `end` has its own holder further on, past an organisation's name that
    dashes and brackets interrupt ("…, Chủ tịch HĐQT Tổng Công ty X – CTCP (XPower) Hồ Công Kỳ"): a known person,
    a name with initials or a Vietnamese full name (no place: "UBND tỉnh Hà Nam") before the next comma, another
    title, a verb or an honorific in lower case ("… Eximbank và ông Lê Minh Quốc - Thành viên HĐQT": another
    man)."""
    i = end
    while i < len(sylls) and sylls[i].text not in _CLAUSE_ENDS and not _title_at(sylls, i) \
            and not _verb_at(sylls, i) and not _addressed_at(sylls, i):
        if place := _longest(sylls, i, qualifiers()):  # "TP Hồ Chí Minh" is no person
            i = place
            continue
        if (i == end or sylls[i].token != sylls[i - 1].token) and sylls[i].capitalised \
                and (stop := _name_at(sylls, i)) and _sure_holder(sylls, i, stop) and not _place_name(sylls, i, stop):
            return True
        i += 1
    return False


def _titled_before(sylls: list[Syllable], start: int, office: bool = False) -> bool:
    """Whether a title chain (with its qualifiers) ends right before `start`; with `office`, one that names an
    office, not ranks and party posts alone ("Đại tướng Phan Văn Giang, Bộ trưởng …")."""
    return _title_before(sylls, start, office) is not None


def _title_before(sylls: list[Syllable], start: int, office: bool = False) -> int | None:
    """Where a title chain ending right before `start` begins (see `_titled_before`), or None."""
    for p in range(max(0, start - TITLE_CHAIN_REACH), start):
        if _title_at(sylls, p) and _title_chain(sylls, p, chain := Mention(titles=[])) == start:
            if not office or any(row["role"] for row, _, _ in chain.titles):
                return p
    return None


def _organisation_in_apposition(sylls: list[Syllable], title: int, start: int, end: int) -> bool:
    """Whether the run `sylls[start:end]` after the head of an organisation's title ("Tổng giám đốc Phúc Sinh")
    names the organisation, the title standing in apposition to a person named with an honorific before it ("ông
    Phan Minh Thông, Tổng giám đốc Phúc Sinh, …"): the run, perhaps with the countries or places it serves ("ông
    …, Tổng giám đốc Qualcomm Việt Nam, Lào và Campuchia"), closes the apposition or the sentence and is no known
    person, no Vietnamese name and no name with initials."""
    close = _places_after(sylls, end)
    if title < 2 or sylls[title - 1].text not in _APPOSITION_MARKS \
            or (close < len(sylls) and sylls[close].text not in _CLAUSE_ENDS):
        return False
    if _sure_holder(sylls, start, end):
        return False
    before, stop = _name_before(sylls, _aside_before(sylls, title - 1))
    return bool(stop) and before > 0 and sylls[before - 1].folded in _honorific_syllables()


def _apposed_post(sylls: list[Syllable], start: int, end: int) -> tuple[int, int, int, int]:
    """The organisation named after the head of an organisation's title set off after a person's name by a
    bracket or a dash, up to where the bracket closes ("Andrea Agnelli (chủ tịch của Juventus)") or the
    apposition ends — at a break, another title or a verb ("ông Lê Văn Hải (bầu Hải) - Chủ tịch Tân Phát đã …"):
    its start and end — past a possessive ("của") — then the start and end of the person's name; all 0 if none.
    The run names the organisation whatever it looks like (Vietnamese companies bear names: "Hoàng Phúc"), unless
    it holds a known person's name, or inside a bracket any name of which the text is sure ("… (Chủ tịch Tập Cận
    Bình)"). After a name with a title of its own the run must look like an organisation's, not open with a proper
    noun ("Bộ trưởng A - Chủ tịch Ủy ban …"; not "cuộc gặp Tổng thống Putin - Chủ tịch Tập Cận Bình": two
    leaders)."""
    if start < 2 or sylls[start - 1].text not in {"("} | _DASHES:
        return 0, 0, 0, 0
    bracket = sylls[start - 1].text == "("
    before = _name_before(sylls, start - 1 if bracket else _aside_before(sylls, start - 1))
    if not before[1] or not _apposed_holder(sylls, *before):
        return 0, 0, 0, 0
    first = end + 1 if end < len(sylls) and sylls[end].folded in lexicons.possessives() else end
    limit = min(len(sylls), first + ORGANISATION_WINDOW)
    # a caption may end without a stop: "Ảnh: Bà Lê Thu Hà - Tổng giám đốc Intelsoft"
    close = next((k for k in range(first, limit) if _post_ends(sylls, k, first, bracket)),
                 len(sylls) if limit == len(sylls) and not bracket else None)
    if close is None or close == first or (bracket and sylls[close].text != ")"):
        return 0, 0, 0, 0
    if not (sylls[first].text[:1].isupper() or sylls[first].folded in lexicons.place_openers()):  # "UBND xã Ia Kha"
        return 0, 0, 0, 0
    if _titled_before(sylls, before[0]) and sylls[first].tag == "Np" and not _organisation_like(sylls[first:close]):
        return 0, 0, 0, 0  # "cuộc gặp Tổng thống Putin - Chủ tịch Tập Cận Bình": two leaders
    for k in range(first, close):
        stop = _name_at(sylls, k) if sylls[k].capitalised else 0
        if stop and stop <= close and (_known(_text(sylls, k, stop)) or (bracket and _sure_holder(sylls, k, stop))):
            return 0, 0, 0, 0
    return first, close, *before


def _post_ends(sylls: list[Syllable], i: int, first: int, bracket: bool) -> bool:
    """Whether the organisation of `_apposed_post` ends at `i`: a bracket's close, or for a dash any break, another
    title or a verb in lower case."""
    if sylls[i].text in _BREAKS:
        return not bracket or sylls[i].text in "()"
    return not bracket and i > first and (_verb_at(sylls, i) or _title_at(sylls, i))


def _organisation_abroad(sylls: list[Syllable], start: int, end: int) -> bool:
    """Whether the one word `sylls[start:end]` after the head of an organisation's title names the organisation by
    the country or place of its office that follows ("Tổng giám đốc Qualcomm tại Việt Nam"): a word that is no known
    person's, then "tại" (data/post_prepositions.txt) and a country or place."""
    if end - start != 1 or end + 1 >= len(sylls) or _known(sylls[start].text) \
            or sylls[end].folded not in lexicons.post_prepositions():
        return False
    return _places_after(sylls, end + 1) > end + 1


def _places_after(sylls: list[Syllable], i: int) -> int:
    """The end of the country and place names (qualifiers.csv) that follow `i`, one after another."""
    while (end := _longest(sylls, i, qualifiers())) and _entry(sylls, i, end, qualifiers())["kind"] in {"country",
                                                                                                         "place"}:
        i = end
    return i


def _country_after_name(sylls: list[Syllable], end: int, mention: Mention) -> int:
    """A country named after the name with a possessive ("Chủ tịch Tập Cận Bình của Trung Quốc"): the office's,
    like a qualifier before the name. Returns where it ends (`end` if there is none)."""
    if end + 1 >= len(sylls) or sylls[end].folded not in lexicons.possessives():
        return end
    stop = _longest(sylls, end + 1, qualifiers())
    if not stop or (row := _entry(sylls, end + 1, stop, qualifiers()))["kind"] != "country":
        return end
    mention.countries.append(row["value"])
    return stop


def _organisation_run(sylls: list[Syllable], start: int) -> int:
    """The end of a run of capitalised syllables from `start` that names an organisation, not a person
    (`_organisation_like`: "European Super League"), or 0."""
    end = start
    while end < len(sylls) and sylls[end].capitalised and not _title_at(sylls, end):
        end += 1
    return end if end > start and _organisation_like(sylls[start:end]) else 0


def _apposed_name(sylls: list[Syllable], start: int, end: int) -> tuple[int, int]:
    """A name set off by a comma after the run that follows a title ("Chủ tịch Real Madrid, Florentino Perez"),
    which makes that run an organisation: its start and end, or (0, 0). Not after a known person or a Vietnamese
    name, not one unknown word after a run of two or more, nor when a list goes on ("Thủ tướng A, B và C") or
    another title follows — a comma that closes the apposition before the clause goes on in lower case ends no
    list ("Chủ tịch Real Madrid, Florentino Perez, cũng là …")."""
    first = _text(sylls, start, end)
    if end >= len(sylls) or sylls[end].text != "," or first.casefold() in people()[0] \
            or sylls[start].text in vietnamese_surnames():
        return 0, 0
    stop = _name_at(sylls, end + 1)
    if not stop or (_list_goes_on(sylls, stop) and not _apposition_closed(sylls, stop)):
        return 0, 0
    if stop - end - 1 < 2 and end - start >= 2 and not _known(_text(sylls, end + 1, stop)):
        return 0, 0  # one word after a full name is as likely a club or a place: "Chủ tịch Joan Vidal, Barcelona …"
    return end + 1, stop


def _apposition_closed(sylls: list[Syllable], end: int) -> bool:
    """Whether a comma after the name ending at `end` closes an apposition: the sentence goes on with a word in
    lower case that joins no names ("…, Florentino Perez, cũng là …"; not "…, A, và B")."""
    return end + 1 < len(sylls) and sylls[end].text == "," and sylls[end + 1].text[:1].islower() \
        and sylls[end + 1].folded not in lexicons.name_conjunctions()


def _list_goes_on(sylls: list[Syllable], end: int) -> bool:
    """Whether a comma, a word joining names or a title follows the name ending at `end`: a list ("Thủ tướng A, B
    và C"), or a name with a title of its own, not an apposition."""
    return end < len(sylls) and (sylls[end].folded in {","} | lexicons.name_conjunctions()
                                 or bool(_longest(sylls, end, titles())))


def _coordinated(sylls: list[Syllable], i: int, mention: Mention) -> int:
    """Names joined by "và" share the title: "Bộ trưởng Ngoại giao A và B"."""
    while i < len(sylls) and sylls[i].folded in lexicons.name_conjunctions() \
            and not _longest(sylls, i + 1, titles()):
        own = Mention(titles=[])
        start = _qualifiers(sylls, i + 1, own)
        end = _name_at(sylls, start)
        if not end:
            break
        name = _text(sylls, start, end)
        mention.names.append(name)
        if own.countries:
            mention.name_countries[name] = own.countries
        i = end
    return i


# ---------------------------------------------------------------------------------------------------------------
# Corpus-level extraction

def candidate_sentences(sentences: pd.DataFrame) -> pd.Series:
    """Sentences that can hold a title (a cheap regex test): the only ones worth tagging."""
    return sentences["text"].str.contains(_title_filter())


@functools.cache
def _honorific_syllables() -> frozenset[str]:
    return frozenset(syllable for honorific in lexicons.honorifics() for syllable in honorific.split())


@functools.cache
def _honorific_pattern() -> re.Pattern:
    """An honorific (either case of its first letter) and the capitalised full name after it."""
    honorifics = "|".join(f"[{h[0].upper()}{h[0]}]" + r"\s+".join(map(re.escape, h[1:].split(" ")))
                          for h in lexicons.honorifics())
    return re.compile(rf"(?<!\w)(?:{honorifics})\s+((?:{UPPER}[\w.-]*\s?){{2,4}})")


def honorific_names(sentences: pd.DataFrame) -> pd.DataFrame:
    """Full names after an honorific ("ông", "bà", "đồng chí": data/honorifics.txt), for resolving surname-only
    mentions: `doc_id, name`."""
    pattern = _honorific_pattern()
    rows = [(doc_id, m.group(1).strip()) for doc_id, text in sentences[["doc_id", "text"]].itertuples(index=False)
            for m in pattern.finditer(text)]
    return pd.DataFrame(rows, columns=["doc_id", "name"])


_INITIAL = re.compile(rf"^{UPPER}$")


def _known_by_initials(name: str) -> str | None:
    """A known person written with initials ("D.A.Medvedev", "V.V. Putin", "Konstantin V.Vnukov"): the only one of
    people.csv whose surname is the name's last part and whose first name, when the name gives one, matches."""
    parts = [p for p in re.split(r"[.\s]+", name) if p]
    if len(parts) < 2 or not any(_INITIAL.match(p) for p in parts[:-1]):
        return None
    given = [p for p in parts[:-1] if not _INITIAL.match(p)]
    first = parts[0] if _INITIAL.match(parts[0]) else ""  # "D.A.Medvedev": D is Dmitry's initial
    for close in (_same, _one_letter_apart):  # a misprint of the surname only when no person has it as written
        candidates = {person for person, surname in _surnames()
                      if close(surname, parts[-1].casefold())
                      and (not given or person.split()[0].casefold() == given[0].casefold())
                      and (not first or person[0].casefold() == first.casefold())}
        if candidates:
            return candidates.pop() if len(candidates) == 1 else None
    return None


@functools.cache
def _surnames() -> frozenset[tuple[str, str]]:
    """(person, surname) for every spelling of people.csv's surnames ("Putin", "Pu-tin"), casefolded."""
    aliases, countries = people()
    pairs = {(person, person.split()[-1].casefold()) for person in countries}
    return frozenset(pairs | {(person, alias.split()[-1]) for alias, person in aliases.items()})


FEMININE_ENDING = "a"  # Russian surnames take it for a woman: "Lavrova", "Ivanova"


def _same(a: str, b: str) -> bool:
    return a == b


def _one_letter_apart(a: str, b: str) -> bool:
    """One letter changed, added or dropped, in surnames of six letters or more ("V.V. Polodin", "M.V.Mishutin");
    not a final "a", which makes a Russian surname a woman's ("Lavrova" is not Lavrov)."""
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if a + FEMININE_ENDING == b or b + FEMININE_ENDING == a:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _known_by_parts(name: str) -> str | None:
    """A known person written with a patronymic or surname first ("Vladimir Vladimirovich Putin", "Patrushev Nikolai
    Platonovich"): the only one of people.csv whose first name and surname are both among the name's parts, the
    third a patronymic (data/patronymic_suffixes.txt) — "Tô Văn Lâm" and "Lâm Văn Tô" are not Tô Lâm — or the
    surname again, before a foreign full name: the surname-first order of official Vietnamese writing ("Patrushev
    Nikolai …") run into the usual one ("Patrushev Nikolai Patrushev"; a Vietnamese name opens with its family
    name already)."""
    parts = [p.casefold() for p in name.split()]
    if len(parts) != 3:
        return None
    patronymic = tuple(lexicons.patronymic_suffixes())
    candidates = set()
    for person in people()[1]:
        own = [p.casefold() for p in person.split()]
        rest = list((Counter(parts) - Counter(own)).elements())
        surname_first = parts == own[-1:] + own and person.split()[0] not in vietnamese_surnames()
        if len(own) == 2 and len(rest) == 1 and (rest[0].endswith(patronymic) or surname_first):
            candidates.add(person)
    return candidates.pop() if len(candidates) == 1 else None


def resolve(name: str, in_document: Iterable[str], country: str = "") -> str:
    """A canonical name: a one-word name takes the full name in the same document that ends with it, when only one
    person's does ("Bộ trưởng Nông nghiệp Nga Dmitry Patrushev … Bộ trưởng Patrushev"); then the alias table —
    a one-word alias only for a person of the `country` the text gives, if it gives one ("Bộ trưởng Serbia
    Novak" is no Alexander Novak) — then a known person written with initials or a patronymic, then the one full
    name of the document whose surname the one-word name misprints (`_misprint`)."""
    aliases, countries = people()
    one_word = len(name.split()) == 1
    # the word that ends a full name of the document, else the one that opens it ("Thủ tướng Thái Lan Prayut
    # Chan-o-cha … Thủ tướng Prayut": a Thai is called by his given name, a Chinese or Korean by his family name),
    # only when that is one person
    for word in (-1, 0) if one_word else ():
        if len(named := _full_names_with(name, in_document, word)) == 1:
            return named.pop()
        if named:
            break
    if name.casefold() in aliases:
        person = aliases[name.casefold()]
        return name if one_word and country and countries.get(person, country) != country else person
    if known := _known_by_initials(name) or _known_by_parts(name):
        return known
    # a misprint of the surname of one full name of the document ("Ngoại trưởng Dmytro Kuleba … ông Kubela")
    if one_word and len(near := _full_names_with(name, in_document, match=_misprint)) == 1:
        return near.pop()
    return name


def _misprint(a: str, b: str) -> bool:
    """`_one_letter_apart`, or two letters of a word of six or more swapped ("Kubela" for "Kuleba")."""
    if _one_letter_apart(a, b):
        return True
    apart = [k for k, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(a) == len(b) >= 6 and len(apart) == 2 and a[apart[0]] == b[apart[1]] and a[apart[1]] == b[apart[0]]


def _full_names_with(name: str, in_document: Iterable[str], word: int = -1,
                     match: Callable[[str, str], bool] = operator.eq) -> set[str]:
    """The people of the document's full names whose `word` (the last; 0: the first) is the one-word `name` — or,
    with `match`, a word it matches (casefolded both)."""
    aliases, _ = people()
    return {aliases.get(n.casefold(), n) for n in in_document
            if len(n.split()) > 1 and match(name.casefold(), n.split()[word].casefold())}


def _country(row: dict, mention: Mention, name: str, person: str) -> tuple[str, str]:
    """The official's country and how it is known: the qualifier in the text, the title itself ("Chủ tịch nước"),
    the people lexicon, or — weakest — a Vietnamese family name."""
    qualified = mention.name_countries.get(name) or mention.countries
    if qualified:
        return qualified[-1], "qualifier"
    if row["country"]:
        return row["country"], "title"
    if known := people()[1].get(person):
        return known, "known"
    if person.split()[0] in vietnamese_surnames():
        return "VN", "surname"
    return (mention.organisation_countries[0], "organisation") if mention.organisation_countries else ("", "")


def _role(row: dict, mention: Mention, index: int = -1, country: str = "") -> str:
    """A title qualified by a country alone can name another office: "Chủ tịch Trung Quốc" is China's President.
    A generic title followed by the organisation of a specific one is that one, whatever stands between them:
    "Phó Chủ tịch Thường trực Quốc hội" is the Vice Chair of the National Assembly, "Phó Chủ tịch thứ nhất Hội đồng
    Liên bang" the Deputy Chair of the Federation Council — and an organisation named without its country is the
    holder's `country`'s (`_national`: "Chủ tịch Hạ viện Vyacheslav Volodin" chairs the State Duma)."""
    if row["role_with_country"] and mention.countries and not mention.organisations:
        return row["role_with_country"]
    if not row["generic"]:
        for organisation in mention.own.get(index if index >= 0 else len(mention.titles) - 1, []):
            if specific := _specific_by_organisation().get((row["role"], _national(country, organisation))):
                return specific
    return row["role"]


def _national(country: str, organisation: str) -> str:
    """The organisation of `country` that qualifiers.csv names by the same words followed by the country's name
    ("Hạ viện" of RU: "Hạ viện Nga", the State Duma), else `organisation` as it is."""
    return _national_organisations().get((organisation, country), organisation)


@functools.cache
def _national_organisations() -> dict[tuple[str, str], str]:
    """(organisation named without a country, country) → the one organisation qualifiers.csv gives for the same
    words followed by that country's name ("Thượng viện", "Thượng viện Nga": Senate, RU → Federation Council)."""
    table = qualifiers()
    found: dict[tuple[str, str], set[str]] = {}
    for phrase, row in table.items():
        if row["kind"] != "organisation" or row["country"]:
            continue
        for longer, national in table.items():
            country = table.get(longer[len(phrase) + 1:]) if longer.startswith(phrase + " ") else None
            if country and country["kind"] == "country" and country["value"] == national["country"] \
                    and national["kind"] == "organisation":
                found.setdefault((row["value"], national["country"]), set()).add(national["value"])
    return {key: values.pop() for key, values in found.items() if len(values) == 1}


@functools.cache
def _specific_by_organisation() -> dict[tuple[str, str], str]:
    """(generic role, organisation) → the one specific role of titles.csv with both ("Vice Chair", "National
    Assembly" → "Vice Chair of the National Assembly")."""
    found: dict[tuple[str, str], set[str]] = {}
    for row in titles().values():
        if row["generic"] and row["organisation"]:
            found.setdefault((row["generic"], row["organisation"]), set()).add(row["role"])
    return {key: roles.pop() for key, roles in found.items() if len(roles) == 1}


def resolve_across_documents(mentions: pd.DataFrame) -> pd.DataFrame:
    """A one-word name its own document does not resolve ("Tổng thống Mỹ Biden") takes the corpus's only full
    name ending with it ("Joe Biden"). Only full names that are not Vietnamese: Vietnamese officials are called by
    their given name, which many share, so "Sơn" stays "Sơn" rather than become whichever Sơn the corpus names."""
    full: dict[str, set[str]] = {}
    for person in mentions["person"].unique():
        parts = person.split()
        if len(parts) > 1 and parts[0] not in vietnamese_surnames():
            full.setdefault(parts[-1].casefold(), set()).add(person)
    mapping = {person: next(iter(full[person.casefold()])) for person in mentions["person"].unique()
               if " " not in person and len(full.get(person.casefold(), ())) == 1}
    # not a name its own document leaves open between two full names ("Ivan Sokolov", "Pavel Sokolov"), nor one
    # the text gives another country than the full name's ("Bộ trưởng Serbia Novak" is no Alexander Novak)
    open_ = mentions["_ambiguous"] if "_ambiguous" in mentions else pd.Series(False, index=mentions.index)
    keep = open_
    if "country" in mentions:
        known = mentions[mentions["country"] != ""].groupby("person")["country"].agg(set)
        other = [bool(country) and full in known and country not in known[full]
                 for full, country in zip((mapping.get(p, "") for p in mentions["person"]), mentions["country"])]
        keep = keep | np.array(other, dtype=bool)
    return mentions.assign(person=mentions["person"].where(keep, mentions["person"].replace(mapping)))


def propagate_countries(mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill a weakly known country from the same person's mentions whose country the text or lexicon gives:
    "Thủ tướng Singapore Lý Hiển Long" once fixes every unqualified "Thủ tướng Lý Hiển Long" (whose family name
    would otherwise pass for Vietnamese)."""
    strong = mentions[mentions["_country_source"].isin(["qualifier", "title", "known"])]
    best = strong.groupby("person")["country"].agg(lambda c: sorted(c.value_counts().items(),
                                                                     key=lambda kv: (-kv[1], kv[0]))[0][0])
    weak = mentions["_country_source"].isin(["surname", "organisation", ""]) & mentions["person"].isin(best.index)
    mentions.loc[weak, "country"] = mentions.loc[weak, "person"].map(best)
    return mentions.drop(columns="_country_source")


@stage("sentences", "documents")
def extract(sentences: pd.DataFrame, corpus: pd.DataFrame, workers: int | None = None) -> pd.DataFrame:
    """Every titled official in the news text of each loaded document (see COLUMNS), one row per mention × role;
    a study's `mentions`."""
    sentences = _rejoin_initials(sentences)
    cut = _cut_off(sentences)
    candidates = sentences[candidate_sentences(sentences)]
    tagged = pos_tags(candidates["words"].tolist(), workers=workers)
    raw, chains = [], 0
    for (doc_id, text), tags, is_cut in zip(candidates[["doc_id", "text"]].itertuples(index=False), tagged,
                                            cut.loc[candidates.index]):
        mentions = parse(tags, cut=is_cut)
        sylls = _syllables(tags) if mentions else []
        for mention in mentions:
            chains += 1
            for index, (row, start, _) in enumerate(mention.titles):
                if not row["role"]:  # a post or rank that only links titles to a name ("Ủy viên Bộ Chính trị")
                    continue
                stop = next((s for _, s, _ in mention.titles if s > start), mention.span[1])
                written = _join(sylls[start:stop])
                for name in mention.names:
                    raw.append((doc_id, name, written, row, index, mention, text, chains))
    docs = corpus.set_index("doc_id")
    titled = pd.DataFrame([(r[0], r[1]) for r in raw], columns=["doc_id", "name"])
    # full names only matter in documents with a titled mention: the rest need not be searched
    honorific = honorific_names(sentences[sentences["doc_id"].isin(set(titled["doc_id"]))])
    names_in_doc = pd.concat([titled, honorific]).groupby("doc_id")["name"].agg(set)
    undated = _undated_reference(corpus)
    rows = []
    for doc_id, name, written, title, index, mention, text, chain in raw:
        in_document = names_in_doc.get(doc_id, set())
        person = resolve(name, in_document, (mention.name_countries.get(name) or mention.countries or [""])[-1])
        own = mention.own.get(index, [])
        country, source = _country(title, mention, name, person)
        organisation = title["organisation"] or _national(country, (own or mention.organisations or [""])[-1])
        date = docs.at[doc_id, "date"]
        rows.append({"file": docs.at[doc_id, "file"], "doc_id": doc_id, "date": date,
                     "person": person, "title_as_written": written, "role": _role(title, mention, index, country),
                     "country": country, "organisation": organisation,
                     "former": mention.event == "former" or _dead_by(person, date or undated)
                     or country.casefold() in lexicons.defunct_countries(),
                     "event": "" if mention.event == "former" else mention.event, "sentence": text,
                     "duplicate_of": docs.at[doc_id, "duplicate_of"], "_country_source": source,
                     "_ambiguous": person == name and len(_full_names_with(name, in_document)) > 1,
                     "_chain": chain})
    mentions = resolve_across_documents(pd.DataFrame(rows, columns=COLUMNS + ["_country_source", "_ambiguous",
                                                                              "_chain"]))
    mentions = mentions.drop(columns="_ambiguous")
    mentions = specialise(propagate_countries(mentions)).drop(columns="_chain")
    mentions["kind"] = [kind_of(role, organisation) for role, organisation in
                        zip(mentions["role"], mentions["organisation"])]
    # typed even when there is no mention: `mentions[~mentions.former]` must select rows, not columns
    return mentions[COLUMNS].astype({"former": bool, "kind": str})


_INITIALS_AT_END = re.compile(rf"(?:^|\s)(?:{UPPER}\.){{1,3}}$")
_TERMINAL = re.compile(r"[.!?…:;\"”»)]\s*$")


def _rejoin_initials(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences the segmenter ended at a name's initials ("… Chủ tịch HHN Nga-Việt V.P." + "Buyanov; …") joined
    again with the next sentence of the same paragraph."""
    ends = sentences["text"].str.contains(_INITIALS_AT_END).to_numpy()
    if not ends.any():
        return sentences
    sentences = sentences.reset_index(drop=True)
    keys = sentences[["doc_id", "part", "para"]]
    same = (keys == keys.shift(-1)).all(axis=1).to_numpy()
    text, words = sentences["text"].tolist(), sentences["words"].tolist()
    joined, head = np.zeros(len(sentences), dtype=bool), {}
    for i in np.flatnonzero(ends & same):
        into = head.get(i, i)  # a chain of such sentences becomes one
        text[into] = f"{text[into]} {text[i + 1]}"
        words[into] = tuple(words[into]) + tuple(words[i + 1])
        joined[i + 1], head[i + 1] = True, into
    return sentences.assign(text=text, words=words)[~joined].reset_index(drop=True)


def _cut_off(sentences: pd.DataFrame) -> pd.Series:
    """Whether a sentence is the last of its document's body and stops without final punctuation: the excerpt was
    cut there, perhaps inside a name."""
    last = ~sentences["doc_id"].eq(sentences["doc_id"].shift(-1)) & sentences["part"].eq("body")
    return last & ~sentences["text"].str.contains(_TERMINAL)


def _dead_by(person: str, date: str) -> bool:
    """Whether `person` had died by `date`: the article's date, or for an undated article the earliest date it
    can bear (see `_undated_reference`)."""
    died = lexicons.deaths().get(person)
    return bool(died) and died <= date


def _undated_reference(corpus: pd.DataFrame) -> str:
    """The date an undated article is judged by: the corpus's earliest dated article (it may be that old: "Chủ tịch
    nước Trần Đại Quang" is current in a corpus from 2017), or today in a corpus without dates (it is no later)."""
    dates = corpus["date"][corpus["date"] != ""] if "date" in corpus else pd.Series(dtype=str)
    return dates.min() if len(dates) else pd.Timestamp.today().date().isoformat()


def kind_of(role: str, organisation: str) -> str:
    """The kind of office (`data/office_kinds.csv`): by the organisation when it tells ("Chủ tịch Quốc hội" is
    parliament, "Chủ tịch HĐQT …" business), else by the role ("Thủ tướng" state, "Đại sứ" diplomatic); "other"
    when neither does (a chair of an organisation the lexicon does not know)."""
    by_role, by_organisation, words = lexicons.office_kinds()
    if organisation in by_organisation:
        return by_organisation[organisation]
    folded = organisation.casefold()
    for word, kind in words:
        if re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", folded):
            return kind
    return by_role.get(role, "other")


def specialise(mentions: pd.DataFrame) -> pd.DataFrame:
    """A generic title ("Bộ trưởng Bùi Thanh Sơn") takes the specific role the same person holds in the same
    document ("Bộ trưởng Ngoại giao Bùi Thanh Sơn"), with its organisation and country — unless the specific one
    is a title of the same chain (the rows' `_chain`): one chain's titles are two offices ("Bộ trưởng Nội vụ kiêm
    Ngoại trưởng Séc Jan Hamacek")."""
    refined = lexicons.specific_roles()
    for index, row in mentions.iterrows():
        if row["role"] not in refined:
            continue
        same = mentions[(mentions["doc_id"] == row["doc_id"]) & (mentions["person"] == row["person"])
                        & mentions["role"].isin(refined[row["role"]])]
        if len(same) and not (same["_chain"] == row["_chain"]).any():
            best = same["role"].value_counts().sort_index().idxmax()
            source = same[same["role"] == best].iloc[0]
            mentions.loc[index, ["role", "organisation", "country"]] = [best, source["organisation"],
                                                                         source["country"]]
    return mentions.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# Derived tables

def select(mentions: pd.DataFrame, persons: Iterable[str] = (), roles: Iterable[str] = (),
           countries: Iterable[str] = (), kinds: Iterable[str] = ()) -> pd.DataFrame:
    """Mentions of the given persons, roles, countries and kinds of office (each filter empty = all), compared
    case-insensitively."""
    keep = pd.Series(True, index=mentions.index)
    for column, wanted in (("person", persons), ("role", roles), ("country", countries), ("kind", kinds)):
        if wanted:
            keep &= mentions[column].str.casefold().isin({w.casefold() for w in wanted})
    return mentions[keep]


def drop_repeated(mentions: pd.DataFrame) -> pd.DataFrame:
    """Without the mentions a near-duplicate repeats from the document it duplicates.

    A second outlet's report of the same meeting adds no evidence for the officials the first already names, but
    the officials only it names are new facts and stay (seeds: 004 repeats 003 and adds Vương Đình Huệ,
    Valentina Matvienko and Võ Thị Ánh Xuân).
    """
    keys = ["file", "person", "role", "country"]
    seen = set(map(tuple, mentions[keys].to_numpy()))
    repeated = [dup != "" and (dup, person, role, country) in seen
                for dup, person, role, country in mentions[["duplicate_of", "person", "role", "country"]].to_numpy()]
    return mentions[~np.array(repeated, dtype=bool)]


@stage("mentions", store=False)
def counted_mentions(mentions: pd.DataFrame, drop_duplicates: bool = True) -> pd.DataFrame:
    """The mentions statistics count: with `drop_duplicates`, without those a near-duplicate repeats
    (`drop_repeated`); a study's `counted_mentions`."""
    return drop_repeated(mentions) if drop_duplicates else mentions


def summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per person, role and country: `person, role, country, n_docs, first, last, written, former`
    (`written`: every way the title was written; `former`: whether any mention was a past title)."""
    return (mentions.groupby(["person", "role", "country"])
            .agg(n_docs=("doc_id", "nunique"), first=("date", "min"), last=("date", "max"),
                 written=("title_as_written", lambda t: "; ".join(sorted(set(t)))), former=("former", "any"))
            .reset_index().sort_values(["n_docs", "person"], ascending=[False, True]).reset_index(drop=True))


def role_holders(mentions: pd.DataFrame) -> pd.DataFrame:
    """Who held which role when, from current (not former) dated mentions: `role, country, person, first_seen,
    last_seen, n_docs`, then the official term (`official_start, official_end` from `data/offices.csv`: the term
    that overlaps the mentions, blank when the record has none; `official_end` blank while in office), ordered by
    role, country and first_seen."""
    current = mentions[~mentions["former"] & (mentions["date"] != "")]
    columns = ["role", "country", "person", "first_seen", "last_seen", "n_docs", "official_start", "official_end"]
    if current.empty:
        return pd.DataFrame(columns=columns)
    table = current.groupby(["role", "country", "person"]).agg(
        first_seen=("date", "min"), last_seen=("date", "max"), n_docs=("doc_id", "nunique")).reset_index()
    terms = [_official_term(row.person, row.role, row.country, row.first_seen, row.last_seen)
             for row in table.itertuples()]
    table["official_start"], table["official_end"] = [t[0] for t in terms], [t[1] for t in terms]
    return table.sort_values(["role", "country", "first_seen", "person"])[columns].reset_index(drop=True)


def _official_term(person: str, role: str, country: str, first: str, last: str) -> tuple[str, str]:
    """The record's term of `person` in `role` that overlaps the dates `first`…`last` ("", "" when none does)."""
    offices = lexicons.offices()
    terms = offices[(offices["person"] == person) & (offices["role"] == role) & (offices["country"] == country)]
    for term in terms.sort_values("start").itertuples():
        if term.start <= last and (not term.end or term.end >= first):
            return term.start, term.end
    return "", ""


@stage("counted_mentions")
def title_changes(mentions: pd.DataFrame, persons: Iterable[str] = (), roles: Iterable[str] = (),
                  countries: Iterable[str] = (), kinds: Iterable[str] = ()) -> pd.DataFrame:
    """Changes in the titles of the selected persons (`select`) between dated mentions:
    `person, date, before, after, evidence`.

    An appointment or election in the text is a change on that date (evidence: its sentence). Between two dates
    on which a person is mentioned, roles added or dropped are changes too (evidence: a sentence of the later date
    that names the new titles, or the titles of the earlier one that are no longer used).
    """
    mentions = select(mentions, persons, roles, countries, kinds)
    current = mentions[~mentions["former"] & (mentions["date"] != "")]
    rows = []
    for person, group in current.groupby("person"):
        previous: set[str] = set()
        for date, day in group.groupby("date"):
            roles = set(day["role"])
            events = day[day["event"] != ""]
            for event in events.itertuples():
                rows.append((person, date, "; ".join(sorted(previous - {event.role})) or "",
                             f"{event.role} ({event.event})", event.sentence))
            added = roles - previous - set(events["role"])
            if previous and (added or previous - roles):
                evidence = day[day["role"].isin(added)]["sentence"].iloc[0] if added else day["sentence"].iloc[0]
                rows.append((person, date, "; ".join(sorted(previous)), "; ".join(sorted(roles)), evidence))
            previous = roles
    return pd.DataFrame(rows, columns=["person", "date", "before", "after", "evidence"])


# ---------------------------------------------------------------------------------------------------------------
# Evaluation

def load_gold(paths: str | Path | Iterable[str | Path], corpus: pd.DataFrame) -> pd.DataFrame:
    """Hand annotations (`file, person, role`, …) of one or more files, for the documents of this corpus; empty
    when none apply. A row without a person says the annotator found no titled official in that file. Each row's
    `set` names its annotation file and, where the file splits its rows into halves, the half ("vnru_officials
    half B")."""
    frames = []
    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        if Path(path).is_file():
            gold = pd.read_csv(path, dtype=str, keep_default_na=False)
            label = Path(path).stem + (" half " + gold["half"] if "half" in gold else "")
            frames.append(gold.assign(set=label))
    gold = pd.concat(frames) if frames else pd.DataFrame(columns=["file", "person", "role", "set"])
    return gold[gold["file"].isin(set(corpus["file"]))].reset_index(drop=True)


def _scored_files(gold: pd.DataFrame, files: Iterable[str] | None) -> set[str]:
    """The files an evaluation covers: those given, else every file of the annotations — including those with a
    row saying no titled official is in them."""
    return set(gold["file"]) if files is None else set(files)


def evaluate_sets(mentions: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """`evaluate` per annotation set of `load_gold` (`set` first): a held-back half apart from the half rules were
    developed on."""
    return pd.concat([evaluate(mentions, rows).assign(set=name) for name, rows in gold.groupby("set")],
                     ignore_index=True)[["set", "level", "gold", "predicted", "correct", "precision", "recall", "f1"]]


def evaluate(mentions: pd.DataFrame, gold: pd.DataFrame, files: Iterable[str] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 against hand annotations (`file, person, role`), per document, on the annotated
    `files`: at person level and at (person, role) level. Former titles are not counted as current.

    Give `files` — every file that was annotated, with or without a titled official — so that officials found in
    an annotated file without any count as false positives; without it only the files with gold rows are scored.
    """
    files = _scored_files(gold, files)
    predicted = mentions[mentions["file"].isin(files) & ~mentions["former"]]
    gold = gold[gold["file"].isin(files) & gold["person"].ne("")]
    rows = []
    for level, keys in (("person", ["file", "person"]), ("person, role", ["file", "person", "role"])):
        found = set(map(tuple, predicted[keys].drop_duplicates().to_numpy()))
        truth = set(map(tuple, gold[keys].drop_duplicates().to_numpy()))
        hits = len(found & truth)
        precision = hits / len(found) if found else 0.0
        recall = hits / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((level, len(truth), len(found), hits, precision, recall, f1))
    return pd.DataFrame(rows, columns=["level", "gold", "predicted", "correct", "precision", "recall", "f1"])


def errors(mentions: pd.DataFrame, gold: pd.DataFrame, files: Iterable[str] | None = None,
           hide: Iterable[str] = HELD_BACK) -> pd.DataFrame:
    """The (file, person, role) triples the extraction missed or added in the annotated `files` (see `evaluate`):
    `file, person, role, error`, and the file's annotation `set` when the gold has one (`load_gold`). The errors of
    the sets in `hide` (the held-back halves) are left out, so that no reader tunes a rule on them."""
    gold = gold[~gold["set"].isin(set(hide))] if "set" in gold else gold
    files = _scored_files(gold, files)
    keys = ["file", "person", "role"]
    predicted = mentions[mentions["file"].isin(files) & ~mentions["former"]][keys].drop_duplicates()
    truth = gold[gold["file"].isin(files) & gold["person"].ne("")][keys].drop_duplicates()
    merged = predicted.merge(truth, how="outer", indicator=True)
    merged = merged[merged["_merge"] != "both"]
    merged["error"] = np.where(merged["_merge"] == "left_only", "extra", "missed")
    table = merged[keys + ["error"]].sort_values(keys).reset_index(drop=True)
    if "set" in gold:
        table["set"] = table["file"].map(dict(zip(gold["file"], gold["set"])))
    return table


@stage("counted_mentions", "documents")
def titles_by_outlet(mentions: pd.DataFrame, docs: pd.DataFrame, persons: Iterable[str] = (),
                     roles: Iterable[str] = (), countries: Iterable[str] = (),
                     kinds: Iterable[str] = ()) -> pd.DataFrame:
    """How each outlet titles the same officials: `person, role, outlet, title_as_written, n` (n: mentions), the
    selected persons only (`select`); current titles (a "nguyên …" former title is history)."""
    mentions = select(mentions, persons, roles, countries, kinds)
    current = mentions[~mentions["former"]]
    outlets = docs.set_index("doc_id")["outlet"]
    table = current.assign(outlet=current["doc_id"].map(outlets).fillna("").replace("", "(unknown outlet)"))
    counts = table.groupby(["person", "role", "outlet", "title_as_written"]).size().rename("n").reset_index()
    return counts.sort_values(["person", "role", "outlet", "n", "title_as_written"],
                              ascending=[True, True, True, False, True]).reset_index(drop=True)


def titles_grid(table: pd.DataFrame, rows: int = 20, outlets: int = 12) -> pd.DataFrame:
    """(person: title as written) × outlet mention counts for the most mentioned, for a heatmap."""
    table = table.assign(label=table["person"] + ": " + table["title_as_written"])
    top_rows = table.groupby("label")["n"].sum().sort_values(ascending=False, kind="stable").index[:rows]
    top_outlets = table.groupby("outlet")["n"].sum().sort_values(ascending=False, kind="stable").index[:outlets]
    shown = table[table["label"].isin(top_rows) & table["outlet"].isin(top_outlets)]
    grid = shown.pivot_table(index="label", columns="outlet", values="n", aggfunc="sum", fill_value=0)
    return grid.reindex(index=[r for r in top_rows if r in grid.index], columns=list(top_outlets), fill_value=0)


# A person's office ending and another beginning this close together is a move from one to the other.
TRANSITION_WINDOW_DAYS = 180
TRANSITION_COLUMNS = ["person", "from_role", "to_role", "official_date", "last_old_title_date", "last_old_outlet",
                      "first_new_title_date", "first_new_outlet", "lag_days", "n_docs_after_with_old_title"]


def official_transitions(offices: pd.DataFrame) -> pd.DataFrame:
    """Changes of office in the official record: `person, country, from_role, to_role, official_date` — every term's
    start (`official_date`), with the term of the same person that ended within `TRANSITION_WINDOW_DAYS` of it as
    `from_role` (Nguyễn Xuân Phúc: Prime Minister until 2021-04-05, President from 2021-04-05), or "" when the
    record has none (Phạm Minh Chính becoming Prime Minister: his previous post is no office of the record)."""
    rows = []
    for (person, country), terms in offices.groupby(["person", "country"], sort=True):
        for new in terms[terms["start"] != ""].sort_values("start").itertuples():
            ended = [(abs((pd.Timestamp(new.start) - pd.Timestamp(old.end)).days), old.role)
                     for old in terms[(terms["end"] != "") & (terms["role"] != new.role)].itertuples()]
            close = sorted(gap_role for gap_role in ended if gap_role[0] <= TRANSITION_WINDOW_DAYS)
            rows.append((person, country, close[0][1] if close else "", new.role, new.start))
    return pd.DataFrame(rows, columns=["person", "country", "from_role", "to_role", "official_date"])


@stage("counted_mentions", "documents")
def title_transitions(mentions: pd.DataFrame, docs: pd.DataFrame, persons: Iterable[str] = (),
                       roles: Iterable[str] = (), countries: Iterable[str] = (),
                       kinds: Iterable[str] = ()) -> pd.DataFrame:
    """When the press switched titles, against the official record (`data/offices.csv`): for each change of office
    during the coverage (from a year before the first dated article to the last) of a person the corpus mentions
    with either title, the last date (and outlet) the old title was used, the first date (and outlet)
    of the new one, `lag_days` = last old title − official date (positive: the old title outlived the office) and
    the number of articles dated after the change that still use the old title. Current titles only: "nguyên …"
    is history. A change whose titles only undated articles use is listed with its dates blank: the press used
    them, when is unknown."""
    mentions = select(mentions, persons, roles, countries, kinds)
    titled = mentions[~mentions["former"]]
    current = titled[titled["date"] != ""]
    outlets = docs.set_index("doc_id")["outlet"]
    dates = docs.loc[docs["date"] != "", "date"]
    if dates.empty:
        return pd.DataFrame(columns=TRANSITION_COLUMNS)
    # the changes during the coverage (and the year before it, whose news the first articles still carry)
    since = (pd.Timestamp(dates.min()) - pd.Timedelta(days=365)).date().isoformat()
    changes = official_transitions(lexicons.offices())
    changes = changes[(changes["official_date"] >= since) & (changes["official_date"] <= dates.max())]
    rows = []
    for change in changes.itertuples():
        person = (titled["person"] == change.person) & (titled["country"] == change.country)
        if not titled.loc[person, "role"].isin([change.from_role, change.to_role]).any():
            continue
        said = current[(current["person"] == change.person) & (current["country"] == change.country)]
        old = said[(said["role"] == change.from_role) & (change.from_role != "")].sort_values(["date", "doc_id"])
        new = said[said["role"] == change.to_role].sort_values(["date", "doc_id"])
        last_old, first_new = (old.iloc[-1] if len(old) else None), (new.iloc[0] if len(new) else None)
        after = old[old["date"] > change.official_date]
        rows.append((change.person, change.from_role, change.to_role, change.official_date,
                     last_old["date"] if last_old is not None else "",
                     outlets.get(last_old["doc_id"], "") if last_old is not None else "",
                     first_new["date"] if first_new is not None else "",
                     outlets.get(first_new["doc_id"], "") if first_new is not None else "",
                     (pd.Timestamp(last_old["date"]) - pd.Timestamp(change.official_date)).days
                     if last_old is not None else pd.NA,
                     after["doc_id"].nunique()))
    table = pd.DataFrame(rows, columns=TRANSITION_COLUMNS)
    return table.astype({"lag_days": "Int64", "n_docs_after_with_old_title": int})


ANOMALY_COLUMNS = ["person", "role", "country", "date", "outlet", "title_as_written", "kind", "term", "sentence"]


def _terms_of(offices: pd.DataFrame, person: str, role: str, country: str) -> list[tuple[str, str]]:
    rows = offices[(offices["person"] == person) & (offices["role"] == role) & (offices["country"] == country)]
    return sorted(zip(rows["start"], rows["end"]))


@stage("mentions", "documents")
def title_anomalies(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions whose title the person did not hold on the article's date, by the official record
    (`data/offices.csv`), with their sentence: `kind` "anachronism" (after the term ended: an old title kept) or
    "anticipation" (before it began), or "past title" for a former title ("nguyên …", "khi là …") of a term that
    had ended, which is no anomaly but history, recognised as such. Only people and roles the record knows: a
    title it has no term for is not judged. `term` is the record's term(s) for that role."""
    offices = lexicons.offices()
    known = set(zip(offices["person"], offices["role"], offices["country"]))
    recorded = np.array([key in known for key in zip(mentions["person"], mentions["role"], mentions["country"])],
                        dtype=bool)
    dated = mentions[(mentions["date"] != "").to_numpy() & recorded]
    outlets = docs.set_index("doc_id")["outlet"]
    rows = []
    for m in dated.itertuples():
        terms = _terms_of(offices, m.person, m.role, m.country)
        held = any(start <= m.date and (not end or m.date <= end) for start, end in terms)
        ended = any(end and end < m.date for _, end in terms)
        if m.former:
            kind = "past title" if ended or not held else ""
        elif held:
            kind = ""
        else:
            kind = "anachronism" if ended and not any(start > m.date for start, _ in terms) else "anticipation"
        if kind:
            rows.append((m.person, m.role, m.country, m.date, outlets.get(m.doc_id, ""), m.title_as_written, kind,
                         "; ".join(f"{start}…{end}" for start, end in terms), m.sentence))
    table = pd.DataFrame(rows, columns=ANOMALY_COLUMNS)
    return table.sort_values(["person", "date", "role"], kind="stable").reset_index(drop=True)
