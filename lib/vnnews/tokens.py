"""Tokens stage: segmented sentences → term tokens, the document-term data every analysis counts; and phrase search
in them (queries normalised like the corpus, `TermIndex`).

`term_tokens(sentences)` gives one row per word token with `doc_id, sid, position, word_index, word, term, start,
end, variant, is_content` — `sid` the sentence's row in `sentences`; `position` the token's index in the sentence
after variants are merged, `word_index` its first word's index in the segmentation; `word` the token as written;
`term` its normalised form; `start`/`end` its characters in the sentence text (-1 if it cannot be aligned);
`variant` True where a variant or abbreviation from `data/variants.csv` was mapped to its canonical form;
`is_content` False for punctuation, numbers and stopwords.

As quanteda's tokens object does, `doc_id`, `word` and `term` hold integer ids into a vocabulary: each is a pandas
Categorical (`tokens.term.cat.codes`, integers as narrow as the vocabulary allows, number
`tokens.term.cat.categories`, the vocabulary in sorted order), so a token costs at most 34 bytes, not a Python
string per column, and counts are sums over ids (`np.bincount`). A subset keeps the whole vocabulary:
`value_counts()` of one lists unused terms with 0. On disk the stage is Parquet (ids as integer columns, the
vocabulary beside them: `vnnews.cache`), and a stage that names the columns it reads gets only those.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

import numpy as np
import pandas as pd

from vnnews import lexicons
from vnnews.cache import cached as cached_stage
from vnnews.cache import code_version, content_key, stage
from vnnews.text import is_word

_NUMBER = re.compile(r"^[\W\d_]+$")


def is_number(token: str) -> bool:
    """Digits and punctuation without a letter: "2021", "27/4", "1.000", "2020-2021"."""
    return bool(_NUMBER.match(token)) and any(ch.isdigit() for ch in token)


def stoplist(extra: Iterable[str] = ()) -> frozenset[str]:
    """The shipped stopwords and `extra`, casefolded."""
    return lexicons.stopwords() | {w.strip().casefold() for w in extra if w.strip()}


def offsets(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Character span of each word in the sentence as written (underthesea keeps the characters); (-1, -1) for a
    word that cannot be found after the previous one."""
    spans, cursor = [], 0
    for word in words:
        start = text.find(word, cursor)
        if start < 0:
            spans.append((-1, -1))
            continue
        cursor = start + len(word)
        spans.append((start, cursor))
    return spans


def merge_variants(words: tuple[str, ...]) -> list[tuple[int, int, str, bool]]:
    """Variant phrases over a sentence's words, greedy longest match: (first, last+1, term, is_variant)."""
    table, merged, i = lexicons.variants(), [], 0
    while i < len(words):
        end = table.longest(words, i) if words[i].split(" ", 1)[0].casefold() in table.starts else 0
        if end and (end - i > 1 or table.phrase(words, i, end) != words[i]):
            merged.append((i, end, table.phrase(words, i, end), True))
            i = end
        else:
            merged.append((i, i + 1, words[i], False))
            i += 1
    return merged


# ---------------------------------------------------------------------------------------------------------------
# The document-term stage

# Sentences turned into term tokens at once: the flat arrays and frames of a batch are temporary, so the memory
# they take follows the batch, not the corpus (≈ 20 words a sentence: ≈ 400,000 tokens).
TOKEN_BATCH = 20_000
_INT32 = dict.fromkeys(["sid", "position", "word_index", "start", "end"], np.int32)  # a sentence or row index
CODED = ("doc_id", "word", "term")  # the columns held as integer ids into a vocabulary (pandas Categorical)


