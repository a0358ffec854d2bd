"""Officials stage: who held which office when — titled mentions, names resolved, roles normalised, evaluated.

Off-the-shelf Vietnamese NER knows no titles (and tags "Bùi Thanh Sơn" as a location), so extraction is built for
this job, driven by lexicons in `data/` that a researcher can read and extend:

- `titles.csv`: Vietnamese title → canonical English `role` (and its `generic` form, an organisation, a country);
- `qualifiers.csv`: country and organisation words that follow a title ("Nga", "Liên bang Nga", "Ban Chấp hành
  Trung ương Đảng");
- `people.csv`: canonical names, their country and spellings ("V. Pu-tin", "Putin" → Vladimir Putin);
- `title_markers.csv`: words before a title that make it an event ("được bầu làm" → elected) or a past title
  ("nguyên" → former);
- `vietnamese_surnames.txt`: the country of an unqualified official with a Vietnamese name;
- `name_prefixes.txt`: academic titles before a name ("GS.TS"), dropped;
- `not_names.txt`: words showing that a capitalised run after a title is an organisation ("Hội", "Bank").

A mention is a title (or a chain of titles: "Phó thủ tướng, Bộ trưởng Ngoại giao"), optional qualifiers, then a
name — or a name, a comma and the title ("Nguyễn Phú Trọng, Tổng Bí thư …"), or a name, an event marker and the
title ("Nguyễn Xuân Phúc được Quốc hội bầu làm Chủ tịch nước"). A title shared by names joined with "và" applies to
each. Plural titles ("hai Bộ trưởng"), relations ("người đồng cấp") and titles without a name are not mentions.
Only sentences that contain a title are POS-tagged (underthesea, cached): a name must hold a proper noun (Np) or be
a known person.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

import numpy as np
import pandas as pd

from vnnews import lexicons
from vnnews.cache import stage
from vnnews.letters import UPPER
from vnnews.lexicons import people, qualifiers, titles, vietnamese_surnames
from vnnews.text import pos_tags

COLUMNS = ["file", "doc_id", "date", "person", "title_as_written", "role", "country", "organisation", "kind",
           "former", "event", "sentence", "duplicate_of"]
# The kinds of office the analyses look at by default: not company chairmen and club presidents.
PUBLIC_KINDS = ("state", "party", "parliament", "diplomatic")
_FOLDED = attrgetter("folded")  # syllables are looked up in the phrase lexicons by their casefolded text


def _inner_capital(word: str) -> bool:
    """A capital right after a lower-case letter: "TPBank", "LienVietPostBank"; not "Kramp-Karrenbauer"."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _organisation_like(sylls: list[Syllable]) -> bool:
    """A capitalised run that names an organisation or a thing rather than a person (see data/not_names.txt):
    a syllable from that list, or ending with one of its longer words ("Vietcombank", "Vingroup"), a digit, or
    a capital inside a word."""
    not_names = lexicons.not_names()
    endings = tuple(w for w in not_names if len(w) >= 4)
    return any(s.folded in not_names or s.folded.endswith(endings) or any(ch.isdigit() for ch in s.text)
               or _inner_capital(s.text) for s in sylls)


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
    """The end of the longest entry of `table` starting at `start` (0 if none)."""
    return table.longest(sylls, start, fold=_FOLDED)


def _entry(sylls: list[Syllable], start: int, end: int, table: lexicons.PhraseTable):
    return table.phrase(sylls, start, end, fold=_FOLDED)


def _qualifiers(sylls: list[Syllable], i: int, mention: Mention) -> int:
    """Consume country/organisation words and parenthesised asides after a title, and the post of an envoy ("Đại
    sứ Nga tại Việt Nam": where the ambassador serves, not whose ambassador)."""
    table = qualifiers()
    while i < len(sylls):
        if sylls[i].folded == "tại" and (post := _longest(sylls, i + 1, table)) \
                and _entry(sylls, i + 1, post, table)["kind"] == "country":
            i = post
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


def _add_qualifier(row: dict, mention: Mention) -> None:
    if row["kind"] == "country":
        mention.countries.append(row["value"])
    else:
        mention.organisations.append(row["value"])
        if row["country"]:
            mention.countries.append(row["country"])


