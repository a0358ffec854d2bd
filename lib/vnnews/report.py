"""What notebooks use to show and save results: interactive escaped tables and notes, deterministic CSVs, PNG
figures.

Corpus text can contain `<script>` or markup; everything shown here is escaped. Tables are itables (DataTables)
with the library inlined in the page, so a report sorts, searches and pages offline, opened from disk.
"""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from vnnews.cache import call_key, code_version, content_key, read_entry, write_atomic, write_entry
from vnnews.paths import cache_dir


@functools.cache
def _output_version() -> str:
    """What output files depend on besides their data: this module, plots.py and what they import, and the
    drawing libraries."""
    from importlib import metadata

    return content_key(code_version(__name__, "vnnews.plots"),
                       *[metadata.version(name) for name in ("matplotlib", "wordcloud")])


def _write_cached(path: Path, key: str, make: Callable[[], bytes]) -> None:
    """Write `path` from the entry cached for `key` under `$VNNEWS_CACHE/outputs/` (verified: a damaged entry is
    made again), making it first if needed."""
    cached = cache_dir() / "outputs" / f"{content_key(_output_version(), key)}{path.suffix}"
    payload = read_entry(cached)
    if payload is None:
        payload = make()
        write_entry(cached, payload)
    write_atomic(path, payload)


def save_table(df: pd.DataFrame, output_dir: str | Path, name: str) -> None:
    """Write `OUTPUT/tables/name.csv`: UTF-8, LF, no index, floats to 6 significant digits (byte-stable).

    Cached by the table's content: a rerun copies the CSV instead of formatting tens of thousands of rows again.
    """
    path = Path(output_dir) / "tables" / f"{name}.csv"
    _write_cached(path, content_key("table", df), lambda: df.to_csv(
        index=False, lineterminator="\n", float_format="%.6g").encode("utf-8"))


def save_figure(output_dir: str | Path, name: str, plot: Callable, *args, **kwargs):
    """Draw `plot(*args, **kwargs)` (a function of `vnnews.plots`) to `OUTPUT/figures/name.png` and return that PNG
    for display: the report shows exactly the saved file.

    The PNG (no timestamp or software stamp, so reruns give the same bytes) is cached by the plot function and the
    content of its arguments: a rerun on the same data copies it instead of drawing again (a heatmap with hundreds
    of labels takes a second).
    """
    from IPython.display import Image

    def draw() -> bytes:
        import matplotlib.pyplot as plt

        fig = plot(*args, **kwargs)
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=120, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        return png.getvalue()

    path = Path(output_dir) / "figures" / f"{name}.png"
    _write_cached(path, content_key("figure", plot.__module__, plot.__qualname__, call_key(*args, **kwargs)), draw)
    return Image(filename=str(path))


# Text reads left to right; JupyterLab's default and DataTables' numeric columns right-align cells.
# Dates and numbers do not break across lines (DataTables marks their cells by type).
_TABLE_STYLE = ("<style>.vnnews-table th, .vnnews-table td {text-align: left !important; vertical-align: top}"
                " .vnnews-table td.dt-type-date, .vnnews-table td.dt-type-numeric {white-space: nowrap}</style>")

EMBED_ROWS = 1000  # rows an interactive table carries at most; the CSV has them all
_PAGE_LENGTHS = (10, 25, 50, 100)
# How itables writes a missing float in its JSON data (display text, sort value), and the blank we show instead.
_NAN_CELL, _BLANK_NAN_CELL = '[\\"NaN\\", \\"___NaN___\\"]', '[\\"\\", \\"___NaN___\\"]'


def _rows_note(shown: int, total: int) -> str:
    return f"<p><em>{shown} of {total} rows shown; the full table is in the CSV.</em></p>" if total > shown else ""


def table_html(df: pd.DataFrame, max_rows: int = 50) -> str:
    """A static HTML table with every cell escaped; longer tables say how many rows are not shown."""
    shown = df.head(max_rows)
    body = _TABLE_STYLE + shown.to_html(index=False, escape=True, na_rep="", border=0, classes="vnnews-table")
    return body + _rows_note(len(shown), len(df))


