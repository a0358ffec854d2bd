"""Terms: the statistics of term tokens — frequency, tf-idf, collocations, keyness, KWIC and trends.

Each analysis is a stage of a study (`frequency(study, top_n=40)`, cached) or a function of DataFrames
(`frequency(tokens, sentences, top_n=40)`), and returns a tidy DataFrame whose columns its docstring lists. The unit
is the Vietnamese *word* as underthesea segments it ("Bộ trưởng", "Liên bang", "hợp tác"), never the syllable;
tokens come from `vnnews.tokens`. Statistics count a study's `counted_tokens` (near-duplicates left out under its
duplicates policy); KWIC shows every document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from vnnews import lexicons
from vnnews.cache import Rows, stage, take
from vnnews.corpus import loaded, periods
from vnnews.corpus.table import group_labels
from vnnews.errors import ParameterError
from vnnews.text import pos_tags
from vnnews.tokens import TermIndex, chunks, grouped, ids, term_codes

# ---------------------------------------------------------------------------------------------------------------
# Parts of speech, where known

def term_pos(tokens: pd.DataFrame, sentences: pd.DataFrame, terms: Iterable[str], contexts: int = 3) -> pd.Series:
    """The part of speech of each term: the most frequent underthesea tag over its first `contexts` sentences.

    Only the given terms' contexts are tagged (and cached), on the words of the segmentation, so tags and words
    line up. Returns a Series term → tag.
    """
    terms = set(terms)
    wanted = pd.concat([chunk.loc[chunk["term"].isin(terms), ["term", "sid", "word_index"]]
                        for chunk in chunks(tokens)])
    wanted = wanted.drop_duplicates(["term", "sid"]).groupby("term").head(contexts)
    sids = sorted(set(wanted["sid"]))
    tagged = dict(zip(sids, pos_tags(sentences.loc[sids, "words"].tolist())))
    votes: dict[str, Counter] = {}
    for term, sid, index in wanted[["term", "sid", "word_index"]].itertuples(index=False):
        votes.setdefault(term, Counter())[tagged[sid][index][1]] += 1
    return pd.Series({term: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for term, c in votes.items()},
                     dtype=str)


# ---------------------------------------------------------------------------------------------------------------
# Analyses

@stage("counted_tokens[doc_id,sid,word_index,term,variant,is_content]*", "sentences")
def frequency(tokens: pd.DataFrame, sentences: pd.DataFrame, top_n: int = 40, min_count: int = 1) -> pd.DataFrame:
    """Every content term, most frequent first: `term, count, per_10k, doc_freq, pos` (the whole word list; a
    report shows and draws the first `top_n`).

    `per_10k` is per 10,000 words of the corpus (all words, stopwords included, punctuation not). The
    `3 × top_n` most frequent candidates are POS-tagged in context (`pos`; blank for the other terms); those whose
    tag is a function-word tag (data/function_tags.txt) are dropped, except curated variants (abbreviations,
    spellings), so the first `top_n` rows are content words. Ties are broken by term so the order is stable.
    """
    total = count = doc_freq = variant = 0
    for chunk in chunks(tokens):  # sums over term ids, a chunk of whole documents at a time
        total += len(chunk)
        content = chunk.loc[chunk["is_content"], ["term", "doc_id", "variant"]]
        terms, names = term_codes(content["term"])
        docs, _ = ids(content["doc_id"])
        count = count + np.bincount(terms, minlength=len(names))
        pairs = np.unique(docs.astype(np.int64) * len(names) + terms)  # each (document, term) once
        doc_freq = doc_freq + np.bincount(pairs % max(len(names), 1), minlength=len(names))
        variant = variant + np.bincount(terms, weights=content["variant"].to_numpy(), minlength=len(names))
    variant = variant > 0
    seen = np.flatnonzero(count)
    table = pd.DataFrame({"term": names[seen], "count": count[seen], "doc_freq": doc_freq[seen],
                          "variant": variant[seen]})
    table = table[table["count"] >= min_count].sort_values(["count", "term"], ascending=[False, True])
    candidates = table.head(3 * top_n)
    pos = term_pos(tokens, sentences, candidates["term"])
    table["pos"] = table["term"].map(pos).fillna("")
    function = table["pos"].isin(lexicons.function_tags()) & ~table["variant"]
    table = table[~function]
    table["per_10k"] = table["count"] / max(total, 1) * 10_000
    return table[["term", "count", "per_10k", "doc_freq", "pos"]].reset_index(drop=True)


@stage("counted_tokens[doc_id,term,is_content]")
def tfidf(tokens: pd.DataFrame, top_n: int = 10) -> pd.DataFrame:
    """Distinctive terms per document: `doc_id, rank, term, count, tfidf`.

    scikit-learn's TfidfVectorizer on each document's content terms (the project's own analyzer, not scikit-learn's
    tokenizer), smooth idf, l2 norm. With few documents, idf only separates terms found in one document from the
    rest: read it as "what this article says that the others do not".
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    content = tokens.loc[tokens["is_content"], ["doc_id", "term"]]
    codes, names = term_codes(content["term"])
    doc_ids, docs = grouped(content["doc_id"], codes)
    if not len(doc_ids):
        return pd.DataFrame(columns=["doc_id", "rank", "term", "count", "tfidf"])
    # TfidfVectorizer's two steps, so that the counts are at hand: the same floats as TfidfVectorizer gives
    vectorizer = CountVectorizer(analyzer=lambda terms: terms, lowercase=False, dtype=np.float64)
    counts = vectorizer.fit_transform(docs)
    matrix = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True).fit(counts).transform(counts, copy=True)
    matrix, counts = matrix.tocoo(), counts.tocoo()  # the same entries in the same order
    vocabulary = names[vectorizer.get_feature_names_out().astype(np.int64)]
    scores = pd.DataFrame({"doc_id": doc_ids[matrix.row], "term": vocabulary[matrix.col], "tfidf": matrix.data,
                           "count": counts.data.astype(np.int64)})
    scores = scores.sort_values(["doc_id", "tfidf", "count", "term"], ascending=[True, False, False, True])
    scores = scores.groupby("doc_id").head(top_n)
    scores["rank"] = scores.groupby("doc_id").cumcount() + 1
    return scores[["doc_id", "rank", "term", "count", "tfidf"]].reset_index(drop=True)


