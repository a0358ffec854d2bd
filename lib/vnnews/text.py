"""Text stage: underthesea segmentation (paragraph → sentences → words) and POS tags, cached per document.

`segment(docs)` returns one row per sentence of every loaded document:

- `doc_id`, `file`; `part` (`title` or `body`); `para` (0 = headline when it is text, then body paragraphs);
- `sent` (index within the paragraph); `text` (the sentence as written, for display and KWIC);
- `words` (tuple of words; multi-syllable words joined by a space, e.g. "Bộ trưởng").

Each document's segmentation is cached on its own under `$VNNEWS_CACHE/segment/`, keyed by its text and the
versions that produced it, so a corpus with one new file costs one file, whatever the parameters.
"""

from __future__ import annotations

import functools
import json
import re

import pandas as pd

from vnnews.cache import Items, stage
from vnnews.workers import parallel_map, progress_bar

# Bump when the way text is split, tokenised or tagged here changes: the per-document cache keys include it.
SEGMENTER_VERSION = "1"
# underthesea's CRF cost grows with input length; a run-on "sentence" (a whole article without full stops) is
# split at spaces into pieces of at most this many characters before word_tokenize.
MAX_SENTENCE_CHARS = 1500
SEGMENT_BATCH = 2048  # documents whose cached segmentation is parsed at once

COLUMNS = ["doc_id", "file", "part", "para", "sent", "text", "words"]


def versions() -> str:
    import underthesea

    return f"underthesea={underthesea.__version__};vnnews-segmenter={SEGMENTER_VERSION}"


def items(kind: str) -> Items:
    """The per-input cache of segmentation ("segment") or tags ("pos")."""
    return Items(kind, versions())


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


def cached_map(function, inputs: list, cache: Items, desc: str, workers: int | None = None,
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


@stage("documents")
def segment(docs: pd.DataFrame, workers: int | None = None, progress: bool | None = None,
            cache: Items | None = None) -> pd.DataFrame:
    """Segment every loaded document (see module docstring), reusing the per-document cache (`cache`: another
    one than `$VNNEWS_CACHE/segment/`, for tests)."""
    docs = docs[docs["status"] == "loaded"]
    cache = cache or items("segment")
    # one string object per distinct word: a corpus has ~50 times fewer words than word tokens, and every later
    # stage (term tokens, their cache entries) then holds pointers to them, not copies
    vocabulary: dict[str, str] = {}
    records = []
    for start in range(0, len(docs), SEGMENT_BATCH):  # documents' segmentations are read a batch at a time
        batch = docs.iloc[start: start + SEGMENT_BATCH]
        results = cached_map(segment_paragraphs, document_paragraphs(batch), cache, "segmenting", workers, progress)
        for (doc_id, file, has_title), rows in zip(
                batch[["doc_id", "file", "title_is_text"]].itertuples(index=False), results):
            for para, sent, text, words in rows:
                part = "title" if has_title and para == 0 else "body"
                records.append((doc_id, file, part, para, sent, text,
                                tuple(vocabulary.setdefault(word, word) for word in words)))
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
             cache: Items | None = None) -> list[list[list[str]]]:
    """POS-tag segmented sentences (the `words` of `segment`), one tagger call per sentence, never a whole
    document; analyses tag only the sentences they need. Cached per sentence under `$VNNEWS_CACHE/pos/`."""
    return cached_map(tag_words, [list(words) for words in sentences], cache or items("pos"), "tagging", workers,
                      progress)


_WORDLIKE = re.compile(r"\w")


def is_word(token: str) -> bool:
    """A token with a letter or digit: punctuation and symbols are not words."""
    return bool(_WORDLIKE.search(token))


# Sentences a row group of `texts` holds: a KWIC line or an evidence sentence is read back with the few thousand
# sentences around it, not with the corpus.
TEXT_ROWS = 5_000


@stage("sentences", rows=TEXT_ROWS)
def texts(sentences: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's `doc_id` and `text` (row = sid), stored as Parquet in groups of `TEXT_ROWS` sentences: what
    KWIC and evidence tables show, read back for the sentences they show ("sentence_texts@")."""
    return pd.DataFrame({"doc_id": pd.Categorical(sentences["doc_id"]), "text": sentences["text"]})


@stage("sentences")
def word_counts(sentences: pd.DataFrame) -> pd.Series:
    """Number of words (tokens with a letter or digit) per document, indexed by doc_id."""
    counts = sentences["words"].apply(lambda words: sum(1 for w in words if is_word(w)))
    return counts.groupby(sentences["doc_id"]).sum()


@stage("sentences")
def sentence_counts(sentences: pd.DataFrame) -> pd.Series:
    """Number of sentences per document, indexed by doc_id (a report can state the corpus's size without
    loading every sentence)."""
    return sentences.groupby("doc_id").size()
