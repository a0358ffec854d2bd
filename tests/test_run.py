"""Run stage and CLI: parameter validation, execution, HTML escaping, failures, determinism."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from vnnews import cli, run
from vnnews.paths import notebooks_dir

CORPUS_NB = notebooks_dir() / "00_corpus.ipynb"
BODY = ("Bộ trưởng Ngoại giao Bùi Thanh Sơn đã có cuộc gặp với Phó Chủ tịch Hội đồng Liên bang Nga "
        "Konstantin Kosachev vào sáng 27/9. Hai bên nhấn mạnh quan hệ Đối tác chiến lược toàn diện.")


@pytest.mark.parametrize("raw, value", [("10", 10), ("true", True), ("[a, b]", ["a", "b"]), ("M", "M"),
                                        ("", None), ("2021-01-01", __import__("datetime").date(2021, 1, 1))])
def test_values_are_read_as_yaml(raw, value):
    assert run.parse_value(raw) == value


@pytest.mark.parametrize("value, annotation, ok", [
    ("x", "str", True), (3, "str", False), (3, "int", True), (True, "int", False), (3, "float", True),
    (["a"], "list[str]", True), ([1], "list[str]", False), (None, "str", False), ("x", "None", True)])
def test_types_are_checked_against_annotations(value, annotation, ok):
    if ok:
        run.check_type("p", value, annotation)
    else:
        with pytest.raises(run.ParameterError, match="parameter p expects"):
            run.check_type("p", value, annotation)


def test_unknown_parameters_and_bad_values_stop_before_anything_runs():
    with pytest.raises(run.ParameterError, match="unknown parameter top_nn; the notebooks take: columns, corpus_dir"):
        run.plan([CORPUS_NB], {}, {"top_nn": 3})
    with pytest.raises(run.ParameterError, match="period must be one of M, Q, Y"):
        run.plan([CORPUS_NB], {}, {"period": "week"})
    with pytest.raises(run.ParameterError, match="expects str"):
        run.plan([CORPUS_NB], {}, {"period": 3})
    assert run.plan([CORPUS_NB], {"output_dir": "/x"}, {"period": "Q"}) == {CORPUS_NB: {"output_dir": "/x",
                                                                                         "period": "Q"}}


def test_notebooks_are_chosen_by_name_number_or_full_stem():
    assert [p.stem for p in run.notebooks(["corpus"])] == ["00_corpus"]
    assert [p.stem for p in run.notebooks(["00"])] == ["00_corpus"]
    with pytest.raises(run.ParameterError, match="no notebook named nope"):
        run.notebooks(["nope"])


def test_cli_reports_missing_corpus_and_bad_parameters(tmp_path, capsys):
    assert cli.main(["run", "--corpus", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["run", "--corpus", str(tmp_path), "--only", "corpus", "-p", "colour", "red"]) == 2
    assert "unknown parameter colour" in capsys.readouterr().err


@pytest.fixture(scope="module")
def scraped(tmp_path_factory) -> Path:
    """Another corpus folder: no metadata, one bad file, a headline with markup-like text."""
    folder = tmp_path_factory.mktemp("scraped")
    url = "https://example.vn/the-gioi/a-20210927101500.htm"
    (folder / "a.txt").write_text(f"{url}\nTiêu đề <giả> & \"kép\"\n{BODY}\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Bài không có URL\nChiều 29/5, Phó Thủ tướng, Bộ trưởng Ngoại giao Phạm Bình Minh "
                                  "điện đàm với Ngoại trưởng Nga. Hai bên bàn về Hội nghị AMM vào đầu tháng 8/2020.\n",
                                  encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def two_runs(scraped, tmp_path_factory):
    outputs = [tmp_path_factory.mktemp(f"out{i}") for i in range(2)]
    codes = [cli.main(["run", "--corpus", str(scraped), "--output", str(out)]) for out in outputs]
    return codes, outputs


def test_run_on_a_folder_without_metadata_writes_the_output_contract(two_runs):
    codes, (out, _) = two_runs
    assert codes == [0, 0]
    for rel in ["notebooks/00_corpus.ipynb", "reports/00_corpus.html", "reports/index.html", "run.json",
                "tables/corpus.csv", "tables/cleaning_audit.csv", "figures/corpus_timeline.png",
                "reports/01_terms.html", "tables/terms.csv", "tables/keyness.csv", "tables/kwic.csv",
                "tables/tfidf_by_doc.csv", "tables/collocations.csv", "tables/term_trends.csv",
                "figures/terms_wordcloud.png", "reports/02_themes.html", "tables/themes_by_doc.csv",
                "tables/theme_evidence.csv", "tables/theme_trends.csv", "tables/theme_cooccurrence.csv",
                "tables/topics.csv", "reports/03_titles.html", "tables/officials.csv", "tables/role_holders.csv",
                "tables/title_changes.csv", "figures/officials_timeline.png"]:
        assert (out / rel).is_file(), rel
    table = pd.read_csv(out / "tables" / "corpus.csv", keep_default_na=False)
    assert table[["file", "status", "date", "date_source"]].values.tolist() == [
        ["a.txt", "loaded", "2021-09-27", "url"], ["b.txt", "loaded", "2020-05-29", "text_day_month"],
        ["empty.txt", "skipped", "", ""]]
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [(n["name"], n["status"]) for n in manifest["notebooks"]] == [(p.stem, "ok") for p in run.notebooks()]
    assert manifest["versions"]["underthesea"] == "9.5.0"
    executed = nbformat.read(out / "notebooks" / "00_corpus.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


def test_corpus_text_is_escaped_in_reports(two_runs):
    _, (out, _) = two_runs
    report = (out / "reports" / "00_corpus.html").read_text(encoding="utf-8")
    assert "Tiêu đề &lt;giả&gt; &amp; &quot;kép&quot;" in report or "Tiêu đề &lt;giả&gt; &amp; \"kép\"" in report
    assert "<giả>" not in report
    assert "load_corpus(" not in report and "IProgress" not in report  # no code cells, no warnings


def test_same_inputs_give_byte_identical_tables(two_runs):
    _, (first, second) = two_runs
    names = sorted(p.name for p in (first / "tables").glob("*.csv"))
    assert names and names == sorted(p.name for p in (second / "tables").glob("*.csv"))
    for name in names:
        assert (first / "tables" / name).read_bytes() == (second / "tables" / name).read_bytes(), name


def test_a_damaged_cache_is_recomputed_never_published(two_runs, scraped, tmp_path):
    _, (first, _) = two_runs
    entries = [p for p in Path(os.environ["VNNEWS_CACHE"]).rglob("*") if p.is_file()]
    kinds = {p.relative_to(os.environ["VNNEWS_CACHE"]).parts[0] for p in entries}
    assert {"outputs", "stages", "segment", "pos"} <= kinds
    for path in entries:
        path.write_bytes(b"garbage from " + path.name.encode())
    assert cli.main(["run", "--corpus", str(scraped), "--output", str(tmp_path / "out")]) == 0
    for folder in ("tables", "figures"):
        names = sorted(p.name for p in (first / folder).iterdir())
        assert names == sorted(p.name for p in (tmp_path / "out" / folder).iterdir())
        for name in names:
            assert (first / folder / name).read_bytes() == (tmp_path / "out" / folder / name).read_bytes(), name


def test_a_corpus_with_nothing_to_analyse_runs_every_notebook_to_the_end(tmp_path, capsys):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    assert cli.main(["run", "--corpus", str(tmp_path / "corpus"), "--output", str(tmp_path / "out")]) == 0
    assert "1 records from 1 files: 0 loaded, 1 skipped" in capsys.readouterr().out
    for path in sorted((tmp_path / "out" / "notebooks").glob("*.ipynb")):
        outputs = [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"], path.name
    assert "Nothing to analyse" in (tmp_path / "out" / "reports" / "01_terms.html").read_text(encoding="utf-8")
    assert pd.read_csv(tmp_path / "out" / "tables" / "terms.csv").empty


def run_notebooks(tmp_path: Path, monkeypatch, corpus: Path, sources: dict[str, str]) -> list:
    """`run.run` on a project of one-cell notebooks (name → code), each after an `output_dir` parameters cell."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    for name, source in sources.items():
        nb = new_notebook(cells=[new_code_cell("output_dir = ''"), new_code_cell(source)],
                          metadata={"kernelspec": {"name": "vnnews", "display_name": "vnnews", "language": "python"}})
        nb.cells[0].metadata["tags"] = ["parameters"]
        nbformat.write(nb, project / "notebooks" / f"{name}.ipynb")
    monkeypatch.setenv("VNNEWS_PROJECT", str(project))
    return run.run(corpus, None, tmp_path / "out", echo=lambda _: None)


def test_a_failing_notebook_does_not_stop_the_others(tmp_path, monkeypatch, scraped):
    results = run_notebooks(tmp_path, monkeypatch, scraped, {
        "00_bad_input": "from vnnews.corpus import load_corpus\nload_corpus('/no/such/folder')",
        "01_ok": "print('fine')"})
    assert [(r.name, r.status) for r in results] == [("00_bad_input", "failed"), ("01_ok", "ok")]
    assert results[0].error.startswith("CorpusError: corpus /no/such/folder does not exist")
    report = (tmp_path / "out" / "reports" / "00_bad_input.html").read_text(encoding="utf-8")
    assert "does not exist (give a folder or a file)" in report and "Traceback" not in report
    index = (tmp_path / "out" / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'class="failed">failed' in index and '01_ok.html' in index


def test_each_notebook_starts_on_a_clean_namespace_in_the_shared_kernel(tmp_path, monkeypatch, scraped):
    results = run_notebooks(tmp_path, monkeypatch, scraped, {
        "00_first": "left_over = 1", "01_second": "assert 'left_over' not in globals() and '__spec__' in globals()"})
    assert [(r.name, r.status) for r in results] == [("00_first", "ok"), ("01_second", "ok")]
