"""Exploring a corpus in JupyterLab: a search box showing keyword-in-context lines for any word or phrase typed,
without rerunning the notebook.

    from vnnews.explore import search, search_box
    search(study, "Lavrov")        # the KWIC lines, a DataFrame (what the box shows)
    search_box(study)              # the box: type a word or phrase, press Enter

A widget needs a live kernel, so `search_box` gives the box only where someone can type into it: a cell run from
JupyterLab (or Notebook, VS Code). A cell run by `vnnews run` for a report gets a note instead, saying where the
box works and that `tables/kwic.csv` holds the report's lines:
a static HTML report has no kernel to search with, and a widget there would be an empty frame (and nbconvert would
add a script from a CDN to draw it). The runner says so by setting `VNNEWS_REPORT=1` for its kernel.
"""

from __future__ import annotations

import html
import os

import pandas as pd

from vnnews import terms
from vnnews.report import note, show

KWIC_COLUMNS = ["query", "doc_id", "date", "left", "match", "right"]
ROWS_PER_PAGE = 20
_OFFLINE = ("A search box over the corpus works in JupyterLab: open this notebook there (make lab) and run its "
            "cells, then type any word or phrase. This report is static; the lines of its kwic_terms are in "
            "tables/kwic.csv.")


def search(study, phrase: str, window: int = 60) -> pd.DataFrame:
    """KWIC lines of `phrase` (a word or phrase, matched as `terms.kwic` matches: on word boundaries, ignoring case
    and variants) in the study's documents: `query, doc_id, date, left, match, right`, `window` characters of
    context each side. Every document is searched (near-duplicates too, as in the notebook's KWIC); nothing is
    cached: the stages are passed as DataFrames."""
    phrase = " ".join(str(phrase).split())
    if not phrase:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    return terms.kwic(study.term_index, study.sentences, study.documents, [phrase], window)


def summary(lines: pd.DataFrame, phrase: str) -> str:
    """What the count label says: "12 lines in 3 documents for “hợp tác”"."""
    phrase = " ".join(str(phrase).split())
    if not phrase:
        return "Type a word or phrase and press Enter."
    n, docs = len(lines), lines["doc_id"].nunique() if len(lines) else 0
    return (f"{n} line{'s' if n != 1 else ''} in {docs} document{'s' if docs != 1 else ''} "
            f"for “{phrase}”")


def interactive_frontend() -> bool:
    """True in a kernel someone types into: not outside IPython, and not in a notebook that `vnnews run` executes
    for a report (the runner sets `VNNEWS_REPORT`)."""
    from IPython import get_ipython

    return get_ipython() is not None and os.environ.get("VNNEWS_REPORT", "") != "1"


def _search_box_class():
    import ipywidgets as widgets
    from IPython.display import display

    class SearchBox(widgets.VBox):
        """A Text box (search on Enter), a count of the lines found, and the lines as an interactive table."""

        def __init__(self, study, window: int = 60):
            self.study, self.window = study, window
            self.query = widgets.Text(value="", placeholder="a word or phrase, e.g. Lavrov", description="Search:",
                                      continuous_update=False, layout=widgets.Layout(width="32em"))
            self.count = widgets.HTML(value=html.escape(summary(pd.DataFrame(), "")))
            self.output = widgets.Output()
            self.lines = pd.DataFrame(columns=KWIC_COLUMNS)
            super().__init__([widgets.HBox([self.query, self.count]), self.output])
            self.query.observe(self._on_query, names="value")

        def _on_query(self, change) -> None:
            self.run(change["new"])

        def run(self, phrase: str) -> pd.DataFrame:
            """Search `phrase` and show its lines (what pressing Enter in the box does)."""
            self.output.clear_output(wait=True)
            try:
                self.lines = search(self.study, phrase, self.window)
            except Exception as exc:  # a bad query must not kill the box
                self.lines = pd.DataFrame(columns=KWIC_COLUMNS)
                self.count.value = html.escape(f"Search failed: {type(exc).__name__}: {exc}")
                return self.lines
            self.count.value = html.escape(summary(self.lines, phrase))
            if len(self.lines):
                with self.output:
                    display(show(self.lines, max_rows=ROWS_PER_PAGE))
            return self.lines

        def _repr_mimebundle_(self, **kwargs):
            # Where no widget can be drawn (a notebook saved without widget state, rendered statically), the note.
            bundle = super()._repr_mimebundle_(**kwargs)
            data = bundle[0] if isinstance(bundle, tuple) else bundle
            data["text/plain"] = _OFFLINE
            data["text/html"] = note(_OFFLINE)._repr_html_()
            return bundle

    return SearchBox


def search_box(study, window: int = 60, *, interactive: bool | None = None):
    """A search box over the study's corpus (ipywidgets) where someone can type; otherwise a note (see the
    module's docstring). `interactive` forces either (default: `interactive_frontend()`)."""
    if interactive is None:
        interactive = interactive_frontend()
    if not interactive:
        return note(_OFFLINE)
    return _search_box_class()(study, window)

