"""Terms stage: segmented sentences → terms → frequency, tf-idf, collocations, keyness, KWIC and trends.

Each analysis returns a tidy DataFrame whose columns its docstring lists. The unit is the Vietnamese *word* as
underthesea segments it ("Bộ trưởng", "Liên bang", "hợp tác"), never the syllable.

`term_tokens(sentences)` is the document-term stage: one row per word token with
`doc_id, sid, position, word, term, start, end, is_content, variant` —
`sid` the sentence's row in `sentences`; `position` the token's index in the sentence after variants are merged;
`word` the token as written; `term` its normalised form; `start`/`end` its characters in the sentence text
(-1 if it cannot be aligned); `is_content` False for punctuation, numbers and stopwords; `variant` True where a
variant or abbreviation from `data/variants.csv` was mapped to its canonical form.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Iterable

import numpy as np
import pandas as pd

from vnnews.cache import content_key, keyed, stage, staged
from vnnews.corpus import loaded, periods
from vnnews.errors import ParameterError
from vnnews.paths import data_lines, data_table
from vnnews.text import is_word, pos_tags

# ---------------------------------------------------------------------------------------------------------------
# Lexicons


@functools.cache
def default_stopwords() -> frozenset[str]:
    """The shipped stopword list (MIT, see data/stopwords.SOURCE.md) minus data/stopwords_keep.txt, casefolded."""
    keep = {w.casefold() for w in data_lines("stopwords_keep.txt")}
    return frozenset(w.casefold() for w in data_lines("stopwords.txt")) - keep


def stoplist(extra: Iterable[str] = ()) -> frozenset[str]:
    return default_stopwords() | {w.strip().casefold() for w in extra if w.strip()}


@functools.cache
def variants() -> dict[str, str]:
    """casefolded variant (words joined by spaces) → canonical form, from data/variants.csv."""
    table = data_table("variants.csv")
    return {v.casefold(): c for v, c in zip(table["variant"], table["canonical"])} | {
        c.casefold(): c for c in table["canonical"]}


@functools.cache
def function_tags() -> frozenset[str]:
    return frozenset(line.split("\t")[0] for line in data_lines("function_tags.txt"))


_NUMBER = re.compile(r"^[\W\d_]+$")


def is_number(token: str) -> bool:
    """Digits and punctuation without a letter: "2021", "27/4", "1.000", "2020-2021"."""
    return bool(_NUMBER.match(token)) and any(ch.isdigit() for ch in token)


# ---------------------------------------------------------------------------------------------------------------
# Document-term stage

@functools.cache
def _variant_starts() -> frozenset[str]:
    """The first syllables of variant phrases: a word that starts with none of them cannot start a variant."""
    return frozenset(key.split()[0] for key in variants())


def _merge_variants(words: tuple[str, ...], table: dict[str, str], longest: int) -> list[tuple[int, int, str, bool]]:
    """Greedy longest match of variant phrases over a sentence's words: (first, last+1, term, is_variant)."""
    merged, i, starts = [], 0, _variant_starts()
    while i < len(words):
        first = words[i].split(" ", 1)[0].casefold()
        for length in range(min(longest, len(words) - i), 0, -1) if first in starts else ():
            key = " ".join(words[i: i + length]).casefold()
            if key in table and (length > 1 or table[key] != words[i]):
                merged.append((i, i + length, table[key], True))
                i += length
                break
        else:
            merged.append((i, i + 1, words[i], False))
            i += 1
    return merged


