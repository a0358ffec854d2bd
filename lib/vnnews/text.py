"""Text stage: underthesea segmentation (paragraph → sentences → words), cached on disk, parallel for large corpora.

`segment(corpus)` returns one row per sentence of every loaded document:

- `doc_id`, `file`; `part` (`title` or `body`); `para` (0 = headline when it is text, then body paragraphs);
- `sent` (index within the paragraph); `text` (the sentence as written, for display and KWIC);
- `words` (tuple of words; multi-syllable words joined by a space, e.g. "Bộ trưởng").

Results are cached per document under `$VNNEWS_CACHE/segment/`, keyed by a hash of the document's text and of the
versions that produced it, so reruns with other parameters or another output folder skip segmentation.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from vnnews.cache import content_key, stage, staged, write_atomic
from vnnews.paths import cache_dir

# Bump when the way text is split or tokenised here changes: the cache key includes it.
SEGMENTER_VERSION = "1"
# underthesea's CRF cost grows with input length; a run-on "sentence" (a whole article without full stops) is
# split at spaces into pieces of at most this many characters before word_tokenize.
MAX_SENTENCE_CHARS = 1500
# Below this many uncached characters, starting worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 300_000

COLUMNS = ["doc_id", "file", "part", "para", "sent", "text", "words"]


def _versions() -> str:
    import underthesea

    return f"underthesea={underthesea.__version__};vnnews-segmenter={SEGMENTER_VERSION}"


def _pieces(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [sentence]
    pieces, current = [], ""
    for word in sentence.split():
        if current and len(current) + len(word) + 1 > MAX_SENTENCE_CHARS:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return pieces + [current] if current else pieces


def segment_paragraphs(paragraphs: list[str]) -> list[list]:
    """Segment paragraphs into [para, sent, text, words] rows with underthesea (runs in worker processes)."""
    from underthesea import sent_tokenize, word_tokenize

    rows = []
    for para, paragraph in enumerate(paragraphs):
        sentences = [piece for sentence in sent_tokenize(paragraph) for piece in _pieces(sentence.strip()) if piece]
        for sent, sentence in enumerate(sentences):
            rows.append([para, sent, sentence, word_tokenize(sentence)])
    return rows


def document_paragraphs(docs: pd.DataFrame) -> list[list[str]]:
    """The text each document contributes to analyses: its headline (unless it is a URL slug), then its body
    paragraphs."""
    return [([title] if is_text else []) + list(paragraphs)
            for title, is_text, paragraphs in zip(docs["title"], docs["title_is_text"], docs["paragraphs"])]


class Cache:
    """One JSON file per input, under `root/<kind>/ab/<hash>.json`, keyed by the input and the versions."""

    def __init__(self, kind: str, root: Path | None = None):
        self.root = (root or cache_dir()) / kind
        self.versions = _versions()

    def key(self, payload) -> str:
        payload = json.dumps([self.versions, payload], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> list | None:
        try:
            return json.loads(self.path(key).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def put(self, key: str, rows: list) -> None:
        write_atomic(self.path(key), json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def progress_bar(total: int, desc: str, progress: bool | None = None):
    """A tqdm bar (a widget in JupyterLab, text in a terminal); off when `VNNEWS_PROGRESS=0`, as in reports."""
    from tqdm.auto import tqdm

    enabled = progress if progress is not None else os.environ.get("VNNEWS_PROGRESS", "1") != "0"
    return tqdm(total=total, desc=desc, unit="item", disable=not enabled)


def cached_map(function, inputs: list, cache: Cache, desc: str, workers: int | None = None,
               progress: bool | None = None) -> list:
    """`[function(x) for x in inputs]`, each result cached; uncached inputs run in worker processes when large."""
    keys = [cache.key(x) for x in inputs]
    results = [cache.get(key) for key in keys]
    todo = [i for i, result in enumerate(results) if result is None]
    if not todo:
        return results
    workers = workers or os.cpu_count() or 1
    bar = progress_bar(len(todo), desc, progress)
    size = sum(len(json.dumps(inputs[i], ensure_ascii=False)) for i in todo)
    if workers > 1 and size >= PARALLEL_MIN_CHARS:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            chunksize = max(1, min(64, len(todo) // (workers * 8)))
            computed = pool.map(function, [inputs[i] for i in todo], chunksize=chunksize)
            for i, result in zip(todo, computed):
                results[i] = result
                cache.put(keys[i], result)
                bar.update()
    else:
        for i in todo:
            results[i] = function(inputs[i])
            cache.put(keys[i], results[i])
            bar.update()
    bar.close()
    return results


def segment(corpus: pd.DataFrame, workers: int | None = None, progress: bool | None = None,
            cache: Cache | None = None) -> pd.DataFrame:
    """Segment every loaded document of `corpus` (see module docstring), reusing the on-disk caches.

    Each document's segmentation is cached on its own (a corpus with one new file costs one file); the whole
    result is a cached stage too (see `vnnews.cache`), unless a `cache` is given.
    """
    compute = lambda: _segment(corpus[corpus["status"] == "loaded"], workers, progress, cache)  # noqa: E731
    if cache is not None:
        return compute()
    return stage("sentences", content_key(corpus), compute)


def _segment(docs: pd.DataFrame, workers: int | None, progress: bool | None, cache: Cache | None) -> pd.DataFrame:
    texts = document_paragraphs(docs)
    results = cached_map(segment_paragraphs, texts, cache or Cache("segment"), "segmenting", workers, progress)
    records = []
    for (doc_id, file, has_title), rows in zip(docs[["doc_id", "file", "title_is_text"]].itertuples(index=False),
                                               results):
        for para, sent, text, words in rows:
            part = "title" if has_title and para == 0 else "body"
            records.append((doc_id, file, part, para, sent, text, tuple(words)))
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def tag_sentence(sentence: str) -> list[list[str]]:
    """underthesea's POS tagger on one sentence: [[word, tag], ...] (it segments the sentence itself)."""
    from underthesea import pos_tag

    return [[word, tag] for word, tag in pos_tag(sentence)]


def pos_tags(sentences: list[str], workers: int | None = None, progress: bool | None = None,
             cache: Cache | None = None) -> list[list[list[str]]]:
    """POS-tag sentences, one tagger call per sentence (never a whole document: the CRF slows with length).

    Tagging costs about three times segmentation, so analyses tag only the sentences they need; results are
    cached per sentence under `$VNNEWS_CACHE/pos/`.
    """
    return cached_map(tag_sentence, list(sentences), cache or Cache("pos"), "tagging", workers,
                      progress)


_WORDLIKE = re.compile(r"\w")


def is_word(token: str) -> bool:
    """A token with a letter or digit: punctuation and symbols are not words."""
    return bool(_WORDLIKE.search(token))


@staged
def word_counts(sentences: pd.DataFrame) -> pd.Series:
    """Number of words (tokens with a letter or digit) per document, indexed by doc_id."""
    counts = sentences["words"].apply(lambda words: sum(1 for w in words if is_word(w)))
    return counts.groupby(sentences["doc_id"]).sum()