def _name_at(sylls: list[Syllable], i: int) -> int:
    """The end of a person's name starting at `i` (0 if none): capitalised syllables or initials ("V.").

    A country word ends the name ("… Bùi Thanh Sơn và Nga Sergei Lavrov") unless underthesea put it inside the
    same word as the name's start ("Vũ Đức Đam": "Đức" is also Germany).
    """
    j = i
    while j < len(sylls) and sylls[j].capitalised and not _longest(sylls, j, titles()) \
            and not (j > i and sylls[j].token != sylls[j - 1].token and _longest(sylls, j, qualifiers())):
        j += 1
    if j == i:
        return 0
    name = " ".join(s.text for s in sylls[i:j])
    known = name.casefold() in people()[0]
    proper = any(s.tag == "Np" for s in sylls[i:j]) and not _organisation_like(sylls[i:j])
    return j if (known or proper) and not _longest(sylls, i, qualifiers()) == j else 0


def _name_before(sylls: list[Syllable], end: int) -> tuple[int, int]:
    """A name ending right before `end` (its start and end), or (0, 0)."""
    start = end
    while start > 0 and sylls[start - 1].capitalised:
        start -= 1
    # a title, an honorific, or a capitalised word that is no proper noun before one ("Theo Nguyễn Tùng Lâm, …")
    while start < end and (_longest(sylls, start, titles()) or sylls[start].folded in _honorific_syllables()
                           or (sylls[start].tag != "Np" and any(s.tag == "Np" for s in sylls[start + 1: end]))):
        start += 1
    return (start, end) if start < end and _name_at(sylls, start) == end else (0, 0)


def _title_chain(sylls: list[Syllable], i: int, mention: Mention) -> int:
    """Titles joined by commas or "kiêm", each with its qualifiers; returns where the chain ends."""
    table = titles()
    while True:
        end = _longest(sylls, i, table)
        if not end:
            return i
        mention.titles.append((_entry(sylls, i, end, table), i, end))
        i = _qualifiers(sylls, end, mention)
        for joiner in lexicons.title_joiners():
            width = len(joiner.split())
            if " ".join(s.folded for s in sylls[i: i + width]) == joiner and _longest(sylls, i + width, table):
                i += width
                break
        else:
            return i


def _marker_before(sylls: list[Syllable], start: int) -> tuple[str, int]:
    """An event or former marker ending right before a title: (event, where the marker starts)."""
    table = lexicons.title_markers()
    for width in range(6, 0, -1):
        if start - width >= 0 and (key := " ".join(s.folded for s in sylls[start - width: start])) in table:
            return table[key], start - width
    return "", start


def parse(tagged: list[list[str]]) -> list[Mention]:
    """Titled mentions in one POS-tagged sentence."""
    sylls = _syllables(tagged)
    mentions, i = [], 0
    while i < len(sylls):
        if not _longest(sylls, i, titles()) or (i > 0 and sylls[i - 1].folded in lexicons.plural_markers()):
            i += 1
            continue
        mention = Mention(titles=[])
        end = _title_chain(sylls, i, mention)
        mention.span = (i, end)
        mention.event, marker_start = _marker_before(sylls, i)
        name_end = _name_at(sylls, end)
        heads = mention.titles[-1][0]["role"] in lexicons.organisation_heads()
        apposed = _apposed_name(sylls, end, name_end) if name_end and heads else (0, 0)
        if apposed[1]:  # "Chủ tịch Juventus, Andrea Agnelli": the first run names the organisation
            mention.organisations.append(" ".join(s.text for s in sylls[end:name_end]))
            mention.names.append(" ".join(s.text for s in sylls[apposed[0]:apposed[1]]))
            end = apposed[1]
        elif name_end:
            mention.names.append(" ".join(s.text for s in sylls[end:name_end]))
            end = _coordinated(sylls, name_end, mention)
        elif mention.event and mention.event != "former":
            start, stop = _name_before(sylls, marker_start)
            if stop:
                mention.names.append(" ".join(s.text for s in sylls[start:stop]))
        elif i >= 2 and sylls[i - 1].text == ",":
            start, stop = _name_before(sylls, i - 1)
            if stop:
                mention.names.append(" ".join(s.text for s in sylls[start:stop]))
        if mention.names:
            mentions.append(mention)
        i = max(end, i + 1)
    return mentions


