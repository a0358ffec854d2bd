"""The corpus search box: KWIC lines for any phrase (a plain function), the widget built headless, and the note a
static report shows instead."""

from __future__ import annotations

import pandas as pd
import pytest

from vnnews import explore
from vnnews.explore import KWIC_COLUMNS, search, search_box, summary
from vnnews.paths import seeds_dir
from vnnews.report import Escaped, Table
from vnnews.study import Study


@pytest.fixture(scope="module")
def study() -> Study:
    return Study(seeds_dir())


def test_search_gives_the_kwic_lines_of_a_word(study):
    lines = search(study, "Lavrov")
    assert list(lines.columns) == KWIC_COLUMNS
    # every mention: "Lavrov" on its own (2) and inside the word "Sergei Lavrov" that underthesea keeps whole (13),
    # in the four articles that name him
    assert len(lines) == 15 and lines["doc_id"].nunique() == 4
    assert lines["match"].value_counts().to_dict() == {"Sergei Lavrov": 13, "Lavrov": 2}
    alone = lines[lines["match"] == "Lavrov"]
    assert alone[["doc_id", "date", "left", "right"]].values.tolist() == [
        ["000_8029fa2526a562f7", "2021-04-27", "Ngoại trưởng",
         "bày tỏ tin tưởng rằng với nhiều năm kinh nghiệm ở nhiều vị"],
        ["001_df604d269652025b", "2020-05-29", ", Bộ trưởng Phạm Bình Minh gửi lời mời Bộ trưởng Ngoại giao",
         "tham dự Hội nghị Bộ trưởng ASEAN (AMM) vào đầu tháng 8/2020"]]
    assert len(search(study, "Sergei Lavrov")) == 13
    for typed in ("lavrov", "  LAVROV "):  # any case, stray spaces
        found = search(study, typed)
        assert found.drop(columns="query").equals(lines.drop(columns="query"))
        assert set(found["query"]) == {typed.strip()}


def test_search_finds_phrases_and_nothing_for_blank_or_absent(study):
    cooperation = search(study, "hợp tác", window=20)
    assert len(cooperation) == 16 and set(cooperation["match"].str.casefold()) == {"hợp tác"}
    assert cooperation["left"].str.len().max() <= 20 and cooperation["right"].str.len().max() <= 20
    assert search(study, "").empty and list(search(study, "   ").columns) == KWIC_COLUMNS
    assert search(study, "không có từ này").empty


def test_summary_counts_lines_and_documents(study):
    assert summary(search(study, "Lavrov"), "Lavrov") == "15 lines in 4 documents for “Lavrov”"
    assert summary(pd.DataFrame(columns=KWIC_COLUMNS), "xyz") == "0 lines in 0 documents for “xyz”"
    assert summary(pd.DataFrame(), " ") == "Type a word or phrase and press Enter."


def test_the_widget_builds_headless_and_searches_on_enter(study):
    import ipywidgets

    box = search_box(study, window=30, interactive=True)
    assert isinstance(box, ipywidgets.VBox)
    query, count = box.children[0].children
    assert isinstance(query, ipywidgets.Text) and not query.continuous_update  # searches on Enter
    assert isinstance(box.children[1], ipywidgets.Output)
    query.value = "Lavrov"  # what typing and pressing Enter does
    assert count.value == "15 lines in 4 documents for “Lavrov”"
    assert set(box.lines["match"]) == {"Lavrov", "Sergei Lavrov"} and box.lines["left"].str.len().max() <= 30
    query.value = "<script>"
    assert count.value == "0 lines in 0 documents for “&lt;script&gt;”" and box.lines.empty
    bundle = box._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "works in JupyterLab" in data["text/plain"] and data["text/html"].startswith("<p>")


def test_the_lines_are_shown_as_an_interactive_table(study, monkeypatch):
    shown = []
    monkeypatch.setattr(explore, "show", lambda df, max_rows: shown.append((df, max_rows)) or Table(df, max_rows))
    box = search_box(study, interactive=True)
    box.run("hợp tác")
    assert len(shown) == 1 and len(shown[0][0]) == 16 and shown[0][1] == explore.ROWS_PER_PAGE


def test_outside_an_interactive_front_end_the_box_is_a_note(study):
    assert not explore.interactive_frontend()  # pytest: no kernel
    shown = search_box(study)
    assert isinstance(shown, Escaped) and not hasattr(shown, "children")
    assert shown._repr_html_() == (
        "<p>A search box over the corpus works in JupyterLab: open this notebook there (make lab) and run its cells, "
        "then type any word or phrase. This report is static; the lines of its kwic_terms are in "
        "tables/kwic.csv.</p>")
