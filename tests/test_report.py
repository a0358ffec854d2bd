"""Showing and saving results: escaped interactive HTML, deterministic CSVs, figures drawn once per content."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from vnnews import plots, report
from vnnews.report import EMBED_ROWS, Escaped, note, save_figure, save_table, show, table_html

SCRIPT = "<script>alert(1)</script>"


def data_rows(markup: str) -> list[list]:
    """The rows an itables table carries (its `data_json`), decoded."""
    match = re.search(r'"data_json": ("(?:[^"\\]|\\.)*")', markup)
    assert match, "no data_json in the table"
    return json.loads(json.loads(match[1]))


def script_tags(markup: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", markup, flags=re.IGNORECASE)


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
    table = pd.DataFrame({"title": [SCRIPT], "share": [1 / 3]})
    assert SCRIPT not in show(table)._repr_html_()
    assert "&lt;b&gt;" in note("{t}", t="<b>")._repr_html_()
    assert "&lt;script&gt;" in table_html(table) and "<script>" not in table_html(table)
    save_table(table, tmp_path, "demo")
    assert (tmp_path / "tables" / "demo.csv").read_text(encoding="utf-8") == \
        "title,share\n<script>alert(1)</script>,0.333333\n"


def test_interactive_table_carries_every_cell_escaped():
    table = pd.DataFrame({"title": [SCRIPT, 'Tiêu đề <giả> & "kép"', None], "n": [3, 1, 2],
                          "share": [0.5, float("nan"), 0.25], "<col>": ["a", "b", "c"]})
    markup = show(table).markup
    assert data_rows(markup) == [
        ["&lt;script&gt;alert(1)&lt;/script&gt;", 3, ["0.50", 0.5], "a"],
        ['Tiêu đề &lt;giả&gt; &amp; "kép"', 1, ["", "___NaN___"], "b"],  # a missing number shows blank
        ["", 2, ["0.25", 0.25], "c"]]
    assert SCRIPT not in markup and "<giả>" not in markup and "<col>" not in markup
    assert "&lt;col&gt;" in markup
    # the static preview shown without JavaScript is escaped too
    assert "<td style=\"border:1px solid #ddd;padding:8px\">&lt;script&gt;alert(1)&lt;/script&gt;</td>" in markup
    # the only script elements are itables' own: the swap to the interactive table and its set-up
    assert script_tags(markup) == ["<script>", '<script type="module">']


def test_tables_work_offline_with_the_library_inlined_once_per_notebook(monkeypatch):
    table = pd.DataFrame({"term": [f"t{i}" for i in range(30)], "count": range(30)})
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj._repr_html_()))
    report.interactive_tables()  # the notebook's first cell: DataTables into the page, once
    library = "".join(shown)
    assert len(library) > 500_000 and "_itables_2_9_1 = injectModule(" in library
    markup = show(table)._repr_html_()
    assert len(markup) < 20_000  # a table carries its data, not the library
    for html_text in (library, markup):
        assert not [tag for tag in script_tags(html_text) if "src" in tag]
        assert not re.search(r"""(?:src|href)=["']?https?://[^"'\s>]*\.(?:js|css)""", html_text)
        assert "unpkg" not in html_text and "cdn." not in html_text
    assert "text-align: left !important" in markup  # left-aligned, as the static tables were


def test_tables_page_by_max_rows_and_cap_what_they_carry():
    table = pd.DataFrame({"n": range(2345)})
    capped = show(table, max_rows=60)
    assert len(data_rows(capped.markup)) == EMBED_ROWS == 1000
    assert capped.markup.endswith("<p><em>1000 of 2345 rows shown; the full table is in the CSV.</em></p>")
    assert '"pageLength": 60' in capped.markup and '"lengthMenu": [10, 25, 50, 60, 100]' in capped.markup
    small = show(table.head(40))
    assert len(data_rows(small.markup)) == 40 and "rows shown" not in small.markup
    assert '"pageLength": 40' in small.markup and '"search"' in small.markup and '"paging"' not in small.markup
    assert len(data_rows(show(table, embed_rows=100).markup)) == 100
    assert "100 of 2345 rows shown" in show(table, embed_rows=100).markup


@pytest.mark.parametrize("table", [pd.DataFrame(), pd.DataFrame(columns=["a", "b"]),
                                   pd.DataFrame([[1, "x"]], columns=["a", "a"]),
                                   pd.DataFrame({"ok": [True, False], "words": [("a", "b"), ()],
                                                 "n": pd.array([1, None], dtype="Int64")})])
def test_odd_tables_render(table):
    markup = show(table)._repr_html_()
    assert "data_json" in markup and isinstance(show(table), Escaped)
    assert "<NA>" not in markup


def test_show_renders_through_display_and_as_a_last_expression():
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(show(pd.DataFrame({"title": [SCRIPT]})))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in data["text/html"] and SCRIPT not in data["text/html"]
    assert SCRIPT in data["text/plain"]  # plain text needs no escaping


def test_a_report_run_keeps_markup_in_an_article_as_text_and_loads_no_table_code_from_the_web(tmp_path):
    """The real path: papermill executes the notebooks, nbconvert renders them. Loading strips real tags from an
    article's text, but a metadata title keeps `<script>` as written, and text keeps entities and unknown tags:
    all stay text in the corpus table and the KWIC lines; the tables' code is inlined once per report."""
    from vnnews import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "https://example.vn/the-gioi/a-20210927101500.htm\nNga và Việt Nam\n"
        "Bộ trưởng Ngoại giao Bùi Thanh Sơn gặp Ngoại trưởng Lavrov <scrip>x</scrip> &lt;script&gt; để bàn về hợp "
        "tác. Hai bên nhấn mạnh quan hệ Đối tác chiến lược toàn diện.\n", encoding="utf-8")
    (corpus / "metadata.csv").write_text(f'file,title,outlet\na.txt,"{SCRIPT} Nga và Việt Nam",<b>Báo</b>\n',
                                         encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["run", "--corpus", str(corpus), "--output", str(out), "--only", "corpus", "terms",
                     "-p", "kwic_terms", "[hợp tác]"]) == 0
    corpus_report = (out / "reports" / "00_corpus.html").read_text(encoding="utf-8")
    terms_report = (out / "reports" / "01_terms.html").read_text(encoding="utf-8")
    for report_html in (corpus_report, terms_report):
        assert "<script>alert" not in report_html and "<scrip>" not in report_html and "<b>Báo" not in report_html
        assert report_html.count("_itables_2_9_1 = injectModule(") == 1  # the library, once per report
        sources = re.findall(r"<script\b[^>]*\bsrc=[\"']?([^\"' >]+)", report_html, flags=re.IGNORECASE)
        assert sources == [], sources  # offline: no script from the web (run.render_html's template drops lab's)
        assert not re.search(r"""<link\b[^>]*href=["']?https?://""", report_html)
        assert "unpkg.com" not in report_html
    # the static preview (what shows before the script swaps in the interactive table) and the table's data
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Nga và Việt Nam</td>" in corpus_report
    assert "&lt;b&gt;Báo&lt;/b&gt;</td>" in corpus_report
    assert "Lavrov &lt;scrip&gt;x&lt;/scrip&gt; &amp;lt;script&amp;gt; để bàn về</td>" in terms_report


def test_small_groups_are_named_with_the_caveat():
    from vnnews.report import small_groups

    assert small_groups(pd.Series({"Nhân Dân": 40, "Znews": 12}), "x") is None
    warning = small_groups(pd.Series({"Nhân Dân": 40, "RFA": 2, "VOV": 9}), "read as anecdotes.")
    assert warning._repr_html_() == "<p>2 of 3 groups have fewer than 10 articles (RFA, VOV): read as anecdotes.</p>"
