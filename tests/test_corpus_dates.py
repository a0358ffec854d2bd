"""Dates (`corpus/dates.py`): URL, dateline, lede, a day and month given its year by the text."""

from __future__ import annotations

from helpers import BODY, SEED_FILES, write
from vnnews.corpus import clean_text, load_corpus, resolve_year


def test_seed_dates_are_inferred_without_metadata(seeds_no_metadata):
    c = seeds_no_metadata.set_index("file")
    assert c.loc[SEED_FILES, "date"].tolist() == ["2021-04-27", "2020-05-29", "2021-04-05", "2021-09-27", "2021-09-27"]
    assert c.loc[SEED_FILES, "date_source"].tolist() == ["text_day_month", "text_day_month", "text",
                                                         "text_day_month", "text_day_month"]
    assert c.loc[SEED_FILES[2], "date_evidence"] == "Ngày 05/4/2021"
    assert "earliest consistent year" in c.loc[SEED_FILES[3], "date_evidence"]
    assert c.loc[SEED_FILES[0], ["outlet", "outlet_type"]].tolist() == ["Znews", "commercial_online"]


def test_banner_date_before_the_title_is_not_the_publication_date():
    cleaned = clean_text("Thứ Hai, 23/11/2026\nTiêu đề\n" + BODY)
    assert cleaned.title == "Tiêu đề"
    assert cleaned.datelines == [("banner", "Thứ Hai, 23/11/2026")]


def test_dateline_under_the_title_dates_the_article(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề\nThứ Hai, 27/9/2021 08:15 (GMT+7)\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert (row.date, row.date_source) == ("2021-09-27", "dateline")
    assert "Thứ Hai" not in " ".join(row.paragraphs)


def test_year_for_day_and_month_from_years_and_facts():
    assert resolve_year(29, 5, "Việt Nam đảm nhận vai trò Chủ tịch HĐBA tháng 1/2020.")[0].isoformat() == "2020-05-29"
    # a forward-looking year is an upper bound, not the year of publication
    date, evidence = resolve_year(27, 9, "Bộ trưởng Bùi Thanh Sơn nói tiếng Nga được dạy từ năm 2022; đầu năm 2020.")
    assert date.isoformat() == "2021-09-27" and "forward-looking mention of 2022" in evidence
    # a former minister is not evidence of the current year
    assert resolve_year(1, 6, "nguyên Bộ trưởng Ngoại giao Phạm Bình Minh phát biểu.")[0] is None
    date, evidence = resolve_year(1, 6, "Không có năm nào.")
    assert date is None and "no year" in evidence


def test_every_former_title_marker_keeps_a_fact_from_dating_the_article():
    # the markers of data/title_markers.csv, for dates as for officials
    for marker in ("nguyên", "cựu", "khi còn là", "từng là", "cố"):
        assert resolve_year(1, 6, f"{marker} Bộ trưởng Ngoại giao Phạm Bình Minh phát biểu.")[0] is None, marker
    # minister from 2011-08-03: 1 June first falls in his term in 2012
    assert resolve_year(1, 6, "Bộ trưởng Ngoại giao Phạm Bình Minh phát biểu.")[0].isoformat() == "2012-06-01"


def test_a_historical_date_in_the_lede_is_not_the_publication_date(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề\nNgày 30/1/1950, Việt Nam và Liên Xô thiết lập quan hệ ngoại giao. Năm 2020, "
                             "hai nước kỷ niệm 70 năm quan hệ.\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.date == "" and row.date_source == ""
    write(tmp_path, "a.txt", "Tiêu đề\nNgày 30/1/2020, hai nước kỷ niệm 70 năm quan hệ (từ năm 1950).\n" + BODY)
    assert load_corpus(tmp_path).iloc[0].date == "2020-01-30"