def _apposed_name(sylls: list[Syllable], start: int, end: int) -> tuple[int, int]:
    """A name set off by a comma after the run that follows a title ("Chủ tịch Real Madrid, Florentino Perez"),
    which makes that run an organisation: its start and end, or (0, 0). Not after a known person or a Vietnamese
    name, nor when a list goes on ("Thủ tướng A, B và C") or another title follows."""
    first = " ".join(s.text for s in sylls[start:end])
    if end >= len(sylls) or sylls[end].text != "," or first.casefold() in people()[0] \
            or sylls[start].text in vietnamese_surnames():
        return 0, 0
    stop = _name_at(sylls, end + 1)
    if not stop or (stop < len(sylls) and (sylls[stop].text in {",", "và"} or _longest(sylls, stop, titles()))):
        return 0, 0
    return end + 1, stop


def _coordinated(sylls: list[Syllable], i: int, mention: Mention) -> int:
    """Names joined by "và" share the title: "Bộ trưởng Ngoại giao A và B"."""
    while i < len(sylls) and sylls[i].folded == "và" and not _longest(sylls, i + 1, titles()):
        own = Mention(titles=[])
        start = _qualifiers(sylls, i + 1, own)
        end = _name_at(sylls, start)
        if not end:
            break
        name = " ".join(s.text for s in sylls[start:end])
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
    candidates = {person for person in people()[1]
                  if person.split()[-1].casefold() == parts[-1].casefold()
                  and (not given or person.split()[0].casefold() == given[0].casefold())
                  and (not first or person[0].casefold() == first.casefold())}
    return candidates.pop() if len(candidates) == 1 else None


def resolve(name: str, in_document: Iterable[str]) -> str:
    """A canonical name: the alias table first, then a known person written with initials, then the full name in
    the same document that ends with it."""
    aliases, _ = people()
    if name.casefold() in aliases:
        return aliases[name.casefold()]
    if known := _known_by_initials(name):
        return known
    if len(name.split()) == 1:
        fuller = sorted({n for n in in_document if len(n.split()) > 1 and n.split()[-1].casefold() == name.casefold()})
        if fuller:
            return aliases.get(fuller[0].casefold(), fuller[0])
    return name


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
    return ("VN", "surname") if person.split()[0] in vietnamese_surnames() else ("", "")


def _role(row: dict, mention: Mention) -> str:
    """A title qualified by a country alone can name another office: "Chủ tịch Trung Quốc" is China's President."""
    if row["role_with_country"] and mention.countries and not mention.organisations:
        return row["role_with_country"]
    return row["role"]


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
    return mentions.assign(person=mentions["person"].replace(mapping))


