"""Figures shared by the notebooks. Each returns a matplotlib Figure (to show or adjust in JupyterLab);
`report.save_figure(out, name, plot, *args)` draws one, caches and writes its PNG."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from vnnews.corpus import periods

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _subplots(**kwargs):
    """`plt.subplots`, importing matplotlib only when a figure is drawn (a rerun copies cached PNGs instead)."""
    import matplotlib.pyplot as plt

    return plt.subplots(**kwargs)


# More outlets than this in one chart are unreadable (and slow to draw): the rest are drawn as one.
MAX_OUTLETS = 10
# A heatmap with more columns than this gets narrower cells and no numbers in them.
MAX_ANNOTATED_COLUMNS = 24


def documents_over_time(docs: pd.DataFrame, period: str = "M") -> Figure:
    """Bar chart of documents per period (empty periods shown as zero), one colour per outlet (the
    `MAX_OUTLETS - 1` largest; the others together)."""
    dated = docs[docs["date"] != ""]
    fig, ax = _subplots(figsize=(9, 3.5))
    if dated.empty:
        ax.text(0.5, 0.5, "no dated documents", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    labels, span = periods(dated["date"], period)
    dated = dated.assign(period=labels)
    outlets = dated.assign(outlet=dated["outlet"].replace("", "(unknown outlet)"))
    sizes = outlets["outlet"].value_counts()
    if len(sizes) > MAX_OUTLETS:
        kept = set(sorted(sizes.index, key=lambda o: (-sizes[o], o))[: MAX_OUTLETS - 1])
        others = f"{len(sizes) - len(kept)} other outlets"
        outlets = outlets.assign(outlet=outlets["outlet"].where(outlets["outlet"].isin(kept), others))
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


def document_lengths(table: pd.DataFrame) -> Figure:
    """Words per loaded document: one bar each for small corpora, a histogram for large ones."""
    docs = table[table["status"] == "loaded"]
    fig, ax = _subplots(figsize=(9, 3.5))
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


def _empty(message: str) -> Figure:
    fig, ax = _subplots(figsize=(9, 1.5))
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def term_bars(table: pd.DataFrame, value: str = "count", label: str = "occurrences") -> Figure:
    """Horizontal bars, most frequent at the top."""
    if table.empty:
        return _empty("no terms")
    fig, ax = _subplots(figsize=(8, max(2.5, 0.26 * len(table))))
    ax.barh(table["term"], table[value], color="#4c72b0")
    ax.invert_yaxis()
    ax.set_xlabel(label)
    fig.tight_layout()
    return fig


def vietnamese_font() -> str:
    """A font with every Vietnamese diacritic: DejaVu Sans, shipped with matplotlib."""
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)


def word_cloud(table: pd.DataFrame) -> Figure:
    """A word cloud of `term` sized by `count`: every term in the table is drawn (no word limit below it)."""
    from wordcloud import WordCloud

    if table.empty:
        return _empty("no terms")
    cloud = WordCloud(font_path=vietnamese_font(), width=1200, height=600, background_color="white",
                      max_words=len(table), random_state=0, collocations=False, prefer_horizontal=0.95)
    cloud.generate_from_frequencies(dict(zip(table["term"], table["count"])))
    fig, ax = _subplots(figsize=(12, 6))
    ax.imshow(cloud, interpolation="bilinear")
    ax.set_axis_off()
    fig.tight_layout()
    return fig


def keyness_bars(table: pd.DataFrame, target: str, reference: str, top_n: int = 15) -> Figure:
    """Log ratio of the `top_n` key terms on each side (by G²): right for the target group, left for the reference."""
    if table.empty:
        return _empty("no keyness table")
    sides = [table[table["key_for"] == target].head(top_n), table[table["key_for"] == reference].head(top_n)]
    shown = pd.concat(sides).sort_values("log_ratio")
    fig, ax = _subplots(figsize=(8, max(2.5, 0.26 * len(shown))))
    colours = ["#c44e52" if v > 0 else "#4c72b0" for v in shown["log_ratio"]]
    ax.barh(shown["term"], shown["log_ratio"], color=colours)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"log2 ratio: ← more in {reference}   |   more in {target} →")
    fig.tight_layout()
    return fig


def trend_lines(table: pd.DataFrame, value: str = "per_10k") -> Figure:
    """One line per term over the periods (zero where a period has no documents)."""
    if table.empty:
        return _empty("no dated documents")
    wide = table.pivot(index="period", columns="term", values=value)
    fig, ax = _subplots(figsize=(9, 3.5))
    wide.plot(ax=ax, marker="o")
    ax.set_ylabel("per 10,000 words" if value == "per_10k" else value)
    ax.set_xlabel("")
    ax.legend(fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def heatmap(matrix: pd.DataFrame, label: str, fmt: str = "{:.0f}") -> Figure:
    """A labelled heatmap of a rows × columns table, each cell annotated with its value."""
    if matrix.empty:
        return _empty("nothing to show")
    annotated = matrix.shape[1] <= MAX_ANNOTATED_COLUMNS
    fig, ax = _subplots(figsize=(1.2 + (0.9 if annotated else 0.3) * matrix.shape[1], 1.2 + 0.45 * matrix.shape[0]))
    image = ax.imshow(matrix.to_numpy(float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=45, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    top = np.nanmax(matrix.to_numpy(float)) if matrix.size else 0
    for (row, col), value in np.ndenumerate(matrix.to_numpy(float)):
        if annotated and not np.isnan(value):
            ax.text(col, row, fmt.format(value), ha="center", va="center", fontsize=8,
                    color="white" if top and value > top * 0.6 else "black")
    fig.colorbar(image, ax=ax, label=label, shrink=0.8)
    fig.tight_layout()
    return fig


def officials_timeline(mentions: pd.DataFrame, top_n: int = 30) -> Figure:
    """People × dates, one marker per dated mention, coloured by role; the `top_n` most mentioned people."""
    dated = mentions[mentions["date"] != ""]
    if dated.empty:
        return _empty("no dated mentions")
    order = dated.groupby("person")["doc_id"].nunique().sort_values(ascending=False, kind="stable")
    people = sorted(order.head(top_n).index, key=lambda p: (dated.loc[dated.person == p, "date"].min(), p))
    shown = dated[dated["person"].isin(people)].drop_duplicates(["person", "date", "role"]).sort_values("role")
    # titles held at once sit side by side on the person's row
    shown = shown.assign(offset=shown.groupby(["person", "date"]).cumcount() * 0.22)
    roles = sorted(shown["role"].unique())
    from matplotlib import colormaps

    colours = colormaps["tab20"](np.linspace(0, 1, max(len(roles), 2)))
    fig, ax = _subplots(figsize=(10, max(2.5, 0.35 * len(people) + 1)))
    rows = {person: i for i, person in enumerate(people)}
    for colour, role in zip(colours, roles):
        part = shown[shown["role"] == role]
        ax.scatter(pd.to_datetime(part["date"]), part["person"].map(rows) + part["offset"], color=colour, label=role,
                   s=40)
    ax.set_yticks(range(len(people)), people)
    ax.invert_yaxis()
    ax.legend(fontsize="small", frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def dispersion(table: pd.DataFrame) -> Figure:
    """Where the queries occur: one panel per query, each occurrence a mark at its article's date (x) and its
    place in the article (y: 0 the headline, 1 the end). Undated articles are left out."""
    dated = table[table["date"] != ""]
    if dated.empty:
        return _empty("no dated occurrence of the words")
    queries = list(dict.fromkeys(table["query"]))
    fig, axes = _subplots(nrows=len(queries), figsize=(9, 1.2 + 1.4 * len(queries)), sharex=True, squeeze=False)
    for ax, query in zip(axes[:, 0], queries):
        part = dated[dated["query"] == query]
        ax.scatter(pd.to_datetime(part["date"]), part["position"], s=12, alpha=0.6, color="#4c72b0")
        ax.set_ylim(1.05, -0.05)
        ax.set_ylabel("place in article", fontsize="small")
        ax.set_title(f"{query} ({len(part)} occurrences in {part['doc_id'].nunique()} articles)", fontsize="small",
                     loc="left")
        ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def title_transitions(mentions: pd.DataFrame, transitions: pd.DataFrame, max_people: int = 8) -> Figure:
    """One panel per change of office (of `officials.title_transitions`) whose person is mentioned with either
    title: the dated mentions along time, coloured by the title used (old red, new blue), the official date as a
    vertical line; each panel spans its own dates."""
    current = mentions[~mentions["former"] & (mentions["date"] != "")]
    panels = []
    for change in transitions.itertuples():
        said = current[(current["person"] == change.person) & current["role"].isin([change.from_role, change.to_role])]
        if len(said):
            panels.append((change, said))
    panels = panels[:max_people]
    if not panels:
        return _empty("no change of office for the people mentioned with either title")
    fig, axes = _subplots(nrows=len(panels), figsize=(9, 0.9 + 1.5 * len(panels)), squeeze=False)
    for ax, (change, said) in zip(axes[:, 0], panels):
        official = pd.Timestamp(change.official_date)
        for role, colour, row in ((change.from_role, "#c44e52", 1), (change.to_role, "#4c72b0", 0)):
            dates = pd.to_datetime(said.loc[said["role"] == role, "date"])
            ax.scatter(dates, [row] * len(dates), s=22, color=colour, alpha=0.7)
        dates = pd.to_datetime(said["date"])
        margin = max((max(dates.max(), official) - min(dates.min(), official)) * 0.05, pd.Timedelta(days=5))
        ax.set_xlim(min(dates.min(), official) - margin, max(dates.max(), official) + margin)
        ax.axvline(official, color="black", linewidth=1)
        before = change.from_role or "(earlier office not in the record)"
        ax.set_yticks([0, 1], [change.to_role, change.from_role], fontsize="small")
        ax.set_ylim(-0.6, 1.6)
        ax.set_title(f"{change.person}: {before} → {change.to_role} on {change.official_date}",
                     fontsize="small", loc="left")
        ax.tick_params(axis="x", labelrotation=30, labelsize="small")
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig
