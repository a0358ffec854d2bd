"""Showing and saving results: escaped HTML, deterministic CSVs, figures drawn once per content."""

from __future__ import annotations

import pandas as pd

from vnnews import plots
from vnnews.report import note, save_figure, save_table, show


def test_figures_are_drawn_once_per_content_and_saved_byte_identical(tmp_path):
    calls = []

    def bars(table):
        calls.append(len(table))
        return plots.term_bars(table)

    table = pd.DataFrame({"term": ["Nga", "Việt Nam"], "count": [5, 3]})
    save_figure(tmp_path / "a", "terms_top", bars, table)
    image = save_figure(tmp_path / "b", "terms_top", bars, table.copy())
    assert calls == [2]  # same content, drawn once
    first, second = (tmp_path / "a" / "figures" / "terms_top.png").read_bytes(), image.data
    assert first == second and first.startswith(b"\x89PNG")
    save_figure(tmp_path / "c", "terms_top", bars, table.assign(count=[5, 4]))
    assert calls == [2, 2]


def test_tables_and_notes_escape_corpus_text(tmp_path):
    table = pd.DataFrame({"title": ["<script>alert(1)</script>"], "share": [1 / 3]})
    assert "<script>" not in show(table)._repr_html_()
    assert "&lt;b&gt;" in note("{t}", t="<b>")._repr_html_()
    save_table(table, tmp_path, "demo")
    assert (tmp_path / "tables" / "demo.csv").read_text(encoding="utf-8") == \
        "title,share\n<script>alert(1)</script>,0.333333\n"