def _g2(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * parts.sum(axis=0)


@stage("counted_tokens[sid,position,term,is_content]*")
def collocations(tokens: pd.DataFrame, min_count: int = 2, top_n: int = 50) -> pd.DataFrame:
    """Pairs of adjacent content words: `collocation, w1, w2, count, g2, pmi, count_w1, count_w2`.

    Adjacent within a sentence (punctuation and stopwords break adjacency, so no pair spans them). `g2` is
    Dunning's log-likelihood of the 2×2 table of the pair against all adjacent pairs; `pmi` is log2 of observed over
    expected. Only pairs seen at least `min_count` times and more often than chance are kept, by `g2`.
    """
    n, found, first_counts, second_counts = 0, [], 0, 0
    for chunk in chunks(tokens):  # sentences are whole in a chunk: the pairs of each chunk, then their sums
        ordered = chunk[["sid", "position", "term", "is_content"]].sort_values(["sid", "position"])
        sid, position = ordered["sid"].to_numpy(), ordered["position"].to_numpy()
        content = ordered["is_content"].to_numpy()
        terms, names = term_codes(ordered["term"])
        adjacent = (sid[1:] == sid[:-1]) & (position[1:] == position[:-1] + 1) & content[1:] & content[:-1]
        w1, w2 = terms[:-1][adjacent].astype(np.int64), terms[1:][adjacent].astype(np.int64)
        n += len(w1)
        found.append(np.unique(w1 * len(names) + w2, return_counts=True))
        first_counts = first_counts + np.bincount(w1, minlength=len(names))
        second_counts = second_counts + np.bincount(w2, minlength=len(names))
    columns = ["collocation", "w1", "w2", "count", "g2", "pmi", "count_w1", "count_w2"]
    if not n:
        return pd.DataFrame(columns=columns)
    pairs, where = np.unique(np.concatenate([p for p, _ in found]), return_inverse=True)  # (w1, w2) order
    count = np.bincount(where, weights=np.concatenate([c for _, c in found])).astype(np.int64)
    first, second = pairs // len(names), pairs % len(names)
    table = pd.DataFrame({"w1": names[first], "w2": names[second], "count": count,
                          "count_w1": first_counts[first], "count_w2": second_counts[second]})
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


@stage("counted", store=False)
def document_groups(corpus: pd.DataFrame, group_by: str = "year", split_date: str = "") -> pd.Series:
    """A label per loaded, dated document (doc_id → label) to compare in `keyness`.

    `split_date` (YYYY-MM-DD) gives "before DATE" / "from DATE"; otherwise `group_by` is "year", "month",
    "quarter" or any corpus/metadata column (blank values are left out).
    """
    docs = loaded(corpus)
    if split_date:
        dated = docs[docs["date"] != ""].set_index("doc_id")
        return pd.Series(np.where(dated["date"] < split_date, f"before {split_date}", f"from {split_date}"),
                         index=dated.index)
    return group_labels(docs, group_by)


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


def compare_groups(groups: pd.Series, wanted: list[str]) -> tuple[pd.Series, tuple[str, str] | None]:
    """The groups keyness compares: two named groups or the two largest (`choose_groups`), or one group against
    all the others ("party_state" against "not party_state": an outlet type against the rest of the press)."""
    if len(wanted) == 1:
        target = wanted[0]
        if target not in set(groups):
            raise ParameterError(f"keyness_groups: no group '{target}'; the groups are "
                                 f"{', '.join(sorted(set(groups)))}")
        rest = f"not {target}"
        labels = groups.where(groups == target, rest)
        return labels, ((target, rest) if labels.nunique() == 2 else None)
    return groups, choose_groups(groups, wanted)


@stage("counted_tokens[doc_id]*")
def group_sizes(tokens: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Documents and words of each group of `document_groups` (indexed by group): the sizes keyness compares."""
    per_doc, names = _words_per_document(tokens)
    words = pd.Series(per_doc).groupby(pd.Series(names).map(groups).to_numpy()).sum()  # per document, then group
    words = words[words > 0]
    return pd.DataFrame({"documents": groups.value_counts(), "words": words}).fillna(0).astype(int)


def _words_per_document(tokens: pd.DataFrame | Iterable[pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    """Tokens per document id, summed over chunks, and the documents by id."""
    per_doc = 0
    for chunk in chunks(tokens):
        docs, names = ids(chunk["doc_id"])
        per_doc = per_doc + np.bincount(docs, minlength=len(names))
    return per_doc, names


KEYNESS_COLUMNS = ["term", "key_for", "count_target", "count_reference", "per_10k_target", "per_10k_reference",
                   "g2", "p_value", "log_ratio"]


@stage("counted_tokens[doc_id,term,is_content]*")
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

    size_t = size_r = a = b = 0
    for chunk in chunks(tokens):  # sums over term ids
        docs, doc_names = ids(chunk["doc_id"])
        label = pd.Series(doc_names).map(groups).to_numpy()  # per document; a token's is its document's
        in_target, in_reference = (label == target)[docs], (label == reference)[docs]
        size_t, size_r = size_t + int(in_target.sum()), size_r + int(in_reference.sum())
        terms, names = term_codes(chunk["term"])
        content = chunk["is_content"].to_numpy()
        a = a + np.bincount(terms[content & in_target], minlength=len(names))
        b = b + np.bincount(terms[content & in_reference], minlength=len(names))
    if not size_t or not size_r:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    a, b = a.astype(float), b.astype(float)
    seen = np.flatnonzero(a + b)
    counts, a, b = pd.DataFrame(index=names[seen]), a[seen], b[seen]
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


@stage("term_index", "sentence_texts[doc_id,text]@", "documents")
def kwic(index: TermIndex | pd.DataFrame, sentences: pd.DataFrame | Rows, corpus: pd.DataFrame,
         queries: Iterable[str], window: int = 60) -> pd.DataFrame:
    """Keyword in context: `query, doc_id, date, left, match, right` — the original (unsegmented) sentence text.

    A query matches on word boundaries, case-insensitively, after the same variant mapping as the counts (so "HĐBA"
    is found by "Hội đồng Bảo an"), and inside names ("Lavrov" finds "Sergei Lavrov"; see `TermIndex`).
    `left`/`right` hold up to `window` characters. Only the matched sentences are read back (`sentences`: a
    study's sentence texts by row, or any frame with `doc_id` and `text` indexed by sid).
    """
    dates = corpus.set_index("doc_id")["date"]
    index = index if isinstance(index, TermIndex) else TermIndex(index, name_parts=True)
    ordered = index.tokens
    found = []
    for query in queries:
        for first, last in index.find(query).itertuples(index=False):
            start, end, sid = ordered.at[first, "start"], ordered.at[last, "end"], ordered.at[first, "sid"]
            if start >= 0 and end >= 0:
                found.append((query, sid, start, end))
    shown = take(sentences, np.array([sid for _, sid, _, _ in found], dtype=np.int64), ["doc_id", "text"])
    rows = [(query, doc_id, dates.get(doc_id, ""), text[max(0, start - window): start].strip(), text[start:end],
             text[end: end + window].strip())
            for (query, _, start, end), doc_id, text in zip(found, shown["doc_id"], shown["text"])]
    return pd.DataFrame(rows, columns=["query", "doc_id", "date", "left", "match", "right"])


@stage("counted_tokens[doc_id,term]*", "documents")
def trends(tokens: pd.DataFrame, corpus: pd.DataFrame, terms: Iterable[str], period: str = "M") -> pd.DataFrame:
    """Counts per period: `period, term, count, per_10k, words` — every period from the first to the last dated
    document, empty ones filled with zero (`words` = all words in the period, so per_10k is 0 where it is 0)."""
    docs = loaded(corpus)
    dates = docs[docs["date"] != ""].set_index("doc_id")["date"]
    terms = list(terms)
    if dates.empty or not terms:
        return pd.DataFrame(columns=["period", "term", "count", "per_10k", "words"])
    labels, span = periods(dates, period)
    per_doc, found = 0, dict.fromkeys(terms, 0)  # tokens per document id, and each term's per document id
    for chunk in chunks(tokens):
        docs, doc_names = ids(chunk["doc_id"])
        per_doc = per_doc + np.bincount(docs, minlength=len(doc_names))
        term_ids, names = term_codes(chunk["term"])
        for term in found:
            where = np.flatnonzero(names == term)
            if len(where):
                found[term] = found[term] + np.bincount(docs[term_ids == where[0]], minlength=len(doc_names))
    doc_period = pd.Series(doc_names).map(labels).to_numpy()  # blank (NaN) for an undated document
    words = pd.Series(per_doc).groupby(doc_period).sum().reindex(span, fill_value=0)  # dropna: dated only
    hits = {}
    for term, per_term in found.items():
        per_term = per_term if np.ndim(per_term) else np.zeros_like(per_doc)  # a term the corpus lacks: zeros
        for label, count in pd.Series(per_term).groupby(doc_period).sum().items():
            hits[(label, term)] = count
    hits = pd.Series(hits, dtype=np.int64)
    grid = pd.MultiIndex.from_product([span, terms], names=["period", "term"])
    table = hits.reindex(grid, fill_value=0).rename("count").reset_index()
    table["words"] = table["period"].map(words).astype(int)
    table["per_10k"] = np.where(table["words"] > 0, table["count"] / table["words"].clip(lower=1) * 10_000, 0.0)
    return table[["period", "term", "count", "per_10k", "words"]]


def _places(groups: np.ndarray) -> np.ndarray:
    """Each row's place among the rows of its group (0, 1, 2 … in row order): `groupby(groups).cumcount()` in
    32 bits."""
    order = np.argsort(groups, kind="stable")
    sizes = np.bincount(groups) if len(groups) else np.zeros(0, dtype=np.int64)
    places = np.empty(len(groups), dtype=np.int32)
    places[order] = np.arange(len(groups), dtype=np.int32) - np.repeat((np.cumsum(sizes) - sizes).astype(np.int32),
                                                                       sizes)
    return places


DISPERSION_COLUMNS = ["query", "doc_id", "date", "word", "doc_words", "position"]


@stage("term_index", "documents")
def dispersion(index: TermIndex | pd.DataFrame, corpus: pd.DataFrame, queries: Iterable[str]) -> pd.DataFrame:
    """Where each query occurs, in its document and along the time line (AntConc's Plot, Voyant's Trends by
    document): one row per occurrence, `query, doc_id, date, word, doc_words, position` — `word` the index of its
    first word among the document's words, `doc_words` the document's number of words, `position` = word /
    doc_words (0 = the headline's first word, near 1 = the end). Matching as in `kwic`."""
    index = index if isinstance(index, TermIndex) else TermIndex(index, name_parts=True)
    doc = index.tokens["doc"].to_numpy()
    word = _places(doc)  # the token's place in its document
    sizes = np.bincount(doc, minlength=len(index.doc_names))
    dates = corpus.set_index("doc_id")["date"]
    frames = []
    for query in queries:
        first = index.find(query)["first"].to_numpy()
        doc_ids = index.doc_ids(first)
        frames.append(pd.DataFrame({"query": query, "doc_id": doc_ids, "date": pd.Series(doc_ids).map(dates).fillna(""),
                                    "word": word[first], "doc_words": sizes[doc[first]],
                                    "position": word[first] / np.maximum(sizes[doc[first]], 1)}))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=DISPERSION_COLUMNS)
    return table[DISPERSION_COLUMNS].astype({"word": int, "doc_words": int, "position": float})
