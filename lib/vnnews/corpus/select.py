"""Subject selection: keep the articles a query selects ("vietnam-russia"), and say why each was or was not.

A query is the name of an entry of `data/queries.yaml` or is written inline. The language:

- A term is a word (`Nga`, `TP.HCM`, `Mát-xcơ-va`) or a `"quoted phrase"`. Terms match whole words of the NFC text,
  never inside a longer word (Unicode word characters: "Nga" is not in "Ngay", "VN" is not in "VNPT"). Whitespace
  in a phrase matches any run of whitespace; a dash matches any dash (- – —), and a dash standing alone in a phrase
  ("Việt - Nga") also matches without spaces around it ("Việt-Nga").
- A term written with a capital letter matches case-sensitively: it is a name, and "Nga" must not match "thiên
  nga" (a swan). A term in small letters matches in any case.
- `AND`, `OR`, `NOT` (upper case), parentheses; adjacent terms are joined by AND. NOT binds tightest, then AND,
  then OR.
- `@name` is another query of queries.yaml (no cycles). A reference to a paragraph-scope query holds for a
  document when one paragraph satisfies it; within a paragraph, when that paragraph does.
- A query's scope is `document` (the headline and the cleaned body together) or `paragraph` (one paragraph, the
  headline counting as one, must satisfy it). Inline queries have document scope.

The personal-name rule. "Nga" is Russia and a common woman's name. An occurrence of a term that ends with a given
name listed in `data/name_contexts.txt` does not count when the rules below read it as a name (`_reading`): after
a kinship word or a title before a person ("chị Nga", "Á hậu Phương Nga"), or after capitalised syllables that
make a Vietnamese full name ("Phương Nga", "Nguyễn Thị Nga") — but not after country words ("quan hệ Việt Nga"),
abbreviations ("LB Nga"), lower-case words ("Tổng thống Nga") or a common word opening the sentence ("Tại Nga").
A term that is itself a name ("Phương Nga") is not subject to the rule.

`match` gives (selected, evidence): the matched terms with counts ("Nga ×4; Việt Nam ×2 (paragraph 3)"), or why
the article was not selected ("@russia (Nga ×2) but no @vietnam", "Nga only as a personal name (Phương Nga ×2)").
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import yaml

from vnnews import lexicons
from vnnews.errors import ParameterError
from vnnews.letters import LOWER, UPPER
from vnnews.paths import DATA_DIR, data_lines

SCOPES = ("document", "paragraph")
KEYWORDS = ("AND", "OR", "NOT")
_SEPARATOR = "\x00"  # between headline and paragraphs in the searched text: neither a word character nor a space
_DASHES = "-‐‑–—"


# ---------------------------------------------------------------------------------------------------------------
# Lexicon readers (the project keeps one cached reader per data file; these two files are read only here)

@functools.cache
def query_definitions() -> dict[str, dict[str, str]]:
    """`queries.yaml`: name → {description, query, scope}, checked (a scope other than document or paragraph, or a
    missing query, is an error naming the entry)."""
    raw = yaml.safe_load((DATA_DIR / "queries.yaml").read_text(encoding="utf-8")) or {}
    return _checked_definitions(raw)


class NameContexts(NamedTuple):
    """`name_contexts.txt`, by section."""
    given_names: frozenset[str]
    kinship: tuple[str, ...]  # longest first, as written (the case rule of query terms applies)
    titles: tuple[str, ...]
    country_words: frozenset[str]
    name_syllables: frozenset[str]
    sentence_openers: frozenset[str]  # casefolded
    place_names: tuple[tuple[str, ...], ...]  # syllables


@functools.cache
def name_contexts() -> NameContexts:
    """`name_contexts.txt`: the given names that are also query terms and the words around them that make or
    unmake a name, one entry a line under `[section]` lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in data_lines("name_contexts.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is not None:
            current.append(" ".join(line.split()))

    def longest_first(name: str) -> tuple[str, ...]:
        return tuple(sorted(sections.get(name, []), key=lambda p: (-len(p.split()), p)))

    return NameContexts(
        given_names=frozenset(sections.get("given names", [])),
        kinship=longest_first("kinship"),
        titles=longest_first("titles"),
        country_words=frozenset(sections.get("country words", [])),
        name_syllables=frozenset(sections.get("name syllables", [])),
        sentence_openers=frozenset(w.casefold() for w in sections.get("sentence openers", [])),
        place_names=tuple(tuple(p.split()) for p in sections.get("place names", [])),
    )


@functools.cache
def _common_words() -> frozenset[str]:
    """One-syllable stopwords and the sentence openers: a capitalised one opening a sentence is not a name."""
    return frozenset(w for w in lexicons.stopwords() if " " not in w) | name_contexts().sentence_openers


def _checked_definitions(raw) -> dict[str, dict[str, str]]:
    if not isinstance(raw, Mapping):
        raise ParameterError("queries.yaml must map query names to {description, query, scope}")
    definitions = {}
    for name, entry in raw.items():
        if not isinstance(entry, Mapping) or not str(entry.get("query") or "").strip():
            raise ParameterError(f'queries.yaml: query "{name}" has no `query`')
        scope = str(entry.get("scope") or "document")
        if scope not in SCOPES:
            raise ParameterError(f'queries.yaml: query "{name}" has scope "{scope}"; use document or paragraph')
        definitions[str(name)] = {"description": str(entry.get("description") or ""),
                                  "query": " ".join(str(entry["query"]).split()), "scope": scope}
    return definitions


def query_names() -> list[str]:
    """The names of the queries of queries.yaml, sorted."""
    return sorted(query_definitions())


# ---------------------------------------------------------------------------------------------------------------
# Parsed queries: frozen, hashable, picklable trees

@dataclass(frozen=True)
class Term:
    text: str  # as written, NFC, whitespace collapsed
    phrase: bool  # written in quotes
    case_sensitive: bool  # written with a capital letter
    name_rule: bool  # ends with a given name of name_contexts.txt and is not itself a name

    def __str__(self) -> str:
        return f'"{self.text}"' if self.phrase else self.text


@dataclass(frozen=True)
class Not:
    operand: Node

    def __str__(self) -> str:
        return f"NOT {_shown(self.operand)}"


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return " AND ".join(_shown(o) for o in self.operands)


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(_shown(o) for o in self.operands)


@dataclass(frozen=True)
class Ref:
    name: str
    scope: str
    query: Node

    def __str__(self) -> str:
        return f"@{self.name}"


Node = Term | Not | And | Or | Ref


def _shown(node: Node) -> str:
    return f"({node})" if isinstance(node, And | Or) else str(node)


@dataclass(frozen=True)
class Query:
    """A parsed query. `tree` holds the resolved @references, so a Query needs no file to be matched."""
    name: str  # the queries.yaml name, or the inline text itself
    expression: str  # the query text
    scope: str  # "document" or "paragraph"
    tree: Node

    def terms(self) -> tuple[Term, ...]:
        return _terms(self.tree)


@functools.cache
def _terms(node: Node) -> tuple[Term, ...]:
    """Every distinct term of a tree, in the order written."""
    return tuple(dict.fromkeys(_walk_terms(node)))


@functools.cache
def _positive_terms(node: Node) -> tuple[Term, ...]:
    """The terms under an even number of NOTs: those whose presence can select."""
    return tuple(dict.fromkeys(_walk_terms(node, positive_only=True)))


def _walk_terms(node: Node, positive_only: bool = False, negated: bool = False) -> Iterator[Term]:
    if isinstance(node, Term):
        if not (positive_only and negated):
            yield node
    elif isinstance(node, Not):
        yield from _walk_terms(node.operand, positive_only, not negated)
    elif isinstance(node, Ref):
        yield from _walk_terms(node.query, positive_only, negated)
    else:
        for operand in node.operands:
            yield from _walk_terms(operand, positive_only, negated)


# ---------------------------------------------------------------------------------------------------------------
# Parsing

_WORD = re.compile(r'[^\s()"]+')


class _Token(NamedTuple):
    kind: str  # "word", "phrase", "ref", "(", ")", "AND", "OR", "NOT"
    text: str
    position: int  # 1-based character position in the query text


def _tokens(text: str) -> list[_Token]:
    tokens, i = [], 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, i + 1))
            i += 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise _SyntaxError(f'the quote at character {i + 1} is never closed')
            phrase = " ".join(text[i + 1:end].split())
            if not phrase:
                raise _SyntaxError(f'empty quotes at character {i + 1}')
            tokens.append(_Token("phrase", phrase, i + 1))
            i = end + 1
        else:
            match = _WORD.match(text, i)
            word = match.group(0)
            kind = word if word in KEYWORDS else "ref" if word.startswith("@") else "word"
            tokens.append(_Token(kind, word, i + 1))
            i = match.end()
    return tokens


class _SyntaxError(Exception):
    """A message about the query text; `_compile` adds which query it is."""


class _Parser:
    """Recursive descent: or := and ("OR" and)*; and := not ("AND"? not)*; not := "NOT" not | atom;
    atom := word | phrase | @ref | "(" or ")"."""

    def __init__(self, tokens: list[_Token], resolve):
        self.tokens, self.i, self.resolve = tokens, 0, resolve

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        self.i += 1
        return self.tokens[self.i - 1]

    def parse(self) -> Node:
        first = self.peek()
        if first is None:
            raise _SyntaxError("the query is empty")
        node = self.parse_or()
        if (extra := self.peek()) is not None:
            raise _SyntaxError(f'the ")" at character {extra.position} has no matching "("')
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            self.expect_operand(token)
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
                self.expect_operand(token)
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_not(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            self.expect_operand(token)
            return Not(self.parse_not())
        return self.parse_atom()

    def expect_operand(self, operator: _Token) -> None:
        """After AND, OR, NOT there must be something to combine."""
        token = self.peek()
        if token is None or token.kind in ("AND", "OR", ")"):
            where = "at the end" if token is None else f'before "{token.text}" (character {token.position})'
            raise _SyntaxError(f"{operator.kind} at character {operator.position} has nothing after it ({where})")

    def parse_atom(self) -> Node:
        token = self.take()
        if token.kind in ("AND", "OR"):
            raise _SyntaxError(f"{token.kind} at character {token.position} has nothing before it")
        if token.kind == ")":
            raise _SyntaxError(f'the ")" at character {token.position} has no matching "("')
        if token.kind == "(":
            if (inner := self.peek()) is not None and inner.kind == ")":
                raise _SyntaxError(f"empty parentheses at character {token.position}")
            if inner is None:
                raise _SyntaxError(f'the "(" at character {token.position} is never closed')
            node = self.parse_or()
            if (close := self.peek()) is None or close.kind != ")":
                raise _SyntaxError(f'the "(" at character {token.position} is never closed')
            self.take()
            return node
        if token.kind == "ref":
            return self.resolve(token)
        return _term(token.text, phrase=token.kind == "phrase")


def _term(text: str, phrase: bool) -> Term:
    text = unicodedata.normalize("NFC", text)
    return Term(text, phrase, case_sensitive=any(c.isupper() for c in text), name_rule=_takes_name_rule(text))


def _takes_name_rule(text: str) -> bool:
    """A term that ends with a given name ("Nga", "LB Nga", "Việt Nga") is checked by the name rules, unless the
    capitalised syllables before the name make the term itself a name ("Phương Nga")."""
    lex = name_contexts()
    words = text.split()
    if not words or words[-1] not in lex.given_names:
        return False
    run = _title_case_run(words[:-1])
    return not run or run[-1] in lex.country_words


def _title_case_run(words: Sequence[str]) -> list[str]:
    run: list[str] = []
    for word in reversed(words):
        if not _TITLE_CASE.fullmatch(word):
            break
        run.insert(0, word)
    return run


def compile_query(text: str, definitions: Mapping[str, Mapping[str, str]], name: str | None = None) -> Query:
    """Parse `text` against `definitions` (name → {query, scope}, as in queries.yaml): the query `name` when
    given, else an inline query of document scope. Errors are ParameterErrors saying what and where."""
    resolving: list[str] = []
    resolved: dict[str, Ref] = {}

    def resolve(token: _Token) -> Ref:
        target = token.text[1:]
        if target not in definitions:
            raise _SyntaxError(f"@{target} at character {token.position} is not a query of queries.yaml"
                               f"{_suggestion(target, definitions)}")
        if target in resolving:
            cycle = " → ".join([*resolving[resolving.index(target):], target])
            raise ParameterError(f"queries.yaml: the queries refer to each other in a cycle: {cycle}")
        if target not in resolved:
            resolved[target] = Ref(target, definitions[target].get("scope", "document"), parse(target))
        return resolved[target]

    def parse(query_name: str | None) -> Node:
        source = definitions[query_name]["query"] if query_name else text
        if query_name:
            resolving.append(query_name)
        try:
            return _Parser(_tokens(unicodedata.normalize("NFC", source)), resolve).parse()
        except _SyntaxError as error:
            where = f'queries.yaml, query "{query_name}"' if query_name else "the select query"
            raise ParameterError(f"{where} ({source}): {error}") from None
        finally:
            if query_name:
                resolving.pop()

    tree = parse(name)
    if name:
        return Query(name, definitions[name]["query"], definitions[name].get("scope", "document"), tree)
    return Query(text, text, "document", tree)


def _suggestion(word: str, names) -> str:
    close = difflib.get_close_matches(word.casefold(), [n.casefold() for n in names], n=1, cutoff=0.75)
    known = "known: " + ", ".join(sorted(names))
    return f' (did you mean "{close[0]}"? {known})' if close else f" ({known})"


def load_query(text: str) -> Query | None:
    """'' or whitespace → None (select everything). A name in data/queries.yaml → that query. Otherwise `text` is
    parsed as an inline query (document scope). Bad syntax or an unknown @reference raises ParameterError saying
    what is wrong and where; so does a single word that looks like a misspelt query name, which would otherwise
    be searched for as a word and select nothing (quote it to search for it)."""
    text = " ".join((text or "").split())
    if not text:
        return None
    definitions = query_definitions()
    if text in definitions:
        return compile_query(text, definitions, name=text)
    if re.fullmatch(r'[^\s()"@]+', text) and text not in KEYWORDS:
        close = difflib.get_close_matches(text.casefold(), list(definitions), n=1, cutoff=0.75)
        if close:
            raise ParameterError(f'select: "{text}" is not a query of queries.yaml (did you mean "{close[0]}"? '
                                 f'known: {", ".join(query_names())}); to search for the word, quote it: '
                                 f'"\\"{text}\\""')
    return compile_query(text, definitions)


# ---------------------------------------------------------------------------------------------------------------
# Finding terms

@functools.cache
def _regex(term: Term) -> re.Pattern:
    """Whole words; whitespace as any run of whitespace; any dash for a dash (a lone dash with optional spaces)."""
    parts = []
    for word in term.text.split():
        if all(c in _DASHES for c in word):
            parts.append(rf"\s*[{_DASHES}]+\s*")
            continue
        if parts and not parts[-1].endswith(r"\s*"):
            parts.append(r"\s+")
        parts.append("".join(f"[{_DASHES}]" if c in _DASHES else re.escape(c) for c in word))
    body = "".join(parts)
    start = r"(?<!\w)" if re.match(r"\w", term.text) else ""
    end = r"(?!\w)" if re.search(r"\w$", term.text) else ""
    return re.compile(start + body + end, 0 if term.case_sensitive else re.IGNORECASE)


class Reading(NamedTuple):
    """How the name rules read one occurrence of a given name."""
    kind: str  # "country": it counts; "personal" or "place": a name, it does not
    context: str  # the name as found ("Phương Nga", "chị Nga"), for the evidence
    weak_key: str = ""  # a country reading only because a common word opened the sentence: the words it dropped
    bare: bool = False  # a country reading with nothing capitalised, no title and no kinship word before the name


class Occurrence(NamedTuple):
    term: Term
    start: int
    end: int
    unit: int  # 0 = headline, n = paragraph n
    reading: Reading | None  # None: no name rule applies

    @property
    def counts(self) -> bool:
        return self.reading is None or self.reading.kind == "country"


class _Text:
    """The headline and paragraphs of one article, searched as one string with unit boundaries."""

    def __init__(self, title: str, paragraphs: Sequence[str]):
        self.units = [unicodedata.normalize("NFC", u) for u in [title or "", *paragraphs]]
        self.starts, position = [], 0
        for unit in self.units:
            self.starts.append(position)
            position += len(unit) + len(_SEPARATOR)
        self.text = _SEPARATOR.join(self.units)

    def unit_of(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def around(self, start: int, end: int) -> tuple[str, str]:
        unit = self.unit_of(start)
        unit_start = self.starts[unit]
        return self.text[unit_start:start], self.text[end:unit_start + len(self.units[unit])]


@functools.cache
def _needle(term: Term) -> str:
    """The longest run of word characters of a term, casefolded: a term whose needle is not in the casefolded
    text cannot match, and a substring test is far cheaper than the regular expression."""
    return max(re.findall(r"\w+", term.text.casefold()), key=len, default="")


def _occurrences(terms: Sequence[Term], text: _Text) -> list[Occurrence]:
    lex = name_contexts()
    found = []
    folded = text.text.casefold()
    for term in terms:
        if _needle(term) not in folded:
            continue
        for match in _regex(term).finditer(text.text):
            reading = None
            last = match.group(0).split()[-1] if match.group(0).split() else ""
            if term.name_rule and last in lex.given_names:
                name_start = match.end() - len(last)
                before, after = text.around(name_start, match.end())
                reading = _reading(before, last, after)
            found.append(Occurrence(term, match.start(), match.end(), text.unit_of(match.start()), reading))
    return _remembered(found)


_PERSON_MAJORITY = 2  # a person is "the article's Nga" when named this many times as often as the rest


def _remembered(found: list[Occurrence]) -> list[Occurrence]:
    """What the article itself says about the given name:

    - a name established in the article ("chị Thanh Nga") is a name at a sentence start too ("Thanh Nga nói"),
      where the opening word alone looked like a common word;
    - in an article that names a person with it at least twice as often as it uses it otherwise (an interview
      with "Á hậu Phương Nga"), a bare occurrence, with nothing capitalised, no title and no kinship word before
      it ("Tôi biết Nga từ …"), is that person, the short name of the article's subject.
    """
    names = {o.reading.context for o in found if o.reading and o.reading.kind == "personal"}
    found = [o._replace(reading=Reading("personal", o.reading.weak_key))
             if o.reading and o.reading.weak_key in names else o for o in found]
    readings = [o.reading for o in found if o.reading]
    persons = Counter(r.context for r in readings if r.kind == "personal")
    others = sum(r.kind == "country" for r in readings)
    if not persons or sum(persons.values()) < _PERSON_MAJORITY * max(others, 1):
        return found
    person = persons.most_common(1)[0][0]
    return [o._replace(reading=Reading("personal", f"{o.reading.context} (= {person})"))
            if o.reading and o.reading.bare else o for o in found]


# ---------------------------------------------------------------------------------------------------------------
# The name rules

_TITLE_CASE = re.compile(rf"{UPPER}{LOWER}*")
_OPENING = "\"“‘'([«"
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’)»\]]*$")
_NAME_AFTER = re.compile(rf"\s+{UPPER}{LOWER}+(?!\w)")


def _syllables(before: str) -> tuple[list[str], list[str], bool]:
    """(lead, run, sentence_start): the capitalised syllables right before the given name (`run`, title case:
    first letter capital, the rest small), the words before them (`lead`), and whether the run opens a sentence
    (paragraph start, after . ! ? … : ; or after an opening quote or bracket)."""
    words = before.split()
    run: list[str] = []
    opened = False
    while words:
        word = words[-1]
        bare = word.lstrip(_OPENING)
        if not _TITLE_CASE.fullmatch(bare):
            break
        run.insert(0, bare)
        words.pop()
        if bare != word:
            opened = True
            break
    sentence_start = bool(run) and (opened or not words or bool(_SENTENCE_END.search(words[-1])))
    return words, run, sentence_start


def _same(entry: str, word: str) -> bool:
    """The case rule of query terms, for lexicon entries: capitalised entries match exactly."""
    return word == entry if any(c.isupper() for c in entry) else word.casefold() == entry.casefold()


def _ends_with(words: Sequence[str], phrases: Sequence[str]) -> str:
    """The first (longest) of `phrases` that `words` end with, as written in the text; '' when none."""
    for phrase in phrases:
        parts = phrase.split()
        tail = list(words[-len(parts):]) if len(parts) <= len(words) else []
        if tail and all(_same(p, w) for p, w in zip(parts, tail)):
            return " ".join(tail)
    return ""


