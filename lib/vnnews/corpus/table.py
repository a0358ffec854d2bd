"""The corpus table: its columns (the one list, `COLUMNS`), the views analyses take, and the tables reports write.

`tables/corpus.csv` has one row per input file, loaded or skipped, so nothing disappears silently.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from vnnews.cache import stage
from vnnews.corpus.dates import periods
from vnnews.errors import ParameterError


class Column(NamedTuple):
    name: str
    default: object  # for a file that is skipped before the column is known
    description: str
    in_corpus: bool = True  # a column of the corpus stage
    in_table: bool = True  # a column of tables/corpus.csv


COLUMNS: tuple[Column, ...] = (
    Column("file", "", "path relative to the corpus folder"),
    Column("doc_id", "", "the file without `.txt`: the document's id in every table"),
    Column("status", "skipped", "`loaded` or `skipped`"),
    Column("reason", "", "why skipped, or notes on a loaded file (an unparseable metadata date …)"),
    Column("title", "", "the headline"),
    Column("title_is_text", False, "False for a title that is a URL slug without diacritics (not counted)",
           in_table=False),
    Column("url", "", "the article's URL"),
    Column("outlet", "", "from metadata or a column, the outlet registry (`data/outlets.csv`) for the URL's "
           "domain, a page's site name or a tag opening the lede; the domain when unknown"),
    Column("outlet_type", "", "the registry's type of outlet (party_state, provincial, commercial_online …)"),
    Column("date", "", "ISO `YYYY-MM-DD`, or blank"),
    Column("date_source", "", "`metadata`, `column` (a table export's), `page` (a saved page's markup), `url`, "
           "`dateline`, `text`, `text_day_month`, `same_event`, or blank (`corpus.dates.SOURCES`)"),
    Column("date_evidence", "", "what fixed the date, or why there is none"),
    Column("encoding", "", "how the file was decoded"),
    Column("n_chars_raw", 0, "characters (bytes if undecodable) before cleaning"),
    Column("n_chars_clean", 0, "characters of headline and body after cleaning"),
    Column("n_words", 0, "words as underthesea segments them, punctuation excluded (from the text stage; 0 for "
           "records not analysed)",
           in_corpus=False),
    Column("paragraphs", (), "the cleaned body paragraphs (a tuple of strings)", in_table=False),
    Column("audit", (), "what cleaning removed (a tuple of `clean.Removal`)", in_table=False),
    Column("selected", "", "`true`/`false`: whether the subject selection keeps the article (blank if skipped)"),
    Column("select_evidence", "", "the query's matched terms and counts, or why the article is not selected"),
    Column("duplicate_of", "", "the earlier document this one copies (see `duplicates.py`)"),
    Column("similarity", np.nan, "containment of the shorter text's 5-syllable sequences in the other"),
)
CORPUS_COLUMNS = [c.name for c in COLUMNS if c.in_corpus]
TABLE_COLUMNS = [c.name for c in COLUMNS if c.in_table]


def new_row(**values) -> dict:
    """A corpus row with every column at its default, then `values`."""
    return {c.name: c.default for c in COLUMNS if c.in_corpus} | values


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows (some with metadata columns) as the corpus frame: the columns in order, then the metadata's own."""
    corpus = pd.DataFrame([new_row() | row for row in rows])
    extra = [c for c in corpus.columns if c not in CORPUS_COLUMNS]
    corpus[extra] = corpus[extra].fillna("")
    corpus["title_is_text"] = corpus["title_is_text"].astype(bool)
    corpus[["n_chars_raw", "n_chars_clean"]] = corpus[["n_chars_raw", "n_chars_clean"]].astype(int)
    return corpus[CORPUS_COLUMNS + extra].reset_index(drop=True)


@stage("records")
def selection(records: pd.DataFrame, select: str = "") -> pd.DataFrame:
    """The subject selection of every loaded record (`select.py`): `file, selected, select_evidence`; every
    loaded record is selected when `select` is empty."""
    from vnnews.corpus.select import load_query, match

    query = load_query(select)
    docs = records[records["status"] == "loaded"]
    if query is None:
        return pd.DataFrame({"file": docs["file"], "selected": "true", "select_evidence": ""}).reset_index(drop=True)
    found = [match(query, title, paragraphs) for title, paragraphs in zip(docs["title"], docs["paragraphs"])]
    return pd.DataFrame({"file": docs["file"].to_numpy(), "selected": ["true" if ok else "false" for ok, _ in found],
                         "select_evidence": [evidence for _, evidence in found]})


