"""Themes stage: an editable dictionary of themes matched per sentence, with evidence, trends, co-occurrence and an
unsupervised check (NMF topics) of what the dictionary finds and what it misses.

The dictionary is YAML (`data/themes.yaml`, or a user's file): `themes:` a list of `{id, label_en, label_vi,
keywords}`. Keywords are matched with `terms.TermIndex` on the segmented, normalised words of each sentence.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from vnnews.cache import Rows, stage, take
from vnnews.corpus import loaded, periods
from vnnews.corpus.table import group_labels
from vnnews.errors import ParameterError
from vnnews.paths import DATA_DIR
from vnnews.tokens import TermIndex, grouped, query_forms, term_codes

DEFAULT_THEMES = DATA_DIR / "themes.yaml"
FIELDS = ("id", "label_en", "label_vi", "keywords")


def load_themes(path: str | Path = "") -> pd.DataFrame:
    """Read and validate a theme dictionary: one row per (theme, keyword) with `theme, label_en, label_vi, keyword`.

    An empty path means the shipped dictionary. Every problem names the file and the entry.
    """
    path = Path(path) if path else DEFAULT_THEMES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"theme file {path} does not exist") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"theme file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise ParameterError(f"theme file {path}: expected a top-level 'themes:' list of themes")
    rows, seen = [], set()
    for number, theme in enumerate(data["themes"], start=1):
        name = f"theme file {path}, theme #{number}" + (f" ('{theme.get('id')}')" if isinstance(theme, dict) else "")
        if not isinstance(theme, dict):
            raise ParameterError(f"{name}: expected a mapping with {', '.join(FIELDS)}")
        missing = [f for f in FIELDS if f not in theme]
        unknown = sorted(set(theme) - set(FIELDS))
        if missing or unknown:
            raise ParameterError(f"{name}: " + "; ".join(filter(None, [
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(unknown)}" if unknown else ""])))
        if not isinstance(theme["id"], str) or not re.fullmatch(r"[A-Za-z0-9_]+", theme["id"]):
            raise ParameterError(f"{name}: id must be letters, digits or _")
        if theme["id"] in seen:
            raise ParameterError(f"{name}: id '{theme['id']}' is used twice")
        seen.add(theme["id"])
        for label in ("label_en", "label_vi"):
            if not isinstance(theme[label], str) or not theme[label].strip():
                raise ParameterError(f"{name}: {label} must be a non-empty text")
        keywords = theme["keywords"]
        if not isinstance(keywords, list) or not keywords:
            raise ParameterError(f"{name}: keywords must be a non-empty list")
        for keyword in keywords:
            if not isinstance(keyword, str) or not keyword.strip():
                raise ParameterError(f"{name}: keyword {keyword!r} must be a non-empty text")
            rows.append((theme["id"], theme["label_en"], theme["label_vi"], keyword.strip()))
    return pd.DataFrame(rows, columns=["theme", "label_en", "label_vi", "keyword"])


def dictionary_table(themes: pd.DataFrame) -> pd.DataFrame:
    """The dictionary as a reader sees it: `theme, label_en, label_vi, n_keywords, keywords`."""
    return (themes.groupby(["theme", "label_en", "label_vi"], sort=False)["keyword"]
            .agg(n_keywords="size", keywords="; ".join).reset_index())


@stage("tokens[doc_id,sid,position,term,start,end]")
def match(tokens: pd.DataFrame, dictionary: pd.DataFrame) -> pd.DataFrame:
    """Every keyword hit of a theme dictionary (`load_themes`): `sid, doc_id, theme, keyword, first, last` (token
    rows of `TermIndex(tokens).tokens`); a study's `theme_hits`."""
    index = TermIndex(tokens)
    frames = []
    for theme, keyword in dictionary[["theme", "keyword"]].drop_duplicates().itertuples(index=False):
        found = index.find(keyword)
        if len(found):
            frames.append(found.assign(theme=theme, keyword=keyword))
    columns = ["sid", "doc_id", "theme", "keyword", "first", "last"]
    if not frames:
        return pd.DataFrame(columns=columns)
    hits = pd.concat(frames, ignore_index=True)
    hits["sid"] = index.tokens["sid"].to_numpy()[hits["first"]]
    hits["doc_id"] = index.doc_ids(hits["first"].to_numpy())
    # a keyword nested in a longer keyword of the same theme at the same place ("chống dịch" in "phòng chống dịch")
    # is one hit, not two
    hits = hits.sort_values(["sid", "theme", "first", "last"], ascending=[True, True, True, False])
    covered = hits.groupby(["sid", "theme"])["last"].cummax().groupby([hits["sid"], hits["theme"]]).shift()
    hits = hits[~(covered >= hits["last"])]
    return hits[columns].sort_values(["sid", "first", "theme"]).reset_index(drop=True)


