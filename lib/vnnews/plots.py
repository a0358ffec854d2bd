"""Figures shared by the notebooks. Each returns a matplotlib Figure; `report.save_figure` writes it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd


def documents_over_time(docs: pd.DataFrame, period: str = "M") -> plt.Figure:
    """Bar chart of documents per period (empty periods shown as zero), one colour per outlet."""
    dated = docs[docs["date"] != ""].assign(period=lambda d: pd.PeriodIndex(d["date"], freq=period).astype(str))
    fig, ax = plt.subplots(figsize=(9, 3.5))
    if dated.empty:
        ax.text(0.5, 0.5, "no dated documents", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    span = pd.period_range(dated["date"].min(), dated["date"].max(), freq=period).astype(str)
    outlets = dated.assign(outlet=dated["outlet"].replace("", "(unknown outlet)"))
    counts = outlets.pivot_table(index="period", columns="outlet", values="file", aggfunc="count", fill_value=0)
    counts = counts.reindex(span, fill_value=0)
    counts.plot.bar(stacked=True, ax=ax, width=0.85)
    ax.set_xlabel({"M": "month", "Q": "quarter", "Y": "year"}.get(period, period))
    ax.set_ylabel("documents")
    if len(span) > 24:
        for i, label in enumerate(ax.get_xticklabels()):
            label.set_visible(i % max(1, len(span) // 24) == 0)
    ax.legend(fontsize="small", ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def document_lengths(table: pd.DataFrame) -> plt.Figure:
    """Words per loaded document: one bar each for small corpora, a histogram for large ones."""
    docs = table[table["status"] == "loaded"]
    fig, ax = plt.subplots(figsize=(9, 3.5))
    if len(docs) <= 30:
        ax.barh(docs["doc_id"], docs["n_words"], color="#4c72b0")
        ax.invert_yaxis()
        ax.set_xlabel("words (after cleaning)")
    else:
        ax.hist(docs["n_words"], bins=40, color="#4c72b0")
        ax.set_xlabel("words per document (after cleaning)")
        ax.set_ylabel("documents")
    fig.tight_layout()
    return fig