@stage("records", "selection", store=False)
def with_selection(records: pd.DataFrame, selection: pd.DataFrame) -> pd.DataFrame:
    """Every record with its `selected` and `select_evidence`."""
    selected = dict(zip(selection["file"], selection["selected"]))
    evidence = dict(zip(selection["file"], selection["select_evidence"]))
    return records.assign(selected=[selected.get(f, "") for f in records["file"]],
                          select_evidence=[evidence.get(f, "") for f in records["file"]])


@stage("corpus", store=False)
def loaded(corpus: pd.DataFrame) -> pd.DataFrame:
    """The documents analyses read: loaded and, where a subject selection was made, selected (records as read,
    without a `selected` column, are all analysed)."""
    docs = corpus[corpus["status"] == "loaded"]
    return docs[docs["selected"] != "false"] if "selected" in docs else docs


@stage("corpus", store=False)
def counted(corpus: pd.DataFrame, drop_duplicates: bool = True) -> pd.DataFrame:
    """The documents that statistics count: with `drop_duplicates`, not those flagged as a copy of an earlier one
    (see `duplicates.py`)."""
    docs = loaded(corpus)
    return docs[docs["duplicate_of"] == ""] if drop_duplicates else docs


def corpus_table(corpus: pd.DataFrame, n_words: pd.Series) -> pd.DataFrame:
    """`tables/corpus.csv`: one row per input file (`TABLE_COLUMNS`, then the metadata's own columns).

    `n_words` (indexed by doc_id) comes from the text stage.
    """
    table = corpus.assign(n_words=corpus["doc_id"].map(n_words).fillna(0).astype(int))
    extra = [c for c in corpus.columns if c not in CORPUS_COLUMNS]
    return table[TABLE_COLUMNS + extra]


def audit_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """What cleaning removed: one row per removal (`file, rule, n_chars, excerpt`)."""
    rows = [(row.file, *entry) for row in corpus.itertuples() for entry in row.audit]
    return pd.DataFrame(rows, columns=["file", "rule", "n_chars", "excerpt"])


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit per rule: `rule, removals, characters, files`, most characters removed first."""
    summary = audit.groupby("rule").agg(removals=("rule", "size"), characters=("n_chars", "sum"),
                                        files=("file", "nunique")).reset_index()
    return summary.sort_values(["characters", "rule"], ascending=[False, True]).reset_index(drop=True)


def group_labels(docs: pd.DataFrame, group_by: str) -> pd.Series:
    """Each document's group (doc_id → label): "year", "quarter", "month" from its date, or any document variable
    ("outlet", "outlet_type", a metadata column); documents without a label are left out."""
    calendar = {"year": "Y", "quarter": "Q", "month": "M"}
    docs = docs.set_index("doc_id")
    if group_by in calendar:
        dated = docs[docs["date"] != ""]
        return periods(dated["date"], calendar[group_by])[0]
    if group_by not in docs.columns:
        raise ParameterError(f"group_by: no column '{group_by}' in the corpus; use year, quarter, month or one of "
                             f"{', '.join(c for c in docs.columns if c not in ('paragraphs', 'audit'))}")
    labels = docs[group_by].astype(str)
    return labels[labels != ""]


def selection_by(corpus: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """How many loaded articles each group (an outlet, a period: a label per row of `corpus`) has and how many the
    subject selection keeps: `group, loaded, selected, share`, largest groups first."""
    docs = corpus["status"] == "loaded"
    table = pd.DataFrame({"group": groups[docs].replace("", "(none)"),
                          "selected": corpus.loc[docs, "selected"] == "true"})
    summary = table.groupby("group").agg(loaded=("selected", "size"), selected=("selected", "sum")).reset_index()
    summary["share"] = summary["selected"] / summary["loaded"]
    return summary.sort_values(["loaded", "group"], ascending=[False, True]).reset_index(drop=True)


def rejected_sample(corpus: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Loaded articles the selection leaves out although the query matched some of their words (the ones worth
    checking): `file, title, select_evidence`, the first `n` by file."""
    rejected = corpus[(corpus["selected"] == "false") & ~corpus["select_evidence"].str.startswith("no term")]
    return rejected.sort_values("file").head(n)[["file", "title", "select_evidence"]].reset_index(drop=True)