def propagate_countries(mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill a weakly known country from the same person's mentions whose country the text or lexicon gives:
    "Thủ tướng Singapore Lý Hiển Long" once fixes every unqualified "Thủ tướng Lý Hiển Long" (whose family name
    would otherwise pass for Vietnamese)."""
    strong = mentions[mentions["_country_source"].isin(["qualifier", "title", "known"])]
    best = strong.groupby("person")["country"].agg(lambda c: sorted(c.value_counts().items(),
                                                                     key=lambda kv: (-kv[1], kv[0]))[0][0])
    weak = mentions["_country_source"].isin(["surname", ""]) & mentions["person"].isin(best.index)
    mentions.loc[weak, "country"] = mentions.loc[weak, "person"].map(best)
    return mentions.drop(columns="_country_source")


@stage("sentences", "documents")
def extract(sentences: pd.DataFrame, corpus: pd.DataFrame, workers: int | None = None) -> pd.DataFrame:
    """Every titled official in the news text of each loaded document (see COLUMNS), one row per mention × role;
    a study's `mentions`."""
    candidates = sentences[candidate_sentences(sentences)]
    tagged = pos_tags(candidates["words"].tolist(), workers=workers)
    raw = []
    for (doc_id, text), tags in zip(candidates[["doc_id", "text"]].itertuples(index=False), tagged):
        mentions = parse(tags)
        sylls = _syllables(tags) if mentions else []
        for mention in mentions:
            for row, start, _ in mention.titles:
                stop = next((s for _, s, _ in mention.titles if s > start), mention.span[1])
                written = _join(sylls[start:stop])
                for name in mention.names:
                    raw.append((doc_id, name, written, row, mention, text))
    docs = corpus.set_index("doc_id")
    titled = pd.DataFrame([(r[0], r[1]) for r in raw], columns=["doc_id", "name"])
    # full names only matter in documents with a titled mention: the rest need not be searched
    honorific = honorific_names(sentences[sentences["doc_id"].isin(set(titled["doc_id"]))])
    names_in_doc = pd.concat([titled, honorific]).groupby("doc_id")["name"].agg(set)
    rows = []
    for doc_id, name, written, title, mention, text in raw:
        person = resolve(name, names_in_doc.get(doc_id, set()))
        organisation = title["organisation"] or (mention.organisations[-1] if mention.organisations else "")
        country, source = _country(title, mention, name, person)
        rows.append({"file": docs.at[doc_id, "file"], "doc_id": doc_id, "date": docs.at[doc_id, "date"],
                     "person": person, "title_as_written": written, "role": _role(title, mention),
                     "country": country, "organisation": organisation, "former": mention.event == "former",
                     "event": "" if mention.event == "former" else mention.event, "sentence": text,
                     "duplicate_of": docs.at[doc_id, "duplicate_of"], "_country_source": source})
    mentions = resolve_across_documents(pd.DataFrame(rows, columns=COLUMNS + ["_country_source"]))
    mentions = specialise(propagate_countries(mentions))
    mentions["kind"] = [kind_of(role, organisation) for role, organisation in
                        zip(mentions["role"], mentions["organisation"])]
    # typed even when there is no mention: `mentions[~mentions.former]` must select rows, not columns
    return mentions[COLUMNS].astype({"former": bool, "kind": str})


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
    document ("Bộ trưởng Ngoại giao Bùi Thanh Sơn"), with its organisation and country."""
    refined = lexicons.specific_roles()
    for index, row in mentions.iterrows():
        if row["role"] not in refined:
            continue
        same = mentions[(mentions["doc_id"] == row["doc_id"]) & (mentions["person"] == row["person"])
                        & mentions["role"].isin(refined[row["role"]])]
        if len(same):
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

def load_gold(path: str | Path, corpus: pd.DataFrame) -> pd.DataFrame:
    """Hand annotations (`file, person, role`, …) for the documents of this corpus; empty when none apply."""
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=["file", "person", "role"])
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    return gold[gold["file"].isin(set(corpus["file"]))].reset_index(drop=True)


def evaluate(mentions: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 against hand annotations (`file, person, role`), per document, on the files the
    gold covers: at person level and at (person, role) level. Former titles are not counted as current."""
    files = set(gold["file"])
    predicted = mentions[mentions["file"].isin(files) & ~mentions["former"]]
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


def errors(mentions: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The (file, person, role) triples the extraction missed or added: `file, person, role, error`."""
    files = set(gold["file"])
    keys = ["file", "person", "role"]
    predicted = mentions[mentions["file"].isin(files) & ~mentions["former"]][keys].drop_duplicates()
    merged = predicted.merge(gold[keys].drop_duplicates(), how="outer", indicator=True)
    merged = merged[merged["_merge"] != "both"]
    merged["error"] = np.where(merged["_merge"] == "left_only", "extra", "missed")
    return merged[keys + ["error"]].sort_values(keys).reset_index(drop=True)


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
    is history."""
    mentions = select(mentions, persons, roles, countries, kinds)
    current = mentions[~mentions["former"] & (mentions["date"] != "")]
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
        said = current[(current["person"] == change.person) & (current["country"] == change.country)]
        if said.empty or not said["role"].isin([change.from_role, change.to_role]).any():
            continue
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