@stage("theme_hits", "sentences", "documents")
def by_document(hits: pd.DataFrame, sentences: pd.DataFrame, corpus: pd.DataFrame, themes: pd.DataFrame,
                min_hits: int = 2) -> pd.DataFrame:
    """Every loaded document × theme: `file, doc_id, date, theme, hits, sentences, share, present, duplicate_of`.

    `hits` counts keyword matches; `sentences` the sentences with at least one; `share` = sentences / all of the
    document's sentences; `present` = hits ≥ `min_hits`. Near-duplicates are kept and marked (`duplicate_of`).
    """
    docs = loaded(corpus)[["file", "doc_id", "date", "duplicate_of"]]
    ids = list(dict.fromkeys(themes["theme"]))
    grid = pd.MultiIndex.from_product([docs["doc_id"], ids], names=["doc_id", "theme"])
    counts = hits.groupby(["doc_id", "theme"]).agg(hits=("sid", "size"), sentences=("sid", "nunique"))
    table = counts.reindex(grid, fill_value=0).reset_index()
    n_sentences = sentences.groupby("doc_id").size()
    table["share"] = table["sentences"] / table["doc_id"].map(n_sentences).clip(lower=1)
    table["present"] = table["hits"] >= min_hits
    table = table.merge(docs, on="doc_id")
    return table[["file", "doc_id", "date", "theme", "hits", "sentences", "share", "present", "duplicate_of"]]


def busiest_documents(table: pd.DataFrame, n: int = 40) -> pd.DataFrame:
    """Keyword hits of the `n` documents with most hits (of `by_document`), document × theme, in doc_id order:
    a heatmap of thousands of documents is unreadable."""
    grid = table.pivot(index="doc_id", columns="theme", values="hits")[list(dict.fromkeys(table["theme"]))]
    busiest = grid.sum(axis=1).sort_values(ascending=False, kind="stable").index[:n]
    return grid.loc[sorted(busiest)]