@stage("sentences")
def term_tokens(sentences: pd.DataFrame, extra_stopwords: tuple[str, ...] = ()) -> pd.DataFrame:
    """All sentences' words, a batch of sentences at a time (`_batch_tokens`), each batch's `CODED` columns turned
    into integer ids into vocabularies that grow batch by batch (no column of Python strings for the corpus); then
    the case forms, counted over the whole corpus, and numbers, punctuation and stopwords, judged once per
    vocabulary entry, not per token (see module docstring). `doc_id`, `word` and `term` are Categoricals whose
    categories are the vocabulary in sorted order (`cat.codes`: the ids)."""
    vocabularies: dict[str, dict[str, int]] = {column: {} for column in CODED}
    batches = []
    for first in range(0, max(len(sentences), 1), TOKEN_BATCH):
        batch = _batch_tokens(sentences.iloc[first: first + TOKEN_BATCH], first)
        batches.append(batch.assign(**{c: _encode(batch[c], vocabularies[c]) for c in CODED}))
        del batch
    tokens = pd.concat(batches, ignore_index=True)
    del batches
    terms = np.array(list(vocabularies["term"]), dtype=object)
    forms = _case_forms(terms, tokens["term"].to_numpy(), ~tokens["variant"].to_numpy(),
                        tokens["position"].to_numpy() > 0)
    codes, terms = pd.factorize(np.array([forms.get(t, t) for t in terms], dtype=object))
    stop = stoplist(extra_stopwords)
    content = np.array([not (t.casefold() in stop or is_number(t)) for t in terms], dtype=bool)
    tokens["term"] = codes.astype(np.int32)[tokens["term"].to_numpy()] if len(tokens) else tokens["term"]
    tokens["is_content"] = content[tokens["term"].to_numpy()] if len(tokens) else np.zeros(0, dtype=bool)
    names = {"doc_id": list(vocabularies["doc_id"]), "word": list(vocabularies["word"]), "term": list(terms)}
    for column in CODED:
        tokens[column] = _categorical(tokens[column].to_numpy(), names[column])
    return tokens


def _encode(values: pd.Series, vocabulary: dict[str, int]) -> np.ndarray:
    """Each value's id in `vocabulary` (int32), values not yet in it added with the next ids."""
    codes, uniques = pd.factorize(values)
    ids = np.fromiter((vocabulary.setdefault(u, len(vocabulary)) for u in uniques), dtype=np.int32,
                      count=len(uniques))
    return ids[codes] if len(codes) else np.zeros(0, dtype=np.int32)


def _categorical(ids: np.ndarray, names: list[str]) -> pd.Categorical:
    """Ids into `names` as a Categorical whose categories are the names in sorted order (Python's order of str, as
    `sorted` gives): its codes number the names so."""
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=np.int32)
    rank[order] = np.arange(len(names), dtype=np.int32)
    categories = pd.Index([names[i] for i in order], dtype=str)
    return pd.Categorical.from_codes(rank[ids] if len(ids) else ids, dtype=pd.CategoricalDtype(categories))


def _batch_tokens(sentences: pd.DataFrame, first: int) -> pd.DataFrame:
    """The term tokens of consecutive sentences, the first of them row `first` of the corpus's: their words in flat
    arrays, variants merged by greedy longest match where a word can start one, abbreviations split, punctuation
    left out; terms as written (case forms are the corpus's, `term_tokens`)."""
    table = lexicons.variants()
    words = sentences["words"].tolist()
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    flat = np.array([w for sentence in words for w in sentence] or [], dtype=object)
    sid = np.repeat(np.arange(len(words)), lengths)
    first_of_sentence = np.cumsum(lengths) - lengths
    word_index = np.arange(len(flat)) - np.repeat(first_of_sentence, lengths)
    spans = np.fromiter(chain.from_iterable(chain.from_iterable(map(offsets, sentences["text"].tolist(), words))),
                        dtype=np.int64, count=2 * len(flat)).reshape(-1, 2)  # no list of tuples
    start, end = spans[:, 0].copy(), spans[:, 1].copy()

    term, variant = flat.copy(), np.zeros(len(flat), dtype=bool)
    word, keep = flat.copy(), np.ones(len(flat), dtype=bool)
    can_start = _per_word(flat, lambda w: w.split(" ", 1)[0].casefold() in table.starts).astype(bool)
    taken = -1  # words up to here belong to a variant already merged
    for i in np.flatnonzero(can_start):
        if i < taken:
            continue
        stop = first_of_sentence[sid[i]] + lengths[sid[i]]
        last = table.longest(flat, i, stop)
        if last and (last - i > 1 or table.phrase(flat, i, last) != flat[i]):
            term[i], variant[i], word[i] = table.phrase(flat, i, last), True, " ".join(flat[i: last])
            end[i] = end[last - 1]
            keep[i + 1: last] = False
            taken = last
    tokens = pd.DataFrame({"doc_id": np.repeat(sentences["doc_id"].to_numpy(), lengths), "sid": sid + first,
                           "position": 0, "word_index": word_index, "word": word, "term": term, "start": start,
                           "end": end, "variant": variant})[keep]
    tokens = _split_abbreviations(tokens)
    tokens = tokens[_per_word(tokens["word"], is_word).astype(bool)].reset_index(drop=True)
    tokens["position"] = tokens.groupby("sid").cumcount()
    return tokens.astype(_INT32)


def _per_word(values: np.ndarray | pd.Series, function: Callable) -> np.ndarray:
    """`function` of each value, computed once per distinct value (a corpus has ~50 times fewer); a column of
    strings is encoded as it is, without a Python string per row."""
    codes, uniques = pd.factorize(values)
    return np.array([function(u) for u in uniques], dtype=object)[codes] if len(values) else np.array([], object)


def _split_abbreviations(tokens: pd.DataFrame) -> pd.DataFrame:
    """Abbreviations segmented as one token ("HĐBA LHQ"): one term each, at its place in the word."""
    table = lexicons.variants()
    splits = ~tokens["variant"] & _per_word(tokens["word"], lambda w: len(w.split()) > 1 and all(
        p.casefold() in table for p in w.split())).astype(bool)
    if not splits.any():
        return tokens
    rows = []
    for row in tokens[splits].itertuples(index=False):
        parts = tuple(row.word.split())
        for offset, part in zip(offsets(row.word, parts), parts):
            rows.append(row._replace(word=part, term=table[part.casefold()], variant=True,
                                     start=row.start + offset[0] if row.start >= 0 else -1,
                                     end=row.start + offset[1] if row.start >= 0 else -1))
    parts = pd.DataFrame(rows, columns=tokens.columns, index=np.repeat(tokens.index[splits], [
        len(w.split()) for w in tokens.loc[splits, "word"]]))
    return pd.concat([tokens[~splits], parts]).sort_index(kind="stable")


