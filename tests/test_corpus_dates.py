"""Dates (`corpus/dates.py`): URL, dateline, lede, a day and month given its year by the text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers import BODY, SEED_FILES, SHARED, write
from vnnews.corpus import clean_text, load_corpus, resolve_year
from vnnews.corpus.dates import (
    bare_date_line,
    date_from_url,
    judge,
    matched_facts,
    month_from_url,
    office_facts,
    publication_date,
    scores,
    year_bounds,
)


def test_seed_dates_are_inferred_without_metadata(seeds_no_metadata):
    c = seeds_no_metadata.set_index("file")
    assert c.loc[SEED_FILES, "date"].tolist() == ["2021-04-27", "2020-05-29", "2021-04-05", "2021-09-27", "2021-09-27"]
    assert c.loc[SEED_FILES, "date_source"].tolist() == ["text_day_month", "text_day_month", "text",
                                                         "same_event", "text_day_month"]
    assert c.loc[SEED_FILES[2], "date_evidence"] == "Ngày 05/4/2021"
    # 003 names only a minister in office from 2021 on (any later 27/9 would do): its near-duplicate 004 is dated
    assert c.loc[SEED_FILES[3], "date_evidence"].startswith(f"near-duplicate of {SEED_FILES[4]} (2021-09-27)")
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
    # a forward-looking year is still to come; the minister took office in April 2021: 2021 is the one year left
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
    # minister 2011-08-03 … 2021-04-07 and a year mentioned: the year of the news
    assert resolve_year(1, 6, "Bộ trưởng Ngoại giao Phạm Bình Minh phát biểu về năm 2019.")[0].isoformat() == \
        "2019-06-01"


def test_a_historical_date_in_the_lede_is_not_the_publication_date(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề\nNgày 30/1/1950, Việt Nam và Liên Xô thiết lập quan hệ ngoại giao. Năm 2020, "
                             "hai nước kỷ niệm 70 năm quan hệ.\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.date == "" and row.date_source == ""
    write(tmp_path, "a.txt", "Tiêu đề\nNgày 30/1/2020, hai nước kỷ niệm 70 năm quan hệ (từ năm 1950).\n" + BODY)
    assert load_corpus(tmp_path).iloc[0].date == "2020-01-30"


# ---------------------------------------------------------------------------------------------------------------
# URLs: every form with a URL of my own making, and the numbers that are not dates

@pytest.mark.parametrize("url, date, evidence", [
    ("https://bao.vn/2021/09/27/hai-nuoc-ky-ket/", "2021-09-27", "2021/09/27"),
    ("https://bao.vn/tin/2021-09-27/hai-nuoc-ky-ket", "2021-09-27", "2021-09-27"),
    ("https://bao.vn/20210927/hai-nuoc-ky-ket-1234567.html", "2021-09-27", "20210927"),
    ("https://bao.vn/amp/20211201-hai-nuoc-ky-ket", "2021-12-01", "20211201"),
    ("https://bao.vn/2021092710153012-hai-nuoc-ky-ket", "2021-09-27", "2021092710153012"),
    ("https://bao.vn/the-gioi/hai-nuoc-ky-ket-20210927101500123.htm", "2021-09-27", "20210927101500123"),
    ("https://bao.vn/hai-nuoc-ky-ket-202109271015.chn", "2021-09-27", "202109271015"),
    ("https://bao.vn/hai-nuoc-ky-ket-20210927.html", "2021-09-27", "20210927"),
    ("https://bao.vn/tin/hai-nuoc-ky-ket-09272021101500.html", "2021-09-27", "09272021101500"),  # month first
    ("https://bao.vn/tin/hai-nuoc-ky-ket-27092021101500.html", "2021-09-27", "27092021101500"),  # day first
    ("https://bao.vn/tin?id=5&date=2021-09-27", "2021-09-27", "date=2021-09-27"),
    ("https://bao.vn/tin?ngay=27-09-2021", "2021-09-27", "ngay=27-09-2021"),
    # Unix seconds of 2021-09-27 08:00 in Vietnam, on an outlet that dates its ids so (data/date_words.yaml)
    ("https://hoanhap.vn/chi-tiet/hai-nuoc-ky-ket1632704400.html", "2021-09-27", "1632704400"),
    ("https://hoanhap.vn/chi-tiet/hai-nuoc-ky-ket1632704400000.html", "2021-09-27", "1632704400000"),
])
def test_dates_a_url_states(url, date, evidence):
    assert date_from_url(url) == (dt.date.fromisoformat(date), evidence)


@pytest.mark.parametrize("url", [
    "https://bao.vn/hai-nuoc-ky-ket-post1451348.amp",  # an article id
    "https://bao.vn/hai-nuoc-ky-ket1632704400.html",  # ten digits where the outlet does not use Unix time
    "https://bao.vn/channel/5089/202109/hai-nuoc-ky-ket-2547922/",  # a month folder: a bound, not a date
    "https://bao.vn/hai-nuoc-ky-ket-20210927996612.htm",  # 99:66 is no time of day: not a timestamp
    "https://2021.bao.gov.vn/tin/hai-nuoc-ky-ket",  # a year in the host
    "https://bao.vn/tham-nga-29-11-2-12-2021-126140.vna",  # a visit's span in the slug
    "https://bao.vn/web/guest/-/2018/hai-nuoc",  # a year folder
])
def test_numbers_in_urls_that_are_not_publication_dates(url):
    assert date_from_url(url)[0] is None


def test_a_url_number_read_both_ways_is_ambiguous_and_says_so():
    date, why = date_from_url("https://bao.vn/tin/hai-nuoc-ky-ket-04082022081130.html")
    assert date is None and why == "URL number 04082022081130 reads as 2022-04-08 or 2022-08-04"
    assert month_from_url("https://bao.vn/channel/5089/202109/hai-nuoc-2547922/") == (2021, 9)


# ---------------------------------------------------------------------------------------------------------------
# Publication lines, wherever the page puts them

@pytest.mark.parametrize("line, date", [
    ("Thứ Năm, 12/5/2021 08:30 (GMT+7)", "2021-05-12"),
    ("08:30 | 12/05/2021 GMT+7", "2021-05-12"),
    ("21:05 17/06/2020", "2020-06-17"),
    ("PV - 09:40, 15/10/2021", "2021-10-15"),
    ("Cập nhật: 15/10/2021", "2021-10-15"),
    ("Ngày 12 tháng 5 năm 2021", "2021-05-12"),
    ("12.5.2021", "2021-05-12"),
    ("2021.05.12", "2021-05-12"),
    ("2021-05-12 08:30:15 3 Bình luận", "2021-05-12"),
    ("Minh Anh | 12/05/2021, 08:30", "2021-05-12"),
    ("Quốc tế 12-05-2021 - 08:30 AM", "2021-05-12"),
    ("07:15 - Chủ nhật, 16/05/2021 Lượt xem: 1520", "2021-05-16"),
    ("5/16/2021 8:30:15 AM", "2021-05-16"),  # .NET's en-US clock: month first
    ("5/6/2021 8:30:15 PM", "2021-05-06"),
    ("6/5/2021 20:30", "2021-05-06"),  # a 24-hour clock: day first, the Vietnamese order
])
def test_publication_line_forms(line, date):
    assert publication_date(line) == dt.date.fromisoformat(date)


@pytest.mark.parametrize("line", [
    "Ngày 12/5/2021, hai bên ký kết biên bản hợp tác.",  # a sentence that holds a date
    "Ngày 12/5/2021 khai mạc hội nghị",
    "Đoàn đại biểu chụp ảnh lưu niệm ngày 12/5/2021",  # a photograph's date
    "Ảnh: Minh Anh 12/5/2021",
    "Từ 12/5/2021 đến 15/5/2021",  # two dates
    "Hợp tác được đẩy mạnh từ năm 2015",  # a year is no date
    "- Miền Trung vào ngày 26/5/2021;",  # a list item of the body
    "Hạn chót 12/5/2021.",  # a sentence's end
    "Hội thảo 08:00 - 11:30, 12/5/2021",  # a programme: two times
    "Khai mạc vào 12/5/2021",  # a preposition before the date
])
def test_lines_with_a_date_that_are_not_publication_lines(line):
    assert publication_date(line) is None


def test_a_bare_date_above_the_headline_repeat_is_the_site_banner_a_timed_one_is_the_article_date():
    text = "Tiêu đề bài viết\nThứ Năm, ngày 12 tháng 1 năm 2023\nTiêu đề bài viết\n" + BODY
    assert clean_text(text).datelines == [("banner", "Thứ Năm, ngày 12 tháng 1 năm 2023")]
    text = "Tiêu đề bài viết\n12/05/2021 | 845\nTiêu đề bài viết\n" + BODY
    assert clean_text(text).datelines == [("dateline", "12/05/2021 | 845")]
    assert bare_date_line("Thứ 5, ngày 12 tháng 1 năm 2023") and not bare_date_line("12/05/2021 08:30")


def test_a_publication_line_at_the_end_of_the_page_dates_it_several_dates_there_are_related_news(tmp_path):
    body = "\n".join(f"Đoạn {i}. {BODY}" for i in range(8))
    write(tmp_path, "a.txt", f"Tiêu đề bài viết\n{body}\nCập nhật lúc 08:30 12/05/2021\n")
    row = load_corpus(tmp_path).iloc[0]
    assert (row.date, row.date_source) == ("2021-05-12", "dateline")
    write(tmp_path, "a.txt", f"Tiêu đề bài viết\n{body}\n08:30 12/05/2021\n10:15 02/03/2020\n")
    assert load_corpus(tmp_path).iloc[0].date == ""


def test_a_date_line_in_the_middle_of_the_body_dates_nothing():
    body = "\n".join(f"Đoạn {i}. {BODY}" for i in range(8))
    cleaned = clean_text(f"Tiêu đề bài viết\n{body}\n12/05/2021 08:30\n{body}")
    assert cleaned.datelines == [("inline", "12/05/2021 08:30")]


def test_url_and_publication_line_that_disagree_leave_the_date_blank(tmp_path):
    write(tmp_path, "a.txt", "https://bao.vn/tin/20210927/hai-nuoc.html\nTiêu đề\n08:30 12/05/2021\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.date == "" and row.date_evidence == ("the URL says 2021-09-27 ('20210927') but the page says "
                                                    "2021-05-12 ('08:30 12/05/2021')")
    write(tmp_path, "a.txt", "https://bao.vn/tin/20210927/hai-nuoc.html\nTiêu đề\n23:50 28/09/2021\n" + BODY)
    assert load_corpus(tmp_path).iloc[0].date == "2021-09-27"  # a day late: the URL's


# ---------------------------------------------------------------------------------------------------------------
# A day and month in the lede, and its year

@pytest.mark.parametrize("lede, date", [
    ("Chiều 21-4, đoàn công tác đã làm việc tại Hà Nội trong năm 2021.", "2021-04-21"),
    ("Ngày 9.5, lễ kỷ niệm diễn ra trang trọng như năm 2019.", "2019-05-09"),
    ("Sáng nay (8/12), hai bên trao đổi về kế hoạch năm 2020.", "2020-12-08"),
    ("Tối ngày 22 tháng 5, đoàn nghệ sĩ biểu diễn, mở đầu năm văn hóa 2020.", "2020-05-22"),
])
def test_day_and_month_forms_in_the_lede(tmp_path, lede, date):
    write(tmp_path, "a.txt", f"Tiêu đề\n{lede}\nHai bên bày tỏ vui mừng.\n")
    row = load_corpus(tmp_path).iloc[0]
    assert (row.date, row.date_source) == (date, "text_day_month")


def test_the_first_or_last_day_of_a_span_is_not_the_day_of_the_news(tmp_path):
    for lede in ("Chuyến thăm từ ngày 29/11 đến 2/12/2021 của đoàn đại biểu.",
                 "Lễ hội diễn ra từ ngày 15 đến ngày 18 tháng 6 tại Vũng Tàu năm 2022."):
        write(tmp_path, "a.txt", f"Tiêu đề\n{lede}\nHai bên bày tỏ vui mừng.\n")
        assert load_corpus(tmp_path).iloc[0].date == "", lede


def test_a_year_from_the_same_day_written_in_full_an_event_or_the_url_month():
    date, why = resolve_year(3, 8, "Chiều 3/8, hai đoàn gặp nhau. Biên bản ký ngày 3/8/2021 có hiệu lực.")
    assert date.isoformat() == "2021-08-03" and "'3/8/2021' elsewhere in the text" in why
    date, why = resolve_year(30, 1, "Hai nước kỷ niệm 70 năm thiết lập quan hệ ngoại giao Việt Nam - Liên bang Nga.")
    assert date.isoformat() == "2020-01-30" and "data/events.csv" in why
    assert resolve_year(5, 12, "Không có năm nào.", url_month=(2021, 12))[0].isoformat() == "2021-12-05"
    # the news of 30/11 filed in December: published later than its day, so no date
    date, why = resolve_year(30, 11, "Không có năm nào.", url_month=(2021, 12))
    assert date is None and why == "30/11 in the text, but the URL's folder 2021-12 is later"


def test_a_year_only_office_holders_give_must_be_the_only_one_they_leave():
    date, why = resolve_year(29, 11, "Chủ tịch nước Nguyễn Xuân Phúc tiếp đoàn.")  # President 2021-04 … 2023-01
    assert date is None and why.startswith("29/11: year 2021…2022")
    date, why = resolve_year(29, 3, "Chủ tịch nước Nguyễn Xuân Phúc tiếp đoàn.")  # 29/3/2022 the one
    assert date.isoformat() == "2022-03-29"
    assert resolve_year(29, 11, "Tổng thống Nga Vladimir Putin tiếp đoàn.")[1].startswith("29/11: year 2012 or later")


def test_since_a_year_is_no_upper_bound_and_a_term_end_no_lower_one():
    # "từ năm 2015 đến nay": the text looks back; the year of the news is the one it mentions last
    assert resolve_year(1, 6, "Từ năm 2015 đến nay, trong năm 2019 hợp tác phát triển.")[0].isoformat() == "2019-06-01"
    assert year_bounds("Từ năm 2015 đến nay, trong năm 2019 hợp tác phát triển.")[:2] == (2019, None)
    assert year_bounds("Đại biểu nhiệm kỳ 2021 - 2026 và giai đoạn 2021-2025.")[:2] == (2021, None)
    assert year_bounds("Mục tiêu đến năm 2030, sau năm 2020.")[:2] == (2020, 2029)


def test_office_facts_read_the_official_record():
    facts = office_facts()
    assert facts["chủ tịch nước nguyễn xuân phúc"][1:] == ("2021-04-05", "2023-01-18",
                                                             "Nguyễn Xuân Phúc (President)")
    assert "thủ tướng nga mikhail mishustin" in facts  # a country word between title and name
    assert [f.holder for f in matched_facts("Ông nguyên Thủ tướng Nguyễn Xuân Phúc và Thủ tướng Phạm Minh Chính.")
            ] == ["Phạm Minh Chính (Prime Minister)"]


# ---------------------------------------------------------------------------------------------------------------
# The same event elsewhere in the corpus

def test_an_undated_article_takes_the_date_of_the_same_event(tmp_path):
    visit = ("Chiều 29/11, Chủ tịch nước Nguyễn Xuân Phúc hội đàm với Tổng thống Nga Vladimir Putin tại Moskva. "
             "Hai nhà lãnh đạo nhất trí thúc đẩy hợp tác.")
    write(tmp_path, "a.txt", f"https://bao.vn/tin/20211129/hoi-dam.html\nHội đàm cấp cao\n{visit}\n")
    write(tmp_path, "b.txt", "Lãnh đạo hai nước gặp nhau\nChiều 29/11, tại Điện Kremlin, Chủ tịch nước Nguyễn Xuân "
                             "Phúc và Tổng thống Nga Vladimir Putin đã có cuộc gặp riêng trước hội đàm chính thức.\n")
    write(tmp_path, "c.txt", "Tin khác\nChiều 29/11, tại Hà Nội, Chủ tịch nước Nguyễn Xuân Phúc tiếp một đoàn doanh "
                             "nghiệp Nhật Bản đến tìm hiểu cơ hội đầu tư vào các khu công nghiệp phía Bắc.\n")
    c = load_corpus(tmp_path).set_index("file")
    assert c.loc["b.txt", ["date", "date_source"]].tolist() == ["2021-11-29", "same_event"]
    assert c.loc["b.txt", "date_evidence"].startswith("same day, same office holders as a.txt (2021-11-29)")
    assert c.loc["c.txt", "date"] == ""  # one office holder in common is not enough


def test_a_near_duplicate_takes_the_date_unless_its_own_evidence_disagrees(tmp_path):
    text = ("Hai bên bày tỏ vui mừng trước những bước phát triển trong quan hệ giữa hai nước trên mọi lĩnh vực, "
            "tất cả các kênh, trong đó có kênh nghị viện và kênh ngoại giao nhân dân.")
    write(tmp_path, "a.txt", f"https://bao.vn/tin/20210927/gap-go.html\nGặp gỡ\n{text}\n")
    write(tmp_path, "b.txt", f"Gặp gỡ\n{text}\n")
    write(tmp_path, "c.txt", f"Gặp gỡ lại\n{text} Năm 2023 hai bên gặp lại.\n")
    c = load_corpus(tmp_path).set_index("file")
    assert c.loc["b.txt", ["date", "date_source"]].tolist() == ["2021-09-27", "same_event"]
    assert c.loc["c.txt", "date"] == "" and "but this text disagrees" in c.loc["c.txt", "date_evidence"]


# ---------------------------------------------------------------------------------------------------------------
# Measuring dates against known ones

def test_judge_and_scores_count_by_hand():
    docs = pd.DataFrame({"file": list("abcdefg"), "date_source": "url",
                         "date": ["2021-01-02", "2021-01-03", "", "2021-05-01", "", "2021-07-01", "2020-01-01"]})
    truth = pd.DataFrame({"file": list("abcdefg"),
                          "date": ["2021-01-02", "2021-01-02", "2021-01-02", "", "", "", ""],
                          "earliest": ["", "", "", "2021-04-01", "", "2021-08-01", ""],
                          "latest": ["", "", "", "2021-06-30", "", "", ""]})
    judged = judge(docs, truth)
    assert judged["verdict"].tolist() == ["right", "wrong", "blank", "in bounds", "none", "wrong", "in bounds"]
    assert scores(judged).iloc[0].to_dict() == {
        "with_true_date": 3, "right": 1, "wrong": 1, "blank": 1, "share_right": 0.333,
        "without_true_date": 4, "dated_without": 3, "outside_bounds": 1}


@pytest.mark.skipif(not (SHARED / "corpora" / "vnru-pages").is_dir(), reason="needs ../shared/corpora/vnru-pages")
def test_vnru_pages_dated_from_url_and_text_alone_none_wrong():
    folder = SHARED / "corpora" / "vnru-pages"
    docs = load_corpus(folder, metadata=None)
    truth = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    result = scores(judge(docs[docs.status == "loaded"], truth)).iloc[0]
    assert result["wrong"] == 0 and result["share_right"] >= 0.9