def _offsets(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character span of each word in the sentence as written (underthesea keeps the characters)."""
    spans, cursor = [], 0
    for word in words:
        start = text.find(word, cursor)
        if start < 0:
            spans.append((-1, -1))
            continue
        spans.append((start, start + len(word)))
        cursor = start + len(word)
    return spans


def _case_forms(tokens: pd.DataFrame) -> dict[str, str]:
    """Case folding that does not merge a proper noun with a common word.

    A multi-syllable word is one word whatever the capitalisation ("Bộ trưởng" / "bộ trưởng", "Đối tác" /
    "đối tác"): all its forms take the one most used inside sentences. A one-syllable capitalised word inside a
    sentence is a name ("Nga", "Sơn") and stays apart from the common word; capitalised only because it opens the
    sentence, it folds to lower case when the lower-case word occurs in the corpus.
    """
    plain = tokens[~tokens["variant"]]
    counts = plain["term"].value_counts()
    forms = pd.DataFrame({"term": counts.index, "all": counts.to_numpy()})
    forms["inside"] = forms["term"].map(plain.loc[plain["position"] > 0, "term"].value_counts()).fillna(0)
    forms["key"] = forms["term"].str.casefold()
    forms = forms[forms["key"].duplicated(keep=False)]
    multi = forms[forms["key"].str.contains(" ", regex=False)].sort_values(
        ["key", "inside", "all", "term"], ascending=[True, False, False, True])
    best = multi.groupby("key")["term"].first()
    single = forms[~forms["key"].str.contains(" ", regex=False)]
    opening = single[(single["inside"] == 0) & (single["term"] != single["key"]) & single["key"].isin(set(single["term"]))]
    return dict(zip(multi["term"], multi["key"].map(best))) | dict(zip(opening["term"], opening["key"]))


def term_tokens(sentences: pd.DataFrame, extra_stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """The document-term stage: one row per word token (see module docstring); a cached stage."""
    extra = sorted({w.strip().casefold() for w in extra_stopwords if w.strip()})
    key = content_key(sentences, extra)
    return stage("term_tokens", key, lambda: _term_tokens(sentences, extra))


def _all_offsets(texts: list[str], words: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """`_offsets` of every sentence, flattened: start and end arrays, one entry per word."""
    starts, ends = [], []
    for text, sentence in zip(texts, words):
        cursor = 0
        for word in sentence:
            start = text.find(word, cursor)
            if start < 0:
                starts.append(-1)
                ends.append(-1)
            else:
                cursor = start + len(word)
                starts.append(start)
                ends.append(cursor)
    return np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)


def _per_word(values: np.ndarray, function) -> np.ndarray:
    """`function` of each value, computed once per distinct value (a corpus has ~50 times fewer)."""
    codes, uniques = pd.factorize(values)
    return np.array([function(u) for u in uniques], dtype=object)[codes] if len(values) else np.array([], object)


def _term_tokens(sentences: pd.DataFrame, extra_stopwords: list[str]) -> pd.DataFrame:
    """All sentences' words in flat arrays; variants merged by greedy longest match (`_merge_variants`), tried only
    where a word can start one; numbers, punctuation and stopwords judged once per distinct word."""
    table = variants()
    longest = max(len(k.split()) for k in table)
    words = sentences["words"].tolist()
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    flat = np.array([w for sentence in words for w in sentence] or [], dtype=object)
    sid = np.repeat(np.arange(len(words)), lengths)
    first_of_sentence = np.cumsum(lengths) - lengths
    word_index = np.arange(len(flat)) - np.repeat(first_of_sentence, lengths)
    start, end = _all_offsets(sentences["text"].tolist(), words)

    term, variant = flat.copy(), np.zeros(len(flat), dtype=bool)
    word, keep = flat.copy(), np.ones(len(flat), dtype=bool)
    can_start = _per_word(flat, lambda w: w.split(" ", 1)[0].casefold() in _variant_starts()).astype(bool)
    taken = -1  # words up to here belong to a variant already merged
    for i in np.flatnonzero(can_start):
        if i < taken:
            continue
        stop = first_of_sentence[sid[i]] + lengths[sid[i]]
        for length in range(min(longest, stop - i), 0, -1):
            key = " ".join(flat[i: i + length]).casefold()
            if key in table and (length > 1 or table[key] != flat[i]):
                term[i], variant[i], word[i] = table[key], True, " ".join(flat[i: i + length])
                end[i] = end[i + length - 1]
                keep[i + 1: i + length] = False
                taken = i + length
                break
    tokens = pd.DataFrame({"doc_id": np.repeat(sentences["doc_id"].to_numpy(), lengths), "sid": sid,
                           "position": 0, "word_index": word_index, "word": word, "term": term, "start": start,
                           "end": end, "variant": variant})[keep]
    tokens = _split_abbreviations(tokens, table)
    tokens = tokens[_per_word(tokens["word"].to_numpy(), is_word).astype(bool)].reset_index(drop=True)
    tokens["position"] = tokens.groupby("sid").cumcount()
    forms = _case_forms(tokens)
    tokens["term"] = _per_word(tokens["term"].to_numpy(), lambda t: forms.get(t, t))
    stop = stoplist(extra_stopwords)
    tokens["is_content"] = ~_per_word(tokens["term"].to_numpy(), lambda t: t.casefold() in stop or is_number(t)
                                      ).astype(bool)
    tokens["term"] = tokens["term"].astype(str)
    return tokens


def _split_abbreviations(tokens: pd.DataFrame, table: dict[str, str]) -> pd.DataFrame:
    """Abbreviations segmented as one token ("HĐBA LHQ"): one term each, at its place in the word."""
    splits = ~tokens["variant"] & _per_word(tokens["word"].to_numpy(), lambda w: len(w.split()) > 1 and all(
        p.casefold() in table for p in w.split())).astype(bool)
    if not splits.any():
        return tokens
    rows = []
    for row in tokens[splits].itertuples(index=False):
        parts = tuple(row.word.split())
        for offset, part in zip(_offsets(row.word, parts), parts):
            rows.append(row._replace(word=part, term=table[part.casefold()], variant=True,
                                     start=row.start + offset[0] if row.start >= 0 else -1,
                                     end=row.start + offset[1] if row.start >= 0 else -1))
    parts = pd.DataFrame(rows, columns=tokens.columns, index=np.repeat(tokens.index[splits], [
        len(w.split()) for w in tokens.loc[splits, "word"]]))
    return pd.concat([tokens[~splits], parts]).sort_index(kind="stable")


@keyed
def drop_duplicate_docs(tokens: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Tokens of documents not flagged as a copy of an earlier one."""
    copies = set(corpus.loc[corpus["duplicate_of"] != "", "doc_id"])
    return tokens[~tokens["doc_id"].isin(copies)]


# ---------------------------------------------------------------------------------------------------------------
# Parts of speech, where known

def term_pos(tokens: pd.DataFrame, sentences: pd.DataFrame, terms: Iterable[str], contexts: int = 3) -> pd.Series:
    """The part of speech of each term: the most frequent underthesea tag over its first `contexts` sentences.

    Only the given terms' contexts are tagged (and cached), on the words of the segmentation, so tags and words
    line up. Returns a Series term → tag.
    """
    wanted = tokens[tokens["term"].isin(set(terms))].drop_duplicates(["term", "sid"]).groupby("term").head(contexts)
    sids = sorted(set(wanted["sid"]))
    tagged = dict(zip(sids, pos_tags(sentences.loc[sids, "words"].tolist())))
    votes: dict[str, Counter] = {}
    for term, sid, index in wanted[["term", "sid", "word_index"]].itertuples(index=False):
        votes.setdefault(term, Counter())[tagged[sid][index][1]] += 1
    return pd.Series({term: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for term, c in votes.items()},
                     dtype=str)


# ---------------------------------------------------------------------------------------------------------------
# Analyses

@staged
def frequency(tokens: pd.DataFrame, sentences: pd.DataFrame, top_n: int = 40, min_count: int = 1) -> pd.DataFrame:
    """Most frequent content terms: `term, count, per_10k, doc_freq, pos`.

    `per_10k` is per 10,000 words of the corpus (all words, stopwords included, punctuation not). The
    `3 × top_n` most frequent candidates are POS-tagged in context; those whose tag is a function-word tag
    (data/function_tags.txt) are dropped, except curated variants (abbreviations, spellings). Ties are broken
    by term so the order is stable.
    """
    total = len(tokens)
    content = tokens[tokens["is_content"]]
    table = content.groupby("term").agg(count=("term", "size"), doc_freq=("doc_id", "nunique"),
                                        variant=("variant", "any")).reset_index()
    table = table[table["count"] >= min_count].sort_values(["count", "term"], ascending=[False, True])
    candidates = table.head(3 * top_n)
    pos = term_pos(tokens, sentences, candidates["term"])
    table["pos"] = table["term"].map(pos).fillna("")
    function = table["pos"].isin(function_tags()) & ~table["variant"]
    table = table[~function].head(top_n)
    table["per_10k"] = table["count"] / max(total, 1) * 10_000
    return table[["term", "count", "per_10k", "doc_freq", "pos"]].reset_index(drop=True)


@staged
def tfidf(tokens: pd.DataFrame, top_n: int = 10) -> pd.DataFrame:
    """Distinctive terms per document: `doc_id, rank, term, count, tfidf`.

    scikit-learn's TfidfVectorizer on each document's content terms (the project's own analyzer, not scikit-learn's
    tokenizer), smooth idf, l2 norm. With few documents, idf only separates terms found in one document from the
    rest: read it as "what this article says that the others do not".
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    content = tokens[tokens["is_content"]]
    docs = content.groupby("doc_id", sort=True)["term"].apply(list)
    if docs.empty:
        return pd.DataFrame(columns=["doc_id", "rank", "term", "count", "tfidf"])
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, lowercase=False)
    matrix = vectorizer.fit_transform(docs.tolist()).tocoo()
    vocabulary = vectorizer.get_feature_names_out()
    scores = pd.DataFrame({"doc_id": docs.index[matrix.row], "term": vocabulary[matrix.col], "tfidf": matrix.data})
    counts = content.groupby(["doc_id", "term"]).size().rename("count").reset_index()
    scores = scores.merge(counts, on=["doc_id", "term"])
    scores = scores.sort_values(["doc_id", "tfidf", "count", "term"], ascending=[True, False, False, True])
    scores = scores.groupby("doc_id").head(top_n)
    scores["rank"] = scores.groupby("doc_id").cumcount() + 1
    return scores[["doc_id", "rank", "term", "count", "tfidf"]].reset_index(drop=True)


def _g2(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * parts.sum(axis=0)


@staged
def collocations(tokens: pd.DataFrame, min_count: int = 2, top_n: int = 50) -> pd.DataFrame:
    """Pairs of adjacent content words: `collocation, w1, w2, count, g2, pmi, count_w1, count_w2`.

    Adjacent within a sentence (punctuation and stopwords break adjacency, so no pair spans them). `g2` is
    Dunning's log-likelihood of the 2×2 table of the pair against all adjacent pairs; `pmi` is log2 of observed over
    expected. Only pairs seen at least `min_count` times and more often than chance are kept, by `g2`.
    """
    ordered = tokens.sort_values(["sid", "position"])
    nxt = ordered.shift(-1)
    adjacent = (nxt["sid"] == ordered["sid"]) & (nxt["position"] == ordered["position"] + 1)
    pairs = pd.DataFrame({"w1": ordered["term"], "w2": nxt["term"]})[
        adjacent & ordered["is_content"] & nxt["is_content"].astype(bool)]
    columns = ["collocation", "w1", "w2", "count", "g2", "pmi", "count_w1", "count_w2"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    n = len(pairs)
    table = pairs.groupby(["w1", "w2"]).size().rename("count").reset_index()
    table["count_w1"] = table["w1"].map(pairs["w1"].value_counts())
    table["count_w2"] = table["w2"].map(pairs["w2"].value_counts())
    o11 = table["count"].to_numpy(float)
    o12 = table["count_w1"].to_numpy(float) - o11
    o21 = table["count_w2"].to_numpy(float) - o11
    o22 = n - o11 - o12 - o21
    rows, cols = np.array([o11 + o12, o11 + o12, o21 + o22, o21 + o22]), np.array([o11 + o21, o12 + o22] * 2)
    expected = rows * cols / n
    table["g2"] = _g2(np.array([o11, o12, o21, o22]), expected)
    table["pmi"] = np.log2(o11 / expected[0])
    table = table[(table["count"] >= min_count) & (o11 > expected[0])]
    table["collocation"] = table["w1"] + " " + table["w2"]
    table = table.sort_values(["g2", "count", "collocation"], ascending=[False, False, True]).head(top_n)
    return table[columns].reset_index(drop=True)


def document_groups(corpus: pd.DataFrame, group_by: str = "year", split_date: str = "") -> pd.Series:
    """A label per loaded, dated document (doc_id → label) to compare in `keyness`.

    `split_date` (YYYY-MM-DD) gives "before DATE" / "from DATE"; otherwise `group_by` is "year", "month",
    "quarter" or any corpus/metadata column (blank values are left out).
    """
    docs = loaded(corpus).set_index("doc_id")
    dated = docs[docs["date"] != ""]
    if split_date:
        return pd.Series(np.where(dated["date"] < split_date, f"before {split_date}", f"from {split_date}"),
                         index=dated.index)
    calendar = {"year": "Y", "quarter": "Q", "month": "M"}
    if group_by in calendar:
        return periods(dated["date"], calendar[group_by])[0]
    if group_by not in docs.columns:
        raise ParameterError(f"group_by: no column '{group_by}' in the corpus; use year, quarter, month or one of "
                       f"{', '.join(c for c in docs.columns if c not in ('paragraphs', 'audit'))}")
    labels = docs[group_by].astype(str)
    return labels[labels != ""]


def choose_groups(groups: pd.Series, wanted: list[str]) -> tuple[str, str] | None:
    """The two groups to compare: `wanted` if given, else the two with most documents (in label order)."""
    sizes = groups.value_counts()
    if wanted:
        missing = [w for w in wanted if w not in sizes.index]
        if len(wanted) != 2 or missing:
            raise ParameterError(f"keyness_groups must name two of the groups {', '.join(sorted(sizes.index))}; "
                             f"got {wanted}")
        return wanted[0], wanted[1]
    if len(sizes) < 2:
        return None
    largest = sorted(sizes.index, key=lambda g: (-sizes[g], g))[:2]
    return tuple(sorted(largest))


def group_sizes(tokens: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Documents and words of each group of `document_groups` (indexed by group): the sizes keyness compares."""
    words = tokens["doc_id"].map(groups).value_counts()
    return pd.DataFrame({"documents": groups.value_counts(), "words": words}).fillna(0).astype(int)


KEYNESS_COLUMNS = ["term", "key_for", "count_target", "count_reference", "per_10k_target", "per_10k_reference",
                   "g2", "p_value", "log_ratio"]


@staged
def keyness(tokens: pd.DataFrame, groups: pd.Series, target: str, reference: str, min_count: int = 1) -> pd.DataFrame:
    """Terms key for one group against the other, both directions.

    Columns: `term, key_for, count_target, count_reference, per_10k_target, per_10k_reference, g2, p_value,
    log_ratio`. `g2` is Dunning's log-likelihood with 1 degree of freedom and `p_value` its chi-square tail;
    `log_ratio` (Hardie) is log2 of the ratio of relative frequencies (target over reference), a zero count taken as
    0.5 so that terms found in one group only get a finite value. Group sizes are all words (punctuation excluded).
    `key_for` is the group where the term is relatively more frequent. Sorted by key_for (target first), then g2.
    Empty when a group has no words (a corpus with fewer than two groups compares nothing).
    """
    from scipy.stats import chi2

    label = tokens["doc_id"].map(groups)
    size_t, size_r = int((label == target).sum()), int((label == reference).sum())
    if not size_t or not size_r:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    content = tokens[tokens["is_content"] & label.isin([target, reference])]
    counts = pd.crosstab(content["term"], label[content.index]).reindex(columns=[target, reference], fill_value=0)
    a, b = counts[target].to_numpy(float), counts[reference].to_numpy(float)
    total = size_t + size_r
    expected = np.array([size_t * (a + b) / total, size_r * (a + b) / total])
    g2 = _g2(np.array([a, b]), expected)
    log_ratio = np.log2((np.where(a > 0, a, 0.5) / size_t) / (np.where(b > 0, b, 0.5) / size_r))
    table = pd.DataFrame({"term": counts.index, "count_target": a.astype(int), "count_reference": b.astype(int),
                          "per_10k_target": a / size_t * 10_000, "per_10k_reference": b / size_r * 10_000,
                          "g2": g2, "p_value": chi2.sf(g2, 1), "log_ratio": log_ratio})
    table = table[(table["count_target"] + table["count_reference"]) >= min_count]
    table["key_for"] = np.where(table["log_ratio"] > 0, target, reference)
    table["_order"] = table["key_for"] != target
    table = table.sort_values(["_order", "g2", "term"], ascending=[True, False, True])
    return table[KEYNESS_COLUMNS].reset_index(drop=True)


def query_syllables(query: str) -> list[str]:
    """A search phrase normalised like the corpus ("HĐBA" → hội đồng bảo an), as lower-case syllables."""
    from underthesea import word_tokenize

    table = variants()
    words = tuple(word_tokenize(query))
    merged = _merge_variants(words, table, max(len(k.split()) for k in table))
    return " ".join(term for _, _, term, _ in merged if is_word(term)).casefold().split()


def query_forms(queries: Iterable[str]) -> dict[str, str]:
    """Each query's `query_syllables`, joined by spaces; a cached stage, so a rerun need not load underthesea."""
    unique = sorted(set(queries))
    return stage("query_forms", content_key(unique), lambda: {q: " ".join(query_syllables(q)) for q in unique})


class TermIndex:
    """Find phrases in the term stream, on word boundaries, however underthesea segmented them.

    All sentences are joined into one string of casefolded terms (a space between syllables and words, a line
    between sentences), with the offsets where words start and end. A phrase matches where its syllables occur
    starting at a word start and ending at a word end: "dầu khí" matches the word "dầu khí" or the words "dầu" +
    "khí", never the end of "vũ khí". The search is a literal one, in C.
    """

    def __init__(self, tokens: pd.DataFrame):
        self.tokens = tokens.sort_values(["sid", "position"]).reset_index(drop=True)
        terms = self.tokens["term"].str.casefold().tolist()
        sids = self.tokens["sid"].to_numpy()
        lengths = np.fromiter((len(t) for t in terms), dtype=np.int64, count=len(terms))
        self.starts = np.cumsum(np.r_[0, lengths[:-1] + 1])[: len(terms)]  # one separator character between terms
        self.ends = self.starts + lengths
        new_sentence = np.r_[False, sids[1:] != sids[:-1]]
        self.text = "".join(("\n" if new else " ") + term if i else term
                            for i, (term, new) in enumerate(zip(terms, new_sentence)))

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
        return pd.DataFrame({"first": first[valid], "last": last[valid]}, dtype=int)


@staged
def kwic(tokens: pd.DataFrame, sentences: pd.DataFrame, corpus: pd.DataFrame, queries: Iterable[str],
         window: int = 60) -> pd.DataFrame:
    """Keyword in context: `query, doc_id, date, left, match, right` — the original (unsegmented) sentence text.

    A query matches on word boundaries, case-insensitively, after the same variant mapping as the counts (so "HĐBA"
    is found by "Hội đồng Bảo an"; see `TermIndex`). `left`/`right` hold up to `window` characters.
    """
    dates = corpus.set_index("doc_id")["date"]
    index = TermIndex(tokens)
    ordered = index.tokens
    rows = []
    for query in queries:
        for first, last in index.find(query).itertuples(index=False):
            start, end, sid = ordered.at[first, "start"], ordered.at[last, "end"], ordered.at[first, "sid"]
            if start < 0 or end < 0:
                continue
            text = sentences.at[sid, "text"]
            doc_id = sentences.at[sid, "doc_id"]
            rows.append((query, doc_id, dates.get(doc_id, ""), text[max(0, start - window): start].strip(),
                         text[start:end], text[end: end + window].strip()))
    return pd.DataFrame(rows, columns=["query", "doc_id", "date", "left", "match", "right"])


@staged
def trends(tokens: pd.DataFrame, corpus: pd.DataFrame, terms: Iterable[str], period: str = "M") -> pd.DataFrame:
    """Counts per period: `period, term, count, per_10k, words` — every period from the first to the last dated
    document, empty ones filled with zero (`words` = all words in the period, so per_10k is 0 where it is 0)."""
    docs = loaded(corpus)
    dates = docs[docs["date"] != ""].set_index("doc_id")["date"]
    terms = list(terms)
    if dates.empty or not terms:
        return pd.DataFrame(columns=["period", "term", "count", "per_10k", "words"])
    labels, span = periods(dates, period)
    dated = tokens[tokens["doc_id"].isin(labels.index)].assign(period=lambda t: t["doc_id"].map(labels))
    words = dated.groupby("period").size().reindex(span, fill_value=0)
    hits = dated[dated["term"].isin(terms)].groupby(["period", "term"]).size()
    grid = pd.MultiIndex.from_product([span, terms], names=["period", "term"])
    table = hits.reindex(grid, fill_value=0).rename("count").reset_index()
    table["words"] = table["period"].map(words).astype(int)
    table["per_10k"] = np.where(table["words"] > 0, table["count"] / table["words"].clip(lower=1) * 10_000, 0.0)
    return table[["period", "term", "count", "per_10k", "words"]]