def ids(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column's values as integer ids and the values by id: a coded column's codes and vocabulary (`CODED`), any
    other column's factorisation."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    codes, uniques = pd.factorize(column)
    return codes, np.asarray(uniques, dtype=object)


def term_codes(terms: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Terms as integers numbered in the terms' sorted order, and the terms by number: what a vectorizer given
    lists of them sorts, counts and weighs exactly as it would the strings (the same vocabulary order), with an
    int in each list instead of a Python string per token."""
    if isinstance(terms.dtype, pd.CategoricalDtype) and terms.cat.categories.is_monotonic_increasing:
        return terms.cat.codes.to_numpy(), np.asarray(terms.cat.categories, dtype=object)  # already so numbered
    codes, uniques = pd.factorize(terms)
    uniques = np.asarray(uniques, dtype=object)
    order = np.argsort(uniques, kind="stable")  # Python's comparison of str, as `sorted` does
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques[order]


def grouped(keys: pd.Series, values: np.ndarray) -> tuple[np.ndarray, Iterator[list]]:
    """The distinct keys in sorted order, and for each, lazily, its rows' `values` in row order as a list: what
    `groupby(keys, sort=True)[column].apply(list)` gives, one group at a time (a vectorizer reading them holds one
    group's Python objects, not the corpus's)."""
    codes, names = term_codes(keys)
    order = np.argsort(codes, kind="stable")
    present, first = np.unique(codes[order], return_index=True)
    bounds = np.r_[first, len(order)]
    return names[present], (values[order[a:b]].tolist() for a, b in zip(bounds[:-1], bounds[1:]))


def _case_forms(terms: np.ndarray, ids: np.ndarray, plain: np.ndarray, inside: np.ndarray) -> dict[str, str]:
    """Case folding that does not merge a proper noun with a common word (`terms`: the vocabulary; `ids`: each
    token's term; `plain`: not a variant; `inside`: not the sentence's first word).

    A multi-syllable word is one word whatever the capitalisation ("Bộ trưởng" / "bộ trưởng", "Đối tác" /
    "đối tác"): all its forms take the one most used inside sentences. A one-syllable capitalised word inside a
    sentence is a name ("Nga", "Sơn") and stays apart from the common word; capitalised only because it opens the
    sentence, it folds to lower case when the lower-case word occurs in the corpus.
    """
    counts = np.bincount(ids[plain], minlength=len(terms))  # sums over token ids: no column of strings
    within = np.bincount(ids[plain & inside], minlength=len(terms))
    seen = np.flatnonzero(counts)
    forms = pd.DataFrame({"term": terms[seen], "all": counts[seen], "inside": within[seen].astype(float)})
    forms["key"] = forms["term"].str.casefold()
    forms = forms[forms["key"].duplicated(keep=False)]
    multi = forms[forms["key"].str.contains(" ", regex=False)].sort_values(
        ["key", "inside", "all", "term"], ascending=[True, False, False, True])
    best = multi.groupby("key")["term"].first()
    single = forms[~forms["key"].str.contains(" ", regex=False)]
    opening = single[(single["inside"] == 0) & (single["term"] != single["key"])
                     & single["key"].isin(set(single["term"]))]
    return dict(zip(multi["term"], multi["key"].map(best))) | dict(zip(opening["term"], opening["key"]))


@stage("tokens", "counted")
def of_documents(tokens: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The tokens of the given documents (a study's `counted_tokens`: those of its counted documents); the same
    frame when every document is counted. Stored like any stage, not kept by the study: held there it would be a
    second copy of nearly all the tokens (near-duplicates are a few per cent of a corpus) for the whole notebook."""
    counted = tokens["doc_id"].isin(set(docs["doc_id"])).to_numpy()
    return tokens if counted.all() else tokens[counted].reset_index(drop=True)


def chunks(tokens: pd.DataFrame | Iterable[pd.DataFrame]) -> Iterable[pd.DataFrame]:
    """A token table as the parts an analysis sums over: a frame is one part; a stage read in chunks
    (`vnnews.cache.Chunks`: "counted_tokens[doc_id,term]*") gives its row groups, each with whole documents and the
    whole vocabulary (the same ids in every part)."""
    return [tokens] if isinstance(tokens, pd.DataFrame) else tokens


@stage("counted_tokens[sid]*")
def size(tokens: pd.DataFrame) -> int:
    """The number of word tokens counted: the denominator of every per-10,000 rate."""
    return sum(len(chunk) for chunk in chunks(tokens))


# ---------------------------------------------------------------------------------------------------------------
# Phrase search

def query_syllables(query: str) -> list[str]:
    """A search phrase normalised like the corpus ("HĐBA" → hội đồng bảo an), as lower-case syllables."""
    from underthesea import word_tokenize

    merged = merge_variants(tuple(word_tokenize(query)))
    return " ".join(term for _, _, term, _ in merged if is_word(term)).casefold().split()


def query_forms(queries: Iterable[str]) -> dict[str, str]:
    """Each query's `query_syllables`, joined by spaces; cached, so a rerun need not load underthesea."""
    unique = sorted(set(queries))
    return cached_stage("vnnews.tokens.query_forms", content_key(unique, code_version(__name__)),
                        lambda: {q: " ".join(query_syllables(q)) for q in unique})


def _is_name(term: str) -> bool:
    """A word of several syllables, each capitalised: a name ("Sergei Lavrov"), not "Bộ trưởng"."""
    parts = term.split(" ")
    return len(parts) > 1 and all(part[:1].isupper() for part in parts)


INDEX_COLUMNS = ("sid", "start", "end")  # the token columns `TermIndex.tokens` keeps, with `doc`


class TermIndex:
    """Find phrases in the term stream, on word boundaries, however underthesea segmented them.

    All sentences are joined into one string of casefolded terms (a space between syllables and words, a line
    between sentences), with the offsets where words start and end. A phrase matches where its syllables occur
    starting at a word start and ending at a word end: "dầu khí" matches the word "dầu khí" or the words "dầu" +
    "khí", never the end of "vũ khí". With `name_parts`, the parts of a name (a word whose syllables are all
    capitalised, which underthesea keeps whole: "Sergei Lavrov", "Phạm Bình Minh") are words too: "Lavrov" finds
    "Sergei Lavrov" — what a reader searching a corpus expects (KWIC), though not what a dictionary of themes
    means ("Sudan" is not "Nam Sudan"). The search is a literal one, in C. `tokens` holds the `INDEX_COLUMNS` of
    the tokens, in order, renumbered from 0 (the rows `find` gives), and `doc`, the row's document as a number
    (`doc_ids` gives the doc_id).
    """

    def __init__(self, tokens: pd.DataFrame, name_parts: bool = False):
        tokens = _in_order(tokens)
        # what the searches read back of each row (sentence, characters, document as a number), in arrays of its
        # own: the index does not keep the token frame (words, terms, flags; views of one cache read) alive
        doc_codes, self.doc_names = ids(tokens["doc_id"])
        self.tokens = pd.DataFrame({"doc": doc_codes.astype(np.int32)} | {
            column: tokens[column].to_numpy(copy=True) for column in INDEX_COLUMNS})
        # terms casefolded and measured once per vocabulary entry; the text is joined from them (no list of
        # millions of strings); offsets and rows in 32 bits for any text below 2 GB (half the memory of 64)
        codes, uniques = ids(tokens["term"])
        folded = [term.casefold() for term in uniques]
        sizes = np.array([len(t) + 1 for t in folded], dtype=np.int64)  # one separator character after each
        width = np.int32 if int(sizes[codes].sum()) < 2**31 else np.int64
        ends = np.cumsum(sizes.astype(width)[codes], dtype=width)
        starts = ends - sizes.astype(width)[codes]
        ends -= 1
        sids = tokens["sid"].to_numpy()
        terms = np.array(folded, dtype=object)[codes]  # pointers to the distinct terms, not copies
        bounds = [0, *(np.flatnonzero(sids[1:] != sids[:-1]) + 1).tolist(), len(terms)]
        self.text = "\n".join(" ".join(terms[a:b]) for a, b in zip(bounds[:-1], bounds[1:]))
        del terms
        # inside names, each syllable boundary is a word boundary too, of the same token
        inner_starts, inner_ends, inner_rows = [], [], []
        names = np.array([_is_name(t) for t in uniques], dtype=bool)[codes] if name_parts and len(codes) else []
        for row in np.flatnonzero(names):
            for offset in (m.start() for m in re.finditer(" ", folded[codes[row]])):
                inner_ends.append(starts[row] + offset)
                inner_starts.append(starts[row] + offset + 1)
                inner_rows.append(row)
        self.starts, self.start_rows = _merged(starts, np.array(inner_starts, dtype=width), inner_rows, width)
        self.ends, self.end_rows = _merged(ends, np.array(inner_ends, dtype=width), inner_rows, width)

    def doc_ids(self, rows: np.ndarray) -> np.ndarray:
        """The doc_id of each of the given rows of `tokens`."""
        return self.doc_names[self.tokens["doc"].to_numpy()[rows]]

    def find(self, phrase: str) -> pd.DataFrame:
        """Rows of `tokens` where each match begins and ends: `first`, `last` (inclusive)."""
        syllables = query_syllables(phrase)
        if not syllables:
            return pd.DataFrame({"first": [], "last": []}, dtype=int)
        pattern = re.compile(re.escape(" ".join(syllables)))
        spans = np.array([(m.start(), m.end()) for m in pattern.finditer(self.text)], dtype=np.int64).reshape(-1, 2)
        first = np.searchsorted(self.starts, spans[:, 0])
        last = np.searchsorted(self.ends, spans[:, 1])
        valid = (first < len(self.starts)) & (last < len(self.ends))
        valid[valid] &= (self.starts[first[valid]] == spans[valid, 0]) & (self.ends[last[valid]] == spans[valid, 1])
        return pd.DataFrame({"first": self.start_rows[first[valid]], "last": self.end_rows[last[valid]]}, dtype=int)


def _merged(offsets: np.ndarray, inner: np.ndarray, inner_rows: list[int], width: type) -> tuple[np.ndarray,
                                                                                              np.ndarray]:
    """The tokens' offsets (increasing, one per row) and the offsets inside names (increasing, each of a row) as one
    increasing array, with the row of each: a merge of two sorted arrays, without sorting either."""
    rows = np.arange(len(offsets), dtype=width)
    if not len(inner):
        return offsets, rows
    places = np.searchsorted(offsets, inner, side="right")  # an inner offset never equals a token's
    return np.insert(offsets, places, inner), np.insert(rows, places, np.array(inner_rows, dtype=width))


def _in_order(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens in sentence and position order, renumbered from 0; `term_tokens` gives them so: then no copy is made."""
    sid, position = tokens["sid"].to_numpy(), tokens["position"].to_numpy()
    ordered = bool(np.all((sid[1:] > sid[:-1]) | ((sid[1:] == sid[:-1]) & (position[1:] > position[:-1]))))
    return (tokens if ordered else tokens.sort_values(["sid", "position"])).reset_index(drop=True)


@stage("tokens[doc_id,sid,position,term,start,end]", store=False)
def term_index(tokens: pd.DataFrame) -> TermIndex:
    """A study's index for searching its corpus (KWIC, dispersion, the search box), names searchable by their parts;
    built once per study."""
    return TermIndex(tokens, name_parts=True)
