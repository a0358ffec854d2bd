"""Every lexicon vnnews uses, read from its one data file under `vnnews/data/` (see the README's list).

Each reader is cached for the process; the stages that need a lexicon call its reader here, so a word list is
never written twice (in code and in a file, or in two modules). Phrase lexicons are `PhraseTable`s: casefolded
phrases, syllables separated by one space, with the one longest-match search that tokens, queries and officials
share.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeVar

import yaml

from vnnews.paths import DATA_DIR, data_lines, data_table

V = TypeVar("V")


class PhraseTable(Mapping[str, V]):
    """Phrases → values, searched for the longest phrase starting at a position of a sequence of units (words or
    syllables). Keys are casefolded, their syllables separated by single spaces."""

    def __init__(self, entries: Mapping[str, V]):
        self._entries = dict(entries)
        self._prefixes = {" ".join(parts[:n]) for parts in (key.split() for key in self._entries)
                          for n in range(1, len(parts) + 1)}
        self.starts = frozenset(key.split(" ", 1)[0] for key in self._entries)  # first syllables

    def __getitem__(self, key: str) -> V:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def longest(self, units: Sequence, start: int, stop: int | None = None,
                fold: Callable[[object], str] = str.casefold) -> int:
        """The end (exclusive) of the longest phrase `fold(units[start]) … fold(units[end - 1])`, joined by spaces,
        that the table holds, not running past `stop`; 0 when no phrase starts at `start`."""
        stop = len(units) if stop is None else stop
        best, key = 0, ""
        for end in range(start, stop):
            key = fold(units[end]) if end == start else f"{key} {fold(units[end])}"
            if key not in self._prefixes:
                break
            if key in self._entries:
                best = end + 1
        return best

    def phrase(self, units: Sequence, start: int, end: int, fold: Callable[[object], str] = str.casefold) -> V:
        """The value of the phrase `units[start:end]` (found by `longest`)."""
        return self._entries[" ".join(fold(unit) for unit in units[start:end])]


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _longest_first(words) -> tuple[str, ...]:
    """Longest first (so a longer marker is tried before its prefix), then alphabetically: a stable order."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _folded_set(name: str) -> frozenset[str]:
    return frozenset(_folded(line) for line in data_lines(name))


# ---------------------------------------------------------------------------------------------------------------
# Corpus: site chrome, abbreviations, dates

@functools.cache
def boilerplate() -> dict[str, list[str]]:
    """`boilerplate.yaml`: section headers, widget lines and prefixes, byline sources, image-credit words."""
    lex = yaml.safe_load((DATA_DIR / "boilerplate.yaml").read_text(encoding="utf-8"))
    return {key: [str(v) for v in values] for key, values in lex.items()}


@functools.cache
def abbreviations() -> frozenset[str]:
    """`abbreviations.txt`: tokens after which a full stop glued to a capital is not a sentence end ("Tp.")."""
    return frozenset(data_lines("abbreviations.txt"))


@functools.cache
def date_words() -> dict[str, list[str]]:
    """`date_words.yaml`: weekdays, times of day, forward-looking words."""
    lex = yaml.safe_load((DATA_DIR / "date_words.yaml").read_text(encoding="utf-8"))
    return {key: [_folded(str(v)) for v in values] for key, values in lex.items()}


@functools.cache
def column_names() -> dict[str, tuple[str, ...]]:
    """`columns.yaml`: role (text, title, date, url, outlet) → the column names of exports that hold it, in the
    folded form `tables.fold_name` gives them."""
    lex = yaml.safe_load((DATA_DIR / "columns.yaml").read_text(encoding="utf-8"))
    return {role: tuple(str(name) for name in names) for role, names in lex.items()}


@functools.cache
def outlets() -> dict[str, tuple[str, str]]:
    """`outlets.csv`: domain (lower case, no "www.") → (outlet name, outlet type)."""
    table = data_table("outlets.csv")
    return {d.strip().lower(): (o, t) for d, o, t in zip(table["domain"], table["outlet"], table["outlet_type"])}


# ---------------------------------------------------------------------------------------------------------------
# Terms

@functools.cache
def stopwords() -> frozenset[str]:
    """`stopwords.txt` (MIT, see stopwords.SOURCE.md) minus `stopwords_keep.txt`, casefolded."""
    keep = {w.casefold() for w in data_lines("stopwords_keep.txt")}
    return frozenset(w.casefold() for w in data_lines("stopwords.txt")) - keep


@functools.cache
def variants() -> PhraseTable[str]:
    """`variants.csv`: casefolded variant or canonical form → canonical form ("hđba" → "Hội đồng Bảo an")."""
    table = data_table("variants.csv")
    return PhraseTable({_folded(v): c for v, c in zip(table["variant"], table["canonical"])}
                       | {_folded(c): c for c in table["canonical"]})


@functools.cache
def function_tags() -> frozenset[str]:
    """`function_tags.txt`: underthesea POS tags of function words."""
    return frozenset(line.split("\t")[0] for line in data_lines("function_tags.txt"))


# ---------------------------------------------------------------------------------------------------------------
# Officials

@functools.cache
def titles() -> PhraseTable[dict]:
    """`titles.csv`: title → its row (`role, generic, organisation, country, role_with_country`)."""
    return PhraseTable({_folded(row["title"]): row for row in data_table("titles.csv").to_dict("records")})


@functools.cache
def specific_roles() -> dict[str, frozenset[str]]:
    """Generic role → the specific roles of `titles.csv` that refine it ("Minister" → "Minister of …")."""
    table = data_table("titles.csv")
    refined: dict[str, set[str]] = {}
    for role, generic in zip(table["role"], table["generic"]):
        if generic:
            refined.setdefault(generic, set()).add(role)
    return {generic: frozenset(roles) for generic, roles in refined.items()}


