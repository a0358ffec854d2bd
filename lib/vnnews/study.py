"""A study: a run's inputs and the stages computed from them, each keyed explicitly and computed when first asked.

    study = Study(corpus_dir, metadata, select="vietnam-russia", drop_duplicates=True)
    study.corpus        # every input record, loaded or skipped, selected or not (vnnews.corpus)
    study.tokens        # term tokens of every loaded document (vnnews.tokens)
    terms.frequency(study, top_n=40)   # an analysis: a stage too, cached under the keys of what it reads

The stages and what each reads (`STAGES`):

    records ─┬─ corpus ─┬─ documents ── sentences ─┬─ tokens ─┬─ theme_hits
    selection┘          │                          │          ├─ term_index (KWIC, dispersion, search)
                        │                          │          └─ counted_tokens (tokens of counted documents)
                        │                          ├─ sentence_texts (KWIC lines and evidence, read back by row)
                        │                          ├─ word_counts, sentence_counts
                        │                          └─ mentions ── counted_mentions
                        └─ counted (the documents statistics count, under the duplicates policy)

`records` are the input files' records as read; `selection` says which are about the study's subject (`select`:
a query of `data/queries.yaml`, or written inline); `documents` are the loaded, selected ones.
A stage's key is a hash of its function, the keys of the stages it reads, its parameters and the code version
(`vnnews.cache`); the records' key is the content of the input files. The duplicates policy is applied here, once:
`counted`, `counted_tokens` and `counted_mentions` leave near-duplicates out when `drop_duplicates` is set, and
every analysis that counts reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

import pandas as pd

from vnnews import officials, text, themes, tokens
from vnnews.cache import Stages, bind, hand_out
from vnnews.corpus import table
from vnnews.corpus.load import Inputs, corpus
from vnnews.corpus.metadata import METADATA_DEFAULT
from vnnews.corpus.select import load_query
from vnnews.corpus.tables import parse_columns
from vnnews.paths import corpus_path


class Study(Stages):
    """The inputs of a run (corpus folder or file, metadata, export columns, subject selection, extra stopwords,
    duplicates policy, theme dictionary) and its stages, as attributes (`study.tokens`) or by name
    (`study["tokens"]`)."""

    # name → (declared stage function, the study's parameters it takes, as attribute names)
    STAGES: dict[str, tuple[Callable, tuple[str, ...]]] = {
        "records": (corpus, ("inputs", "columns")),
        "selection": (table.selection, ("select",)),
        "corpus": (table.with_selection, ()),
        "documents": (table.loaded, ()),
        "counted": (table.counted, ("drop_duplicates",)),
        "sentences": (text.segment, ()),
        "sentence_texts": (text.texts, ()),
        "word_counts": (text.word_counts, ()),
        "sentence_counts": (text.sentence_counts, ()),
        "tokens": (tokens.term_tokens, ("extra_stopwords",)),
        "counted_tokens": (tokens.of_documents, ()),
        "term_index": (tokens.term_index, ()),
        "theme_hits": (themes.match, ("dictionary",)),
        "mentions": (officials.extract, ()),
        "counted_mentions": (officials.counted_mentions, ("drop_duplicates",)),
    }

    def __init__(self, corpus_dir: str | Path = "", metadata: str | Path | None = METADATA_DEFAULT, *,
                 columns: str = "", select: str = "", extra_stopwords: Iterable[str] = (),
                 drop_duplicates: bool = True, theme_file: str | Path = ""):
        self.inputs = Inputs.find(corpus_path(str(corpus_dir)), metadata)
        self.columns = tuple(sorted(parse_columns(columns).items()))
        self.select = select.strip()
        load_query(self.select)  # a bad query stops here, before anything is read
        self.extra_stopwords = tuple(sorted({w.strip().casefold() for w in extra_stopwords if w.strip()}))
        self.drop_duplicates = bool(drop_duplicates)
        self.theme_file = theme_file
        self._keys: dict[str, str] = {}
        self._values: dict[str, object] = {}

    def __repr__(self) -> str:
        return (f"Study({str(self.inputs.root)!r}, metadata={str(self.inputs.metadata or '')!r}, "
                f"extra_stopwords={list(self.extra_stopwords)!r}, drop_duplicates={self.drop_duplicates})")

    @cached_property
    def dictionary(self) -> pd.DataFrame:
        """The theme dictionary (`themes.load_themes`: the shipped one unless `theme_file` names another)."""
        return themes.load_themes(self.theme_file)

    def _call(self, name: str) -> tuple[Callable, dict]:
        if name not in self.STAGES:
            raise KeyError(f"no stage {name!r}; the stages are {', '.join(self.STAGES)}")
        function, params = self.STAGES[name]
        return function, {param: getattr(self, param) for param in params}

    def key(self, name: str) -> str:
        """Stage `name`'s key, from the keys of what it reads: nothing is computed."""
        if name not in self._keys:
            function, params = self._call(name)
            self._keys[name] = self.call_key(function.function, bind(function.function, (), params))
        return self._keys[name]

    def __getitem__(self, name: str):
        function, params = self._call(name)
        return function(self, **params)

    def columns_of(self, name: str, columns: tuple[str, ...], way: str = ""):
        function, params = self._call(name)
        return self.compute(function.function, (), params, columns, way)

    def memo(self, key: str, compute: Callable):
        if key not in self._values:
            self._values[key] = compute()
        return hand_out(self._values[key])

    # The stages, as attributes.
    records = property(lambda self: self["records"], doc="Every input record, loaded or skipped, as read.")
    corpus = property(lambda self: self["corpus"], doc="Every input record with its subject selection "
                                                       "(`table.COLUMNS`).")
    documents = property(lambda self: self["documents"], doc="The loaded documents.")
    counted = property(lambda self: self["counted"], doc="The documents statistics count (duplicates policy).")
    sentences = property(lambda self: self["sentences"], doc="Segmented sentences (`text.segment`).")
    sentence_texts = property(lambda self: self["sentence_texts"], doc="Each sentence's document and text, stored "
                                                                       "to be read back a few at a time.")
    word_counts = property(lambda self: self["word_counts"], doc="Words per document (doc_id → count).")
    sentence_counts = property(lambda self: self["sentence_counts"], doc="Sentences per document.")
    tokens = property(lambda self: self["tokens"], doc="Term tokens of every loaded document.")
    counted_tokens = property(lambda self: self["counted_tokens"], doc="Term tokens of the counted documents.")
    term_index = property(lambda self: self["term_index"], doc="The corpus's search index (KWIC, dispersion).")
    theme_hits = property(lambda self: self["theme_hits"], doc="Keyword hits of the theme dictionary.")
    mentions = property(lambda self: self["mentions"], doc="Titled mentions of officials, every document.")
    counted_mentions = property(lambda self: self["counted_mentions"],
                                doc="The mentions statistics count (duplicates policy).")
