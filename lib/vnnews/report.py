"""What notebooks use to show and save results: escaped HTML tables and notes, deterministic CSVs, PNG figures.

Corpus text can contain `<script>` or markup; everything shown here is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd


def save_table(df: pd.DataFrame, output_dir: str | Path, name: str) -> None:
    """Write `OUTPUT/tables/name.csv`: UTF-8, LF, no index, floats to 6 significant digits (byte-stable)."""
    path = Path(output_dir) / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.6g")


def save_figure(fig, output_dir: str | Path, name: str):
    """Write `OUTPUT/figures/name.png` (no timestamp or software stamp, so reruns give the same file) and return
    that PNG for display: the report shows exactly the saved file, and the figure is drawn once, not twice."""
    import matplotlib.pyplot as plt
    from IPython.display import Image

    path = Path(output_dir) / "figures" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
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
