"""Text stage: underthesea segmentation (paragraph → sentences → words), cached on disk, parallel for large corpora.

`segment(corpus)` returns one row per sentence of every loaded document:

- `doc_id`, `file`; `part` (`title` or `body`); `para` (0 = headline when it is text, then body paragraphs);
- `sent` (index within the paragraph); `text` (the sentence as written, for display and KWIC);
- `words` (tuple of words; multi-syllable words joined by a space, e.g. "Bộ trưởng").

Results are cached per document under `$VNNEWS_CACHE/segment/`, keyed by a hash of the document's text and of the
versions that produced it, so reruns with other parameters or another output folder skip segmentation.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator

import pandas as pd

from vnnews.cache import content_key, stage, staged, write_atomic
from vnnews.paths import cache_dir

# Bump when the way text is split, tokenised or tagged here changes: the cache keys include it.
SEGMENTER_VERSION = "1"
# underthesea's CRF cost grows with input length; a run-on "sentence" (a whole article without full stops) is
# split at spaces into pieces of at most this many characters before word_tokenize.
MAX_SENTENCE_CHARS = 1500
# Below this many uncached characters, handing work to worker processes costs more than it saves.
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


_POOL: tuple[int, ProcessPoolExecutor] | None = None


def parallel_map(function, items: list, size: int, workers: int | None = None) -> Iterator:
    """`map(function, items)`, in order; in worker processes, in chunks, when the work (`size` characters) is
    worth it (`PARALLEL_MIN_CHARS`) and there is more than one worker (default: one per core).

    The workers are kept for the life of this process (the runner's kernel executes every notebook of a run), so
    corpus cleaning, segmentation and tagging share them and each worker loads underthesea's models once. They
    are started with "spawn": forking a process that holds threads (a Jupyter kernel does) can deadlock.
    """
    global _POOL
    workers = workers or os.cpu_count() or 1
    if workers < 2 or size < PARALLEL_MIN_CHARS:
        yield from map(function, items)
        return
    if _POOL is None or _POOL[0] != workers:
        if _POOL is not None:
            _POOL[1].shutdown(cancel_futures=True)
        _POOL = (workers, ProcessPoolExecutor(workers, mp_context=get_context("spawn")))
    chunksize = max(1, min(64, len(items) // (workers * 8)))
    try:
        yield from _POOL[1].map(function, items, chunksize=chunksize)
    except BrokenProcessPool:
        _POOL = None  # a worker died (out of memory, killed): the next call starts new ones
        raise


def cached_map(function, inputs: list, cache: Cache, desc: str, workers: int | None = None,
               progress: bool | None = None) -> list:
    """`[function(x) for x in inputs]`, each result cached; uncached inputs run in worker processes when large."""
    keys = [cache.key(x) for x in inputs]
    results = [cache.get(key) for key in keys]
    todo = [i for i, result in enumerate(results) if result is None]
    if not todo:
        return results
    size = sum(len(json.dumps(inputs[i], ensure_ascii=False)) for i in todo)
    with progress_bar(len(todo), desc, progress) as bar:
        for i, result in zip(todo, parallel_map(function, [inputs[i] for i in todo], size, workers)):
            results[i] = result
            cache.put(keys[i], result)
            bar.update()
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


_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?")


@functools.cache
def _pos_model() -> tuple[object, list[tuple[str, int, int, int | None, str | None]]]:
    """underthesea's POS CRF and its feature templates, parsed once: (syntax, column, first, last, function)."""
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    predictor = CRFPOSTagPredictor.Instance()
    templates = []
    for syntax in predictor.transformer.template:
        first, last, column, function = _TEMPLATE.fullmatch(syntax).groups()
        templates.append((syntax, int(column or 0), int(first), None if last is None else int(last), function))
    return predictor.model, templates


def _pos_features(words: list[str], templates: list) -> list[list[str]]:
    """The features underthesea's `tagged_feature.word2features` gives each word, in one pass over the sentence.

    Theirs rebuilds the sentence's columns for every word and template, so its cost grows with the square of the
    sentence length (≈ 7× slower on news sentences); the features, and so the tags, are identical (tested).
    """
    from underthesea.pipeline.pos_tag.tagged_feature import apply_function

    n = len(words)
    columns = (words, ["X"] * n)  # column 1 is the tag, "X" before tagging, as in CRFPOSTagPredictor.predict
    features = []
    for i in range(n):
        row = []
        for syntax, column, first, last, function in templates:
            if i + first < 0:
                row.append(f"{syntax}=BOS")
            elif i + first >= n or (last is not None and i + last >= n):
                row.append(f"{syntax}=EOS")
            else:
                value = " ".join(columns[column][i + first: i + last + 1]) if last is not None else \
                    columns[column][i + first]
                row.append(f"{syntax}={apply_function(function, value) if function else value}")
        features.append(row)
    return features


def tag_words(words: list[str]) -> list[list[str]]:
    """underthesea's POS tags for one segmented sentence: [[word, tag], ...].

    The same as `underthesea.pos_tag` on the sentence's text, which first segments it again (as `segment` did):
    tagging the words we have skips that.
    """
    if not words:
        return []
    model, templates = _pos_model()
    return [[word, tag] for word, tag in zip(words, model.tag(_pos_features(list(words), templates)))]


def pos_tags(sentences: list[tuple[str, ...]], workers: int | None = None, progress: bool | None = None,
             cache: Cache | None = None) -> list[list[list[str]]]:
    """POS-tag segmented sentences (the `words` of `segment`), one tagger call per sentence, never a whole
    document; analyses tag only the sentences they need. Cached per sentence under `$VNNEWS_CACHE/pos/`."""
    return cached_map(tag_words, [list(words) for words in sentences], cache or Cache("pos"), "tagging", workers,
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
