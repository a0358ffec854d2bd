"""Metadata (`corpus/metadata.py`): overrides, document variables, rows naming no file, bad files."""

from __future__ import annotations

import pytest

from helpers import ARTICLE, BODY, write
from vnnews.corpus import CorpusError, load_corpus, parse_date


def test_metadata_rows_for_missing_files_bad_dates_and_extra_columns(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", "Tiêu đề\n" + BODY)
    write(tmp_path, "metadata.csv", "file,date,category,title_source\na.txt,31/02/2021,world,headline\n"
                                     "b.txt,2020-11-03,society,headline\nmissing.txt,2021-01-01,world,headline\n")
    corpus = load_corpus(tmp_path).set_index("file")
    assert corpus.loc["a.txt", "date"] == "2021-09-27" and corpus.loc["a.txt", "date_source"] == "url"
    assert "metadata date '31/02/2021' is not a date" in corpus.loc["a.txt", "reason"]
    assert (corpus.loc["b.txt", "date"], corpus.loc["b.txt", "date_source"]) == ("2020-11-03", "metadata")
    assert corpus.loc["b.txt", "category"] == "society"
    assert corpus.loc["missing.txt", "status"] == "skipped"
    assert corpus.loc["missing.txt", "reason"] == "metadata row names no file in the corpus folder (metadata.csv)"


def test_metadata_without_file_column_is_a_clear_error(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "meta.csv", "name,date\na.txt,2021-01-01\n")
    with pytest.raises(CorpusError, match="has no 'file' column"):
        load_corpus(tmp_path, "meta.csv")
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="metadata file .* does not exist"):
        load_corpus(tmp_path, "other.csv")


@pytest.mark.parametrize("value, expected", [
    ("2021-04-05", "2021-04-05"), ("05/04/2021", "2021-04-05"), ("2021/4/5", "2021-04-05"),
    ("2021-04-05 10:15:00", "2021-04-05"), ("31/02/2021", None), ("hôm qua", None), ("", None)])
def test_parse_metadata_dates(value, expected):
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected
