"""Duplicates: exact copies and near-duplicates (one event reported by two outlets, a republished article) are
flagged, never removed; analyses that count leave the later copy out (`table.counted`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

NEAR_DUPLICATE = 0.3  # share of the shorter text's 5-syllable sequences found in the other text
DUPLICATE_WINDOW_DAYS = 7  # reports of one event, or a republication, appear within days of each other
DUPLICATE_BLOCK = 512  # documents compared at once with every earlier one
_SYLLABLE = re.compile(r"\w+")


def shingle_matrix(texts: list[str], size: int = 5):
    """Documents × distinct 5-syllable sequences, binary (scipy CSR). Syllables become integers and each sequence
    one 64-bit polynomial hash, all with numpy: a collision between two of a corpus's few million sequences has a
    chance of about 1e-7."""
    from scipy.sparse import csr_matrix

    # syllables become integers as they are read (in order of first appearance), one document at a time: the
    # corpus's millions of syllables are never held as strings at once
    vocabulary: dict[str, int] = {}
    per_doc = [np.fromiter((vocabulary.setdefault(s, len(vocabulary)) for s in _SYLLABLE.findall(text.casefold())),
                           dtype=np.uint64) for text in texts]
    lengths = np.array([len(ids) for ids in per_doc], dtype=np.int64)
    ids = np.concatenate(per_doc) if per_doc else np.zeros(0, dtype=np.uint64)
    del per_doc
    if len(ids) < size:
        return csr_matrix((len(texts), 0), dtype=np.float32)
    windows = np.lib.stride_tricks.sliding_window_view(ids, size)
    digest = np.zeros(len(windows), dtype=np.uint64)
    for k in range(size):
        digest = digest * np.uint64(1_000_003) + windows[:, k]  # wraps around modulo 2**64
    document = np.repeat(np.arange(len(texts)), lengths)[: len(windows)]
    ends = np.cumsum(lengths)[document]
    inside = np.arange(len(windows)) + size <= ends  # sequences that do not run into the next document
    columns, index = np.unique(digest[inside], return_inverse=True)
    matrix = csr_matrix((np.ones(len(index), dtype=np.float32), (document[inside], index)),
                        shape=(len(texts), len(columns)))
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def flag_duplicates(corpus: pd.DataFrame, threshold: float = NEAR_DUPLICATE) -> pd.DataFrame:
    """Flag exact copies and near-duplicates, keeping every document.

    Similarity is containment: the share of the shorter document's 5-syllable sequences that also occur in the
    other (1.0 for an exact copy or an article republished inside a longer one). Two outlets rewriting the same
    press release share long verbatim runs (0.36 for seeds 003/004); unrelated articles score under 0.05. A pair
    counts when similarity reaches `threshold` and the dates are at most `DUPLICATE_WINDOW_DAYS` apart (or one is
    undated). Documents are taken in date order (undated last, then by file): the later one gets `duplicate_of`
    (the most similar earlier document) and `similarity`.
    """
    corpus = corpus.copy()
    corpus["duplicate_of"] = ""
    corpus["similarity"] = np.nan
    docs = corpus[corpus["status"] == "loaded"]
    if len(docs) < 2:
        return corpus
    order = docs.assign(_undated=docs["date"].eq("")).sort_values(["_undated", "date", "file"]).index
    shingles = shingle_matrix([" ".join(corpus.at[i, "paragraphs"]) for i in order])
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    dates = pd.to_datetime(corpus.loc[order, "date"], errors="coerce").to_numpy()
    for first in range(0, len(order), DUPLICATE_BLOCK):
        # a block of documents against those up to its end (only earlier ones are ever compared): memory grows
        # with the block, not with the square of the corpus
        shared = (shingles[first: first + DUPLICATE_BLOCK] @ shingles[: first + DUPLICATE_BLOCK].T).tocsr()
        shared.sort_indices()  # ties go to the earliest document, whatever the product's order
        for row, position in enumerate(range(first, min(first + DUPLICATE_BLOCK, len(order)))):
            indices = shared.indices[shared.indptr[row]: shared.indptr[row + 1]]
            values = shared.data[shared.indptr[row]: shared.indptr[row + 1]]
            earlier = indices < position
            if not earlier.any():
                continue
            others, counts = indices[earlier], values[earlier]
            containment = counts / np.maximum(np.minimum(sizes[others], sizes[position]), 1)
            gap = np.abs((dates[others] - dates[position]) / np.timedelta64(1, "D"))
            eligible = (containment >= threshold) & ~(gap > DUPLICATE_WINDOW_DAYS)
            if eligible.any():
                best = int(np.argmax(np.where(eligible, containment, -1)))
                index = order[position]
                corpus.at[index, "duplicate_of"] = corpus.at[order[others[best]], "file"]
                corpus.at[index, "similarity"] = round(float(min(containment[best], 1.0)), 3)
    return corpus