def _reading(before: str, name: str, after: str) -> Reading:
    """Whether the given name `name` between `before` and `after` (its paragraph's text) is a name or the
    country. The rules, in order:

    1. a place name of name_contexts.txt ("Nga Sơn") → a place;
    2. a kinship word or a title right before the name or before the capitalised syllables that precede it
       ("chị Nga", "Cô Nguyễn Kim Nga", "Á hậu Phương Nga") → a person; but a title right before the name alone
       names a foreigner when a capitalised name follows ("ca sĩ Nga Dima Bilan") or a plural word precedes
       ("các diễn viên Nga") → the country;
    3. no capitalised syllable right before ("Tổng thống Nga", "LB Nga", "Việt - Nga", "Nga là") → the country;
    4. a common word opening the sentence ("Tại Nga", "Cả Nga") is dropped from the syllables;
    5. a country word last ("quan hệ Việt Nga", "Xô", "miền Nam Nga") → the country, unless the syllables start
       with a surname ("bà Trần Việt Nga" is caught by 2, "Trần Việt Nga" here);
    6. syllables starting with a surname, holding "Thị", or a single syllable ("Phương Nga", "Hằng Nga") → a
       person; two or more others ("Biển Đen Nga", "Liên Bang Nga") are a proper noun the country qualifies.
    """
    lex = name_contexts()
    lead, run, sentence_start = _syllables(before)
    for place in lex.place_names:
        if name in place and _is_place(place, name, lead + run, after):
            return Reading("place", " ".join(place))
    if person := _titled(lead, run, name, after, lex):
        return Reading("personal", person)
    if not run:
        return Reading("country", name, bare=not _ends_with(lead, lex.titles))
    weak_key = ""
    surnames = lexicons.vietnamese_surnames()
    full_name = len(run) >= 2 and run[0] in surnames
    if sentence_start and run[0].casefold() in _common_words() and not full_name:
        weak_key = " ".join([*run, name])
        run = run[1:]
        if not run:
            return Reading("country", name, weak_key)
    full_name = len(run) >= 2 and run[0] in surnames
    if run[-1] in lex.country_words and not full_name:
        return Reading("country", name, weak_key)
    if run[0] in surnames or lex.name_syllables.intersection(run) or len(run) == 1:
        return Reading("personal", " ".join([*run, name]))
    return Reading("country", name, weak_key)


