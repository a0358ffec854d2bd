"""Corpus stage: decoding, each cleaning rule, dates, duplicates, bad input — on the seeds and on small fixtures."""

from __future__ import annotations

import codecs
import filecmp
from pathlib import Path

import pandas as pd
import pytest

from conftest import SHARED, cp1258
from vnnews import corpus as vc
from vnnews import text
from vnnews.corpus import CorpusError, audit_table, clean_text, load_corpus, parse_date, resolve_year

SEED_FILES = ["000_8029fa2526a562f7.txt", "001_df604d269652025b.txt", "002_878f7d2422501cef.txt",
              "003_63f7455e758c090b.txt", "004_1ff07973a5484962.txt"]
BODY = ("Bộ trưởng Ngoại giao Bùi Thanh Sơn đã có cuộc gặp với Phó Chủ tịch Hội đồng Liên bang Nga "
        "Konstantin Kosachev. Hai bên bày tỏ vui mừng trước những bước phát triển trong quan hệ hai nước.")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def text_of(corpus: pd.DataFrame, file: str) -> str:
    row = corpus.set_index("file").loc[file]
    return "\n".join([row["title"], *row["paragraphs"]])


# --- the seeds -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_corpus(seeds):
    return load_corpus(seeds)


@pytest.fixture(scope="module")
def seeds_no_metadata(seeds):
    return load_corpus(seeds, metadata="")


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the project")
def test_seeds_are_byte_identical_to_the_shared_originals(seeds):
    assert sorted(p.name for p in seeds.glob("*.txt")) == SEED_FILES
    match, mismatch, errors = filecmp.cmpfiles(SHARED / "seeds", seeds, SEED_FILES, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_seeds_all_load_with_metadata_dates(seeds_corpus):
    assert list(seeds_corpus["file"]) == SEED_FILES
    assert set(seeds_corpus["status"]) == {"loaded"}
    assert list(seeds_corpus["date"]) == ["2021-04-27", "2020-05-29", "2021-04-05", "2021-09-27", "2021-09-27"]
    assert set(seeds_corpus["date_source"]) == {"metadata"}
    assert seeds_corpus.loc[4, "outlet"] == "Phụ nữ Thủ đô (phunuthudo.vn)"


def test_seed_dates_are_inferred_without_metadata(seeds_no_metadata):
    c = seeds_no_metadata.set_index("file")
    assert c.loc[SEED_FILES, "date"].tolist() == ["2021-04-27", "2020-05-29", "2021-04-05", "2021-09-27", "2021-09-27"]
    assert c.loc[SEED_FILES, "date_source"].tolist() == ["text_day_month", "text_day_month", "text",
                                                         "text_day_month", "text_day_month"]
    assert c.loc[SEED_FILES[2], "date_evidence"] == "Ngày 05/4/2021"
    assert "earliest consistent year" in c.loc[SEED_FILES[3], "date_evidence"]
    assert c.loc[SEED_FILES[0], "outlet"] == "zingnews.vn"


def test_related_news_from_2026_never_reaches_the_text(seeds_corpus):
    text = text_of(seeds_corpus, SEED_FILES[4])
    for chrome in ["2026", "Tô Lâm", "Bính Ngọ", "Gaza", "PNTĐ", "Tin cùng chuyên mục", "Chia sẻ", "NGỌC HÀ"]:
        assert chrome not in text
    audit = audit_table(seeds_corpus)
    block = audit[(audit.file == SEED_FILES[4]) & (audit.rule == "related-news block")]
    assert block.excerpt.iloc[0].startswith("Tin cùng chuyên mục Châu Á rộn ràng đón Xuân Bính Ngọ 2026")
    assert block.n_chars.iloc[0] > 1500


def test_a_headline_that_reads_like_a_section_header_is_the_headline(tmp_path):
    (tmp_path / "a.txt").write_text("Tin khác\nHôm nay, hai nước ký thỏa thuận hợp tác.\n", encoding="utf-8")
    row = load_corpus(tmp_path).iloc[0]
    assert (row.status, row.title, row.paragraphs) == ("loaded", "Tin khác",
                                                       ["Hôm nay, hai nước ký thỏa thuận hợp tác."])


def test_audit_summary_per_rule():
    audit = pd.DataFrame({"file": ["a", "a", "b"], "rule": ["byline", "widget", "byline"], "n_chars": [5, 30, 7],
                          "excerpt": ""})
    assert vc.audit_summary(audit).values.tolist() == [["widget", 1, 30, 1], ["byline", 2, 12, 2]]


def test_feedback_widgets_and_bylines_are_removed(seeds_corpus):
    assert "Phản hồi" not in text_of(seeds_corpus, SEED_FILES[2])
    assert "Các tin khác" not in text_of(seeds_corpus, SEED_FILES[2])
    assert not text_of(seeds_corpus, SEED_FILES[3]).endswith("Quốc Đạt")
    audit = audit_table(seeds_corpus)
    assert sorted(audit[audit.rule == "byline"].excerpt) == ["NGỌC HÀ", "Quốc Đạt"]


def test_glued_sentences_are_split_but_initials_are_not(seeds_corpus):
    text = text_of(seeds_corpus, SEED_FILES[0])
    assert "Sergei Lavrov. Tại cuộc điện đàm" in text and "Lavrov.Tại" not in text
    assert "(1996-2021). Nhân dịp này" in text
    assert "V. Pu-tin" in text_of(seeds_corpus, SEED_FILES[2])
    assert "năm 2021 và bế mạc" in text_of(seeds_corpus, SEED_FILES[2])


def test_image_credits_go_and_captions_stay_once(seeds_corpus):
    for file in SEED_FILES:
        assert "Ảnh:" not in text_of(seeds_corpus, file)
    text = text_of(seeds_corpus, SEED_FILES[4])
    caption = "Cuộc gặp giữa Phó Chủ tịch Hội đồng Liên bang (Thương viên Nga) Konstantin Kosachev"
    assert text.count(caption) == 1
    assert text.count("Bộ trưởng Bộ Ngoại giao Việt Nam Bùi Thanh Sơn tại Cuộc gặp.") == 1
    sapo = "Đồng chí Nguyễn Phú Trọng, Tổng Bí thư Ban Chấp hành Trung ương Đảng điện đàm với Tổng thống"
    assert text_of(seeds_corpus, SEED_FILES[2]).count(sapo) == 1


def test_two_outlets_reporting_the_same_meeting_are_near_duplicates(seeds_corpus):
    c = seeds_corpus.set_index("file")
    assert c.loc[SEED_FILES[4], "duplicate_of"] == SEED_FILES[3]
    assert c.loc[SEED_FILES[4], "similarity"] == pytest.approx(0.357, abs=0.001)
    assert (c.loc[SEED_FILES[:4], "duplicate_of"] == "").all()


def test_every_seed_keeps_its_news_text(seeds_corpus):
    c = seeds_corpus.set_index("file")
    assert c.loc[SEED_FILES, "n_chars_clean"].tolist() == [2773, 2368, 2709, 2540, 4147]
    assert c.loc[SEED_FILES[1], "title"] == "PTT Phạm Bình Minh điện đàm với Ngoại trưởng Nga Sergei Lavrov"


# --- encodings and formats -----------------------------------------------------------------------------------

ARTICLE = f"https://example.vn/the-gioi/bai-viet-20210927101500123.htm\nTiêu đề bài viết\n{BODY}\n"


@pytest.mark.parametrize("encoded, encoding", [
    (ARTICLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
    (ARTICLE.encode("utf-16"), "utf-16"),
    (cp1258(ARTICLE), "windows-1258"),
    (ARTICLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
])
def test_encodings_decode_to_the_same_nfc_text(tmp_path, encoded, encoding):
    write(tmp_path, "a.txt", encoded)
    row = load_corpus(tmp_path).iloc[0]
    assert (row.status, row.encoding) == ("loaded", encoding)
    assert row.title == "Tiêu đề bài viết"
    assert row.paragraphs == [BODY]
    assert (row.date, row.date_source) == ("2021-09-27", "url")


def test_decomposed_unicode_is_normalised_to_nfc(tmp_path):
    import unicodedata
    write(tmp_path, "a.txt", unicodedata.normalize("NFD", ARTICLE))
    assert load_corpus(tmp_path).iloc[0].paragraphs == [BODY]


def test_article_without_url_and_as_one_long_line(tmp_path):
    sentences = [f"Câu số {i} nói về hợp tác giữa Việt Nam và Liên bang Nga." for i in range(2000)]
    write(tmp_path, "a.txt", "Tiêu đề\n" + "".join(sentences))
    row = load_corpus(tmp_path).iloc[0]
    assert (row.status, row.url, row.title) == ("loaded", "", "Tiêu đề")
    assert len(row.paragraphs) == 1 and len(row.paragraphs[0]) == len(" ".join(sentences))


# --- bad input -----------------------------------------------------------------------------------------------

def test_bad_files_are_skipped_with_a_reason_and_nothing_disappears(tmp_path):
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", "  \n\n \t \n")
    write(tmp_path, "binary.txt", bytes(range(256)) * 4)
    write(tmp_path, "latin.txt", b"\xfa\x81\x8d\x8f" * 3)
    write(tmp_path, "title_only.txt", "https://example.vn/a.htm\nChỉ có tiêu đề\n\n")
    write(tmp_path, "sub/nested.txt", ARTICLE)
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    corpus = load_corpus(tmp_path).set_index("file")
    reasons = corpus["reason"].to_dict()
    assert corpus["status"].to_dict() == {
        "binary.txt": "skipped", "blank.txt": "skipped", "empty.txt": "skipped", "good.txt": "loaded",
        "latin.txt": "skipped", "notes.docx": "skipped", "sub/nested.txt": "loaded", "title_only.txt": "skipped"}
    assert reasons["empty.txt"] == "empty file (0 bytes)"
    assert reasons["blank.txt"] == "only whitespace"
    assert reasons["binary.txt"] == "binary file (contains NUL bytes), not text"
    assert reasons["latin.txt"].startswith("undecodable")
    assert reasons["title_only.txt"] == "headline but no body text"
    assert reasons["notes.docx"] == "not a .txt article (.docx); not read"


def test_html_and_script_are_stripped_and_audited(tmp_path):
    html = ("Tiêu đề\n<p>" + BODY + "</p><script>alert('x')</script>\n<div class=\"share\">Chia sẻ</div>"
            "<p>Quan hệ &amp; hợp tác.</p>")
    write(tmp_path, "a.txt", html)
    corpus = load_corpus(tmp_path)
    text = text_of(corpus, "a.txt")
    assert "<" not in text and "alert" not in text and "Chia sẻ" not in text
    assert "Quan hệ & hợp tác." in text
    assert {"html <script>", "html markup", "share/feedback widget or navigation"} <= set(audit_table(corpus).rule)


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


def test_url_slug_titles_are_not_text(tmp_path):
    write(tmp_path, "a.txt", "https://dantri.com.vn/the-gioi/nga-va-viet-nam-20210427.htm\nnga va viet nam\n\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.title == "nga va viet nam" and not row.title_is_text


# --- cleaning rules one by one -------------------------------------------------------------------------------

def test_banner_date_before_the_title_is_not_the_publication_date():
    cleaned, _ = clean_text("Thứ Hai, 23/11/2026\nTiêu đề\n" + BODY)
    assert cleaned.title == "Tiêu đề"
    assert cleaned.datelines == [("banner", "Thứ Hai, 23/11/2026")]


def test_dateline_under_the_title_dates_the_article(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề\nThứ Hai, 27/9/2021 08:15 (GMT+7)\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert (row.date, row.date_source) == ("2021-09-27", "dateline")
    assert "Thứ Hai" not in " ".join(row.paragraphs)


def test_outlet_tag_opening_the_lede_is_removed_and_names_the_outlet(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề\n(Dân trí) - " + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.outlet == "Dân trí" and row.paragraphs[0].startswith("Bộ trưởng")


def test_abbreviations_are_not_split_as_glued_sentences():
    cleaned, _ = clean_text("Tiêu đề\nÔng đến Tp.Hồ Chí Minh hôm qua.Sau đó ông về Hà Nội.")
    assert cleaned.paragraphs == ["Ông đến Tp.Hồ Chí Minh hôm qua. Sau đó ông về Hà Nội."]


def test_parenthesised_credit_and_long_runs():
    cleaned, _ = clean_text("Tiêu đề\nLễ đón chính thức (Ảnh: TTXVN) diễn ra tại Phủ Chủ tịch. " + "x" * 200)
    assert cleaned.paragraphs == ["Lễ đón chính thức diễn ra tại Phủ Chủ tịch."]
    assert [a["rule"] for a in cleaned.audit] == ["image credit", "run of characters without spaces"]


# --- dates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2021-04-05", "2021-04-05"), ("05/04/2021", "2021-04-05"), ("2021/4/5", "2021-04-05"),
    ("2021-04-05 10:15:00", "2021-04-05"), ("31/02/2021", None), ("hôm qua", None), ("", None)])
def test_parse_metadata_dates(value, expected):
    parsed = parse_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


def test_year_for_day_and_month_from_years_and_facts():
    assert resolve_year(29, 5, "Việt Nam đảm nhận vai trò Chủ tịch HĐBA tháng 1/2020.")[0].isoformat() == "2020-05-29"
    # a forward-looking year is an upper bound, not the year of publication
    date, evidence = resolve_year(27, 9, "Bộ trưởng Bùi Thanh Sơn nói tiếng Nga được dạy từ năm 2022; đầu năm 2020.")
    assert date.isoformat() == "2021-09-27" and "forward-looking mention of 2022" in evidence
    # a former minister is not evidence of the current year
    assert resolve_year(1, 6, "nguyên Bộ trưởng Ngoại giao Phạm Bình Minh phát biểu.")[0] is None
    date, evidence = resolve_year(1, 6, "Không có năm nào.")
    assert date is None and "no year" in evidence


def test_cleaning_in_worker_processes_gives_the_same_corpus(seeds, monkeypatch):
    serial = vc._load(seeds, seeds / "metadata.csv", vc._input_files(seeds, seeds / "metadata.csv"))
    monkeypatch.setattr(text, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(text.os, "cpu_count", lambda: 2)
    parallel = vc._load(seeds, seeds / "metadata.csv", vc._input_files(seeds, seeds / "metadata.csv"))
    pd.testing.assert_frame_equal(serial, parallel)
