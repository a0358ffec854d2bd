"""What notebooks use to show and save results: escaped HTML tables and notes, deterministic CSVs, PNG figures.

Corpus text can contain `<script>` or markup; everything shown here is escaped.
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


# Text reads left to right; JupyterLab's default right-aligns every cell.
_TABLE_STYLE = "<style>.vnnews-table th, .vnnews-table td {text-align: left !important; vertical-align: top}</style>"


def table_html(df: pd.DataFrame, max_rows: int = 50) -> str:
    """An HTML table with every cell escaped; longer tables say how many rows are not shown."""
    shown = df.head(max_rows)
    body = _TABLE_STYLE + shown.to_html(index=False, escape=True, na_rep="", border=0, classes="vnnews-table")
    if len(df) > max_rows:
        body += f"<p><em>{max_rows} of {len(df)} rows shown; the full table is in the CSV.</em></p>"
    return body


class Escaped:
    """HTML for Jupyter's rich display."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def show(df: pd.DataFrame, max_rows: int = 50) -> Escaped:
    """Display a table in a notebook, escaped (see `table_html`)."""
    return Escaped(table_html(df, max_rows))


def note(text: str, **values) -> Escaped:
    """A paragraph whose `{placeholders}` are filled with escaped values: `note("{n} files from {dir}", ...)`."""
    return Escaped("<p>" + html.escape(text).format(**{k: html.escape(str(v)) for k, v in values.items()}) + "</p>")