def _is_place(place: tuple[str, ...], name: str, words_before: list[str], after: str) -> bool:
    """The syllables of `place` around the name are the words right before it and right after it (a comma or a
    full stop may follow: "ở Nga Sơn, Thanh Hóa")."""
    i = place.index(name)
    needed_before, needed_after = list(place[:i]), place[i + 1:]
    if needed_before and words_before[len(words_before) - len(needed_before):] != needed_before:
        return False
    return not needed_after or bool(re.match(r"\s+" + r"\s+".join(map(re.escape, needed_after)) + r"(?!\w)", after))


def _titled(lead: list[str], run: list[str], name: str, after: str, lex: NameContexts) -> str:
    """The person's name when a kinship word or title stands before it ('' when none): "Nguyễn Kim Nga" in
    "cô Nguyễn Kim Nga", "chị Nga" in "chị Nga"."""
    words = lead + run
    for first in range(len(lead), len(words) + 1):  # the name is words[first:] + name
        before = words[:first]
        if kin := _ends_with(before, lex.kinship):
            return " ".join(words[first:] + [name]) if first < len(words) else f"{kin} {name}"
        if title := _ends_with(before, lex.titles):
            if first < len(words):
                return " ".join(words[first:] + [name])
            plural = before[:len(before) - len(title.split())][-1:]
            if _NAME_AFTER.match(after) or (plural and plural[0].casefold() in lexicons.plural_markers()):
                return ""
            return f"{title} {name}"
    return ""