@stage("theme_hits", "sentence_texts[doc_id,text]@", "documents")
def evidence(hits: pd.DataFrame, sentences: pd.DataFrame | Rows, corpus: pd.DataFrame) -> pd.DataFrame:
    """The sentences that make each document count under a theme: `theme, file, date, keywords, sentence` (only
    those sentences are read back: `sentences` as in `terms.kwic`)."""
    columns = ["theme", "file", "date", "keywords", "sentence"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    per_sentence = hits.groupby(["theme", "sid"])["keyword"].agg(lambda k: "; ".join(dict.fromkeys(k))).reset_index()
    shown = take(sentences, per_sentence["sid"].to_numpy(), ["doc_id", "text"])
    per_sentence["sentence"] = shown["text"].to_numpy()
    per_sentence["doc_id"] = np.asarray(shown["doc_id"], dtype=object)
    docs = corpus.set_index("doc_id")
    per_sentence["file"] = per_sentence["doc_id"].map(docs["file"])
    per_sentence["date"] = per_sentence["doc_id"].map(docs["date"])
    per_sentence = per_sentence.rename(columns={"keyword": "keywords"}).sort_values(["theme", "sid"])
    return per_sentence[columns].reset_index(drop=True)


@stage("counted")
def trends(docs: pd.DataFrame, table: pd.DataFrame, period: str = "M") -> pd.DataFrame:
    """Prevalence per period among the counted documents `docs` (of `by_document`'s `table`):
    `period, theme, n_docs, docs_with_theme, prevalence`.

    Every period between the first and last dated document is listed; where it has no document, `n_docs` is 0
    and `prevalence` blank (no coverage is not zero coverage).
    """
    rows = table[(table["date"] != "") & table["doc_id"].isin(set(docs["doc_id"]))]
    columns = ["period", "theme", "n_docs", "docs_with_theme", "prevalence"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    labels, span = periods(rows["date"], period)
    rows = rows.assign(period=labels)
    ids = list(dict.fromkeys(table["theme"]))
    grid = pd.MultiIndex.from_product([span, ids], names=["period", "theme"])
    counts = rows.groupby(["period", "theme"]).agg(n_docs=("doc_id", "nunique"), docs_with_theme=("present", "sum"))
    out = counts.reindex(grid, fill_value=0).reset_index()
    out["prevalence"] = (out["docs_with_theme"] / out["n_docs"].where(out["n_docs"] > 0)).astype(float)
    return out[columns]


@stage("counted", "theme_hits")
def cooccurrence(docs: pd.DataFrame, hits: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Pairs of themes found together in the counted documents `docs`: `level, theme_a, theme_b, count, jaccard`.

    `level` "sentence": sentences matching both; "document": documents where both are present (`min_hits`, in
    `by_document`'s `table`). `jaccard` = together / either.
    """
    counted = set(docs["doc_id"])
    ids = list(dict.fromkeys(table["theme"]))
    sets = {
        "sentence": hits[hits["doc_id"].isin(counted)].groupby("theme")["sid"].agg(set),
        "document": table[table["present"] & table["doc_id"].isin(counted)].groupby("theme")["doc_id"].agg(set),
    }
    rows = []
    for level, members in sets.items():
        for a, b in combinations(ids, 2):
            first, second = members.get(a, set()), members.get(b, set())
            union = len(first | second)
            rows.append((level, a, b, len(first & second), len(first & second) / union if union else 0.0))
    return pd.DataFrame(rows, columns=["level", "theme_a", "theme_b", "count", "jaccard"])


@stage("tokens[sid,term,is_content]", "theme_hits")
def topics(tokens: pd.DataFrame, hits: pd.DataFrame, themes: pd.DataFrame, n_topics: int = 8,
           n_words: int = 10) -> pd.DataFrame:
    """NMF topics of sentences, and the dictionary theme each overlaps most.

    scikit-learn: tf-idf of each sentence's content terms (the project's analyzer), NMF with `init="nndsvd"` and
    `random_state=0`, so runs give identical output. Each sentence goes to its heaviest topic; a topic's
    `best_theme` is the theme matched by the largest share of its sentences (`theme_share`), or "none" when fewer
    than a quarter of them match any one theme. Columns: `topic, top_words, n_sentences, best_theme, theme_share`.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    columns = ["topic", "top_words", "n_sentences", "best_theme", "theme_share"]
    content = tokens.loc[tokens["is_content"], ["sid", "term"]]  # not a copy of every column
    codes, names = term_codes(content["term"])
    sids, by_sentence = grouped(content["sid"], codes)
    if len(sids) < 2:
        return pd.DataFrame(columns=columns)
    # terms in a single sentence cannot define a topic; on a large corpus they only cost time
    vectorizer = TfidfVectorizer(analyzer=lambda t: t, lowercase=False, min_df=2 if len(sids) > 1000 else 1,
                                 max_features=5_000)
    matrix = vectorizer.fit_transform(by_sentence)
    k = max(1, min(n_topics, matrix.shape[0] - 1, matrix.shape[1] - 1))
    model = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=300)
    weights = model.fit_transform(matrix)
    vocabulary = names[vectorizer.get_feature_names_out().astype(np.int64)]
    dominant = pd.Series(weights.argmax(axis=1), index=sids.astype(np.int64))[weights.max(axis=1) > 0]
    ids = list(dict.fromkeys(themes["theme"]))
    matched = pd.crosstab(hits["sid"], hits["theme"]).clip(upper=1).reindex(columns=ids, fill_value=0)
    per_sentence = matched.reindex(dominant.index, fill_value=0)
    shares = per_sentence.groupby(dominant.to_numpy()).mean().reindex(range(k))
    sizes = dominant.value_counts().reindex(range(k), fill_value=0)
    rows = []
    for topic in range(k):
        order = np.argsort(-model.components_[topic], kind="stable")[:n_words]
        ranked = sorted(shares.loc[topic].fillna(0).items(), key=lambda kv: (-kv[1], kv[0])) if sizes[topic] else []
        best = ranked[0] if ranked else ("none", 0.0)
        rows.append((topic + 1, "; ".join(vocabulary[order]), int(sizes[topic]),
                     best[0] if best[1] >= 0.25 else "none", round(float(best[1]), 6)))
    return pd.DataFrame(rows, columns=columns)


@stage("tokens[doc_id,sid,term,is_content]", "theme_hits")
def coverage(tokens: pd.DataFrame, hits: pd.DataFrame, themes: pd.DataFrame, top_n: int = 30) -> tuple[float,
                                                                                                     pd.DataFrame]:
    """What the dictionary misses: the share of content words in sentences that match no theme, and the most
    frequent content terms there that are not keywords (`term, count, doc_freq`): candidates for the dictionary."""
    content = tokens.loc[tokens["is_content"], ["sid", "term", "doc_id"]]
    unmatched = content[~content["sid"].isin(set(hits["sid"]))]
    share = len(unmatched) / len(content) if len(content) else 0.0
    keywords = set(query_forms(themes["keyword"]).values())
    candidates = unmatched[~unmatched["term"].str.casefold().isin(keywords)]
    table = (candidates.groupby("term").agg(count=("term", "size"), doc_freq=("doc_id", "nunique")).reset_index()
             .sort_values(["count", "term"], ascending=[False, True]).head(top_n).reset_index(drop=True))
    return share, table


Z_95 = 1.959963984540054  # the normal quantile of a two-sided 95 % interval


def wilson_interval(k: np.ndarray, n: np.ndarray, z: float = Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval for k successes in n trials (95 %): unlike k/n ± …, it stays within 0–1 and is
    wide for a small n — a share of 12 articles is not a share of 1,200."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return np.where(n > 0, centre - half, np.nan), np.where(n > 0, centre + half, np.nan)


@stage("counted")
def prevalence_by(docs: pd.DataFrame, table: pd.DataFrame, group_by: str = "outlet") -> pd.DataFrame:
    """Theme prevalence per group of the counted documents (of `by_document`'s `table`): `<group_by>` (and
    `outlet_type` when grouping by outlet), `theme, n_docs, docs_with_theme, prevalence, ci_low, ci_high` — the
    interval is Wilson's 95 %. Largest groups first, themes in dictionary order."""
    labels = group_labels(docs, group_by)
    rows = table[table["doc_id"].isin(labels.index)].assign(group=lambda t: t["doc_id"].map(labels))
    ids = list(dict.fromkeys(table["theme"]))
    counts = rows.groupby(["group", "theme"]).agg(n_docs=("doc_id", "nunique"), docs_with_theme=("present", "sum"))
    sizes = labels.value_counts()
    groups = sorted(sizes.index, key=lambda g: (-sizes[g], g))
    grid = pd.MultiIndex.from_product([groups, ids], names=["group", "theme"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out["prevalence"] = out["docs_with_theme"] / out["n_docs"].where(out["n_docs"] > 0)
    out["ci_low"], out["ci_high"] = wilson_interval(out["docs_with_theme"], out["n_docs"])
    columns = [group_by, "theme", "n_docs", "docs_with_theme", "prevalence", "ci_low", "ci_high"]
    out = out.rename(columns={"group": group_by})
    if group_by == "outlet":
        types = docs.drop_duplicates("outlet").set_index("outlet")["outlet_type"]
        out.insert(1, "outlet_type", out["outlet"].map(types).fillna(""))
        columns.insert(1, "outlet_type")
    return out[columns]


def prevalence_grid(table: pd.DataFrame, group_by: str, n: int = 20) -> pd.DataFrame:
    """The `n` largest groups × themes of `prevalence_by`, rows labelled with their size, for a heatmap."""
    sizes = table.drop_duplicates(group_by).set_index(group_by)["n_docs"]
    shown = list(sizes.index[:n])
    grid = table[table[group_by].isin(shown)].pivot(index=group_by, columns="theme", values="prevalence")
    grid = grid.loc[shown, list(dict.fromkeys(table["theme"]))]
    grid.index = [f"{g} ({sizes[g]})" for g in shown]
    return grid