class Escaped:
    """HTML for Jupyter's rich display."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def _cells(df: pd.DataFrame) -> pd.DataFrame:
    """The table as itables should see it: text (anything not a number) as objects, missing text as "", integers
    with missing values as floats, so every cell goes through itables' escaping and none shows as "NaN" text."""
    columns = []
    for _, column in df.items():
        if pd.api.types.is_bool_dtype(column):
            column = column.astype(object).where(column.notna(), "").map(str)
        elif pd.api.types.is_integer_dtype(column) and column.hasnans:
            column = column.astype("float64")
        elif not pd.api.types.is_numeric_dtype(column):
            column = column.astype(object).where(column.notna(), "")
        columns.append(column.reset_index(drop=True))
    cells = pd.concat(columns, axis=1, ignore_index=True) if columns else pd.DataFrame(index=range(len(df)))
    cells.columns = [str(name) for name in df.columns]
    return cells


def interactive_tables() -> None:
    """Make the tables `show` draws interactive in this notebook: itables puts DataTables into the page once,
    offline (the bundle itables ships is inlined: no CDN), so a report sorts, searches and pages opened from disk.
    Call it in a notebook's first cell: a report is one page. Without it, or without JavaScript, each table shows
    its first page as a plain escaped table."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


class Table(Escaped):
    """An interactive table (itables/DataTables: sort by a column, search, pages), every cell escaped.

    The DataTables library comes from `interactive_tables()`, called once per notebook. Without JavaScript (an
    untrusted notebook, a viewer that strips scripts) itables' static preview of the first page shows instead.
    """

    def __init__(self, df: pd.DataFrame, max_rows: int = 50, embed_rows: int = EMBED_ROWS):
        from itables import to_html_datatable

        max_rows = max(1, int(max_rows))
        shown = df.head(max(1, int(embed_rows)))
        page = min(max_rows, max(len(shown), 1))
        lengths = sorted({*_PAGE_LENGTHS, page})
        self.df, self.shown, self.total = shown, len(shown), len(df)
        if len(shown) <= _PAGE_LENGTHS[0]:  # nothing to search or page: just sortable headers
            layout = {"topStart": None, "topEnd": None, "bottomStart": None, "bottomEnd": None}
        elif len(shown) <= page:
            layout = {"topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": None}
        else:
            layout = {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"}
        table = to_html_datatable(
            _cells(shown), connected=False, allow_html=False, showIndex=False, maxBytes=0, maxRows=0,
            maxColumns=0, pageLength=page, lengthMenu=lengths, layout=layout,
            classes="display compact vnnews-table", style="table-layout:auto;width:auto;margin:0;caption-side:bottom",
            display_logo_when_loading=False, warn_on_unexpected_types=False,
            text_in_header_can_be_selected=False)  # a click on a header sorts by it
        # A missing number shows blank, as in the static table (it still sorts as NaN).
        table = table.replace(_NAN_CELL, _BLANK_NAN_CELL)
        super().__init__(_TABLE_STYLE + table + _rows_note(len(shown), len(df)))

    def __repr__(self) -> str:
        return self.df.to_string(index=False, max_rows=20) + _rows_note(self.shown, self.total).replace(
            "<p><em>", "\n").replace("</em></p>", "")


def show(df: pd.DataFrame, max_rows: int = 50, embed_rows: int = EMBED_ROWS) -> Table:
    """Display a table in a notebook or report: sortable, searchable, `max_rows` rows a page; at most `embed_rows`
    rows are carried (then a note says how many of how many, pointing to the CSV). Every cell is escaped."""
    return Table(df, max_rows, embed_rows)


def note(text: str, **values) -> Escaped:
    """A paragraph whose `{placeholders}` are filled with escaped values: `note("{n} files from {dir}", ...)`."""
    return Escaped("<p>" + html.escape(text).format(**{k: html.escape(str(v)) for k, v in values.items()}) + "</p>")


SMALL_GROUP = 10  # fewer articles than this in a group: what it shows may be one article's, and the reports say so


def small_groups(sizes: pd.Series, caveat: str) -> Escaped | None:
    """A warning naming the groups (index) with fewer than `SMALL_GROUP` articles (values), with what that means
    for the table (`caveat`); None when every group is large enough."""
    small = sizes[sizes < SMALL_GROUP]
    if small.empty:
        return None
    names = ", ".join(map(str, small.index[:10])) + (" …" if len(small) > 10 else "")
    return note("{k} of {n} groups have fewer than {m} articles ({names}): {caveat}", k=len(small), n=len(sizes),
                m=SMALL_GROUP, names=names, caveat=caveat)