# ---------------------------------------------------------------------------------------------------------------
# Matching

class _Match:
    """One article against one query: occurrences by term, and the query evaluated on sets of units."""

    def __init__(self, query: Query, title: str, paragraphs: Sequence[str]):
        self.query = query
        self.text = _Text(title, paragraphs)
        self.all = range(len(self.text.units))
        self.occurrences = _occurrences(query.terms(), self.text)
        self.units: dict[Term, set[int]] = {term: set() for term in query.terms()}
        for o in self.occurrences:
            if o.counts:
                self.units[o.term].add(o.unit)
        self.shown = _shown_occurrences(self.occurrences, set(_positive_terms(query.tree)))

    def holds(self, node: Node, units: range) -> bool:
        if isinstance(node, Term):
            return not self.units[node].isdisjoint(units)
        if isinstance(node, Not):
            return not self.holds(node.operand, units)
        if isinstance(node, And):
            return all(self.holds(o, units) for o in node.operands)
        if isinstance(node, Or):
            return any(self.holds(o, units) for o in node.operands)
        if node.scope == "paragraph" and len(units) > 1:
            return any(self.holds(node.query, range(u, u + 1)) for u in units)
        return self.holds(node.query, units)

    def satisfying_units(self) -> list[int]:
        return [u for u in self.all if self.holds(self.query.tree, range(u, u + 1))]

    def counts(self, node: Node, units) -> str:
        """The matched positive terms of `node` in `units`, most frequent first, then in the query's order."""
        terms = _positive_terms(node)
        return _counted(Counter(o.term for o in self.shown if o.unit in units and o.term in terms), terms)

    def excluded(self, node: Node, units) -> str:
        """The part after a NOT that holds, with the counts of its terms: "Kremlin ×1", "(Kremlin OR Moskva)
        (Kremlin ×1)"."""
        terms = _terms(node)
        counts = _counted(Counter(o.term for o in self.occurrences
                                  if o.counts and o.unit in units and o.term in terms), terms)
        if isinstance(node, Term):
            return counts
        return f"{_shown(node)} ({counts})"

    def name_note(self, node: Node, units) -> str:
        """"Nga only as a personal name (Phương Nga ×2)" for the terms of `node` seen only as names."""
        notes = []
        for term in _positive_terms(node):
            found = [o for o in self.occurrences if o.term == term and o.unit in units]
            if found and not any(o.counts for o in found):
                contexts = Counter(o.reading.context for o in found)
                kinds = {o.reading.kind for o in found}
                kind = ("a personal name" if kinds == {"personal"} else "a place name" if kinds == {"place"}
                        else "a personal or place name")
                shown = "; ".join(f"{c} ×{n}" for c, n in contexts.most_common(3))
                more = "; …" if len(contexts) > 3 else ""
                notes.append(f"{term.text} only as {kind} ({shown}{more})")
        return "; ".join(notes)

    def any_term(self, node: Node, units) -> bool:
        return any(not self.units[t].isdisjoint(units) for t in _positive_terms(node))

    def described(self, node: Node, units) -> str:
        """A part that holds, with its evidence: "@russia (Nga ×4)", "Nga ×4"."""
        counts = self.counts(node, units)
        if isinstance(node, Term):
            return counts or str(node)
        return f"{_shown(node)} ({counts})" if counts else _shown(node)

    def why_not(self, node: Node, units) -> str:
        """Why `node` does not hold in `units`, short and specific."""
        if isinstance(node, Term):
            return self.name_note(node, units) or f"no {node}"
        if isinstance(node, Not):
            return f"excluded by NOT {self.excluded(node.operand, units)}"
        if isinstance(node, And):
            held = [self.described(o, units) for o in node.operands if self.holds(o, units)]
            failed = [self.why_not(o, units) for o in node.operands if not self.holds(o, units)]
            return " and ".join(held) + " but " + "; ".join(failed) if held else "; ".join(failed)
        if isinstance(node, Or):
            if not self.any_term(node, units):
                return self.name_note(node, units) or f"no term of {_shown(node)}"
            return "; ".join(self.why_not(o, units) for o in node.operands)
        if node.scope == "paragraph" and len(units) > 1 and self.holds(node.query, units):
            return f"{node} not in one paragraph ({self.together(node.query, units)})"
        if not self.any_term(node, units):
            note = self.name_note(node, units)
            return f"no {node}: {note}" if note else f"no {node}"
        return f"{node} not satisfied: {self.why_not(node.query, units)}"

    def together(self, node: Node, units) -> str:
        if isinstance(node, And):
            return " and ".join(self.described(o, units) for o in node.operands)
        return self.counts(node, units)

    def evidence(self) -> tuple[bool, str]:
        tree = self.query.tree
        if self.query.scope == "paragraph":
            hits = self.satisfying_units()
            if hits:
                return True, f"{self.counts(tree, set(hits))} ({_where(hits)})"
        elif self.holds(tree, self.all):
            return True, self.counts(tree, self.all) or "none of the terms after NOT"
        if not self.any_term(tree, self.all):
            return False, self.name_note(tree, self.all) or "no term of the query"
        if self.query.scope == "paragraph" and self.holds(tree, self.all):
            return False, f"{self.together(tree, self.all)}, but never in the same paragraph"
        return False, self.why_not(tree, self.all)


def _counted(counter: Counter, terms: tuple[Term, ...]) -> str:
    """"Nga ×4; Việt Nam ×2": most frequent first, ties in the query's order."""
    ordered = sorted(counter, key=lambda t: (-counter[t], terms.index(t)))
    return "; ".join(f"{t.text} ×{counter[t]}" for t in ordered)


def _where(units: list[int]) -> str:
    first = "headline" if units[0] == 0 else f"paragraph {units[0]}"
    return first if len(units) == 1 else f"{first} first, {len(units)} paragraphs"


def _shown_occurrences(occurrences: list[Occurrence], positive: set[Term]) -> list[Occurrence]:
    """The counted occurrences of positive terms, without those inside a longer (or earlier, equal) occurrence
    of another term: "Liên bang Nga" is shown once, not also as "Nga"."""
    kept = sorted((o for o in occurrences if o.counts and o.term in positive), key=lambda o: (o.start, -o.end))
    shown, reach = [], -1
    for o in kept:
        if o.end <= reach:
            continue
        shown.append(o)
        reach = max(reach, o.end)
    return shown


def match(query: Query, title: str, paragraphs: Sequence[str]) -> tuple[bool, str]:
    """(selected, evidence). The text searched is the headline plus the cleaned paragraphs (the headline counts
    as a paragraph for paragraph scope). Selected: the matched terms with counts, most frequent first ("Nga ×4;
    Việt Nam ×2"; for paragraph scope, in the paragraphs that satisfy the query, and which came first:
    "(paragraph 3)"). Not selected: why ("no term of the query", "Nga only as a personal name (Phương Nga ×2)",
    "@russia (Nga ×1) and @vietnam (Việt Nam ×1), but never in the same paragraph")."""
    return _Match(query, title, paragraphs).evidence()