@functools.cache
def qualifiers() -> PhraseTable[dict]:
    """`qualifiers.csv`: country and organisation words after a title → `kind, value, country`."""
    return PhraseTable({_folded(row["qualifier"]): row for row in data_table("qualifiers.csv").to_dict("records")})


@functools.cache
def title_markers() -> PhraseTable[str]:
    """`title_markers.csv`: words before a title → the event they make of it ("được bầu làm" → elected) or
    "former" ("nguyên", "cựu", "khi là")."""
    rows = data_table("title_markers.csv").to_dict("records")
    return PhraseTable({_folded(row["marker"]): row["event"] for row in rows})


@functools.cache
def former_markers() -> tuple[str, ...]:
    """The markers of a past title ("nguyên", "cựu", "từng là" …), longest first: a title after one of them is
    history, for officials and for dating alike."""
    return _longest_first(m for m, event in title_markers().items() if event == "former")


@functools.cache
def people() -> tuple[dict[str, str], dict[str, str]]:
    """`people.csv`: (casefolded name or alias → canonical name, canonical name → country)."""
    aliases, countries = {}, {}
    for row in data_table("people.csv").itertuples():
        countries[row.person] = row.country
        for name in [row.person, *row.aliases.split(";")]:
            if name.strip():
                aliases[name.strip().casefold()] = row.person
    return aliases, countries


@functools.cache
def deaths() -> dict[str, str]:
    """`people.csv`'s `died` column: canonical name → date of death (ISO), for the historical figures whose titles
    ("Chủ tịch Hồ Chí Minh") are history, not office."""
    return {row.person: row.died for row in data_table("people.csv").itertuples() if row.died}


@functools.cache
def events():
    """`events.csv`: dated Vietnam–Russia events (`date, event, phrase, source`; `phrase`: how the press names that
    event and no other, or blank)."""
    return data_table("events.csv")


@functools.cache
def offices():
    """`offices.csv`: the official record, who held which office from when to when (`person, role, country, start,
    end, source`; `end` blank while in office), names as `people.csv` writes them."""
    table = data_table("offices.csv")
    aliases, _ = people()
    return table.assign(person=[aliases.get(p.casefold(), p) for p in table["person"]])


@functools.cache
def office_kinds() -> tuple[dict[str, str], dict[str, str], tuple[tuple[str, str], ...]]:
    """`office_kinds.csv`: what kind of office a title is (state, party, parliament, diplomatic, business, sport):
    (role → kind, organisation → kind, (word in an organisation's name, kind) …)."""
    table = data_table("office_kinds.csv")
    by = {field: table[table["field"] == field] for field in ("role", "organisation", "organisation_word")}
    return (dict(zip(by["role"]["value"], by["role"]["kind"])),
            dict(zip(by["organisation"]["value"], by["organisation"]["kind"])),
            tuple(zip(by["organisation_word"]["value"], by["organisation_word"]["kind"])))


@functools.cache
def vietnamese_surnames() -> frozenset[str]:
    """`vietnamese_surnames.txt`, as written (capitalised)."""
    return frozenset(data_lines("vietnamese_surnames.txt"))


def _word_list(name: str, what: str, longest_first: bool = False) -> Callable[[], frozenset[str] | tuple[str, ...]]:
    """A cached reader of a one-word-or-phrase-per-line lexicon, casefolded; `longest_first` gives a tuple in which
    a longer entry comes before its prefix."""
    def read():
        words = _folded_set(name)
        return _longest_first(words) if longest_first else words

    read.__doc__ = f"`{name}`: {what}, casefolded" + (", longest first." if longest_first else ".")
    return functools.cache(read)


name_prefixes = _word_list("name_prefixes.txt", 'academic titles before a name ("GS.TS"), dropped')
not_names = _word_list("not_names.txt", 'words that make a capitalised run an organisation ("Hội", "Bank")')
honorifics = _word_list("honorifics.txt", '"ông", "bà", "đồng chí" … before a full name', longest_first=True)
plural_markers = _word_list("plural_markers.txt", 'words before a title that make it plural ("hai", "các")')
title_joiners = _word_list("title_joiners.txt", 'words joining two titles of one person (",", "kiêm")',
                           longest_first=True)
clause_openers = _word_list("clause_openers.txt", 'prepositions and verbs opening a clause ("theo", "tại")')
deputy_words = _word_list("deputy_words.txt", 'words making the title after them a deputy\'s ("phó")')
name_conjunctions = _word_list("name_conjunctions.txt", 'words joining two names ("và")')
patronymic_suffixes = _word_list("patronymic_suffixes.txt", 'endings of Russian patronymics ("ovich")')
place_openers = _word_list("place_openers.txt", 'words after which a run starts with a place ("Cộng hòa")')
possessives = _word_list("possessives.txt", 'words between a title and its organisation ("của")')
post_prepositions = _word_list("post_prepositions.txt", 'words before an envoy\'s post ("tại")')
defunct_countries = _word_list("defunct_countries.txt", 'codes of countries that no longer exist ("SU")')
organisation_words = _word_list("organisation_words.txt",
                                'words before a title that make it part of a name ("hội đồng", "phủ")')
apposition_openers = _word_list("apposition_openers.txt",
                                'words after a comma opening a title in apposition ("nay là")')
given_names = _word_list("given_names.txt", 'foreign given names that open a name ("alexei")')
demonstratives = _word_list("demonstratives.txt", 'words referring back to an organisation named before ("này")')


@functools.cache
def organisation_heads() -> frozenset[str]:
    """`organisation_heads.txt`: roles whose title can be followed by an organisation's bare name."""
    return frozenset(data_lines("organisation_heads.txt"))
