"""Readers by file type (`corpus/read.py`, `html.py`, `tables.py`, `warc.py`): the seeds as saved pages, a CSV export,
a JSON-lines export, a Parquet file, a WARC crawl and a one-line text file all load with their headline, their date
and the words of the `.txt` seed; every broken record has its row and reason."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json

import pandas as pd
import pytest

from helpers import SEED_FILES, write
from vnnews.corpus import load_corpus
from vnnews.corpus.html import extract
from vnnews.corpus.tables import assign_roles, fold_name, parse_columns
from vnnews.errors import ParameterError

BANNER = "Thứ Năm, ngày 12 tháng 1 năm 2023"


def page(title: str, paragraphs: tuple[str, ...], date: str = "", url: str = "", sapo_apart: bool = True,
         description: str | None = None) -> bytes:
    """A news page as Vietnamese outlets lay one out: a date banner, a menu, the headline, the lede in an element
    of its own (or as the first paragraph), the body, related news, a footer."""
    e = html.escape
    sapo, body = (paragraphs[0], paragraphs[1:]) if sapo_apart else ("", paragraphs)
    meta = f'<meta property="article:published_time" content="{date}T08:15:00+07:00">' if date else ""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{e(title)} | Báo Mẫu</title>
<meta name="description" content="{e(paragraphs[0] if description is None else description)}">
<meta property="og:title" content="{e(title)}">{meta}{f'<link rel="canonical" href="{url}">' if url else ''}</head>
<body><div class="top-date">{BANNER}</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/the-gioi">Thế giới</a></li></ul>
<div class="detail"><h1 class="title">{e(title)}</h1>{f'<h2 class="sapo">{e(sapo)}</h2>' if sapo else ''}
<div class="content">{''.join(f'<p>{e(p)}</p>' for p in body)}</div></div>
<div class="related"><h3>Tin liên quan</h3><ul><li><a href="/a">Châu Á rộn ràng đón Xuân Bính Ngọ 2026</a></li>
<li><a href="/b">Tổng Bí thư Tô Lâm tiếp Đại sứ</a></li></ul></div>
<footer><p>Bản quyền © Báo Mẫu. Giấy phép số 123/GP-BTTTT. Chia sẻ</p></footer></body></html>""".encode()


def warc(pages: list[tuple[str, bytes]]) -> bytes:
    """A crawl: a warcinfo record, then per page a request and its response; then a 404 and an image."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "tests"}))
    responses = [(url, "200 OK", "text/html; charset=utf-8", body) for url, body in pages]
    responses += [("https://baomau.vn/khong-co.htm", "404 Not Found", "text/html", b"<html>404</html>"),
                  ("https://baomau.vn/anh.png", "200 OK", "image/png", b"\x89PNG...")]
    for url, status, content_type, body in responses:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "baomau.vn")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()


@pytest.fixture(scope="module")
def seeds_by_id(seeds_corpus) -> pd.DataFrame:
    return seeds_corpus.set_index("file")


@pytest.fixture(scope="module")
def formats(tmp_path_factory, seeds_by_id) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("formats")
    seed = {f: seeds_by_id.loc[f] for f in SEED_FILES}
    url = {f: f"https://baomau.vn/the-gioi/bai-{i}.htm" for i, f in enumerate(SEED_FILES)}
    # saved pages: 003 with its lede apart (the extractor drops it), 000 with the lede as the first paragraph
    write(folder, "pages/003.html", page(seed[SEED_FILES[3]].title, seed[SEED_FILES[3]].paragraphs,
                                         seed[SEED_FILES[3]].date))
    write(folder, "pages/000.html", page(seed[SEED_FILES[0]].title, seed[SEED_FILES[0]].paragraphs,
                                         seed[SEED_FILES[0]].date, sapo_apart=False))
    write(folder, "pages/empty.html", b"")
    rows = [["id", "Tiêu đề", "noi_dung", "ngay_dang", "link", "chuyen_muc"]]
    for i, f in enumerate(SEED_FILES):
        day = "/".join(reversed(seed[f].date.split("-")))
        rows.append([str(i), seed[f].title, "\n\n".join(seed[f].paragraphs), f"{day} 08:15", url[f], "thế giới"])
    rows.append(["5", "Bài trống", "", "27/09/2021", "", "thế giới"])
    rows.append(["6", "Bài không ngày", seed[SEED_FILES[1]].paragraphs[0], "hôm qua", "", "thế giới"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    write(folder, "export.csv", buffer.getvalue() + "7,một dòng thiếu cột\n")
    lines = [json.dumps({"title": seed[f].title, "content": "\n".join(seed[f].paragraphs), "url": url[f],
                         "published_at": f"{seed[f].date}T01:15:00Z", "source": "Báo Mẫu"}, ensure_ascii=False)
             for f in SEED_FILES[:2]]
    write(folder, "export.jsonl", "\n".join([lines[0], "{không phải JSON", "[1, 2]", lines[1], ""]) + "\n")
    frame = pd.DataFrame({"headline": [seed[f].title for f in SEED_FILES[2:4]],
                          "body": ["\n".join(seed[f].paragraphs) for f in SEED_FILES[2:4]],
                          "date": [seed[f].date for f in SEED_FILES[2:4]]})
    frame.to_parquet(folder / "export.parquet")
    crawl = warc([(url[SEED_FILES[4]], page(seed[SEED_FILES[4]].title, seed[SEED_FILES[4]].paragraphs,
                                            seed[SEED_FILES[4]].date))])
    write(folder, "crawl.warc.gz", crawl)
    write(folder, "damaged.warc.gz", crawl[: len(crawl) // 2])
    write(folder, "notes.csv", "a,b\n1,2\n")
    write(folder, "broken.parquet", b"PAR1 not really")
    original = seeds_by_id.loc[SEED_FILES[0]]
    write(folder, "oneline.txt", " ".join(["https://zingnews.vn//bo-truong-bui-thanh-son-dien-dam-voi-ngoai-truong"
                                           "-nga-sergei-lavrov-post1209013.html", original.title,
                                           *original.paragraphs]))
    return load_corpus(folder, metadata="").set_index("file")


ARTICLES = {  # record → the seed it holds, and where its date comes from
    "pages/003.html": (3, "page"), "pages/000.html": (0, "page"), "export.csv#1": (0, "column"),
    "export.csv#2": (1, "column"), "export.csv#3": (2, "column"), "export.csv#4": (3, "column"),
    "export.csv#5": (4, "column"), "export.jsonl#1": (0, "column"), "export.jsonl#4": (1, "column"),
    "export.parquet#1": (2, "column"), "export.parquet#2": (3, "column"), "crawl.warc.gz#3": (4, "page"),
    "oneline.txt": (0, "text_day_month"),
}


def test_every_article_loads_with_its_headline_date_and_the_words_of_the_seed(formats, seeds_by_id):
    for record, (number, source) in ARTICLES.items():
        row, seed = formats.loc[record], seeds_by_id.loc[SEED_FILES[number]]
        assert row.status == "loaded", (record, row.reason)
        assert row.title == seed.title, record
        assert row.paragraphs == seed.paragraphs, record
        assert (row.date, row.date_source) == (seed.date, source), record


def test_no_site_chrome_from_pages_and_the_lede_restored_once(formats):
    for record in ("pages/003.html", "pages/000.html", "crawl.warc.gz#3"):
        text = " ".join(formats.loc[record].paragraphs)
        for chrome in ("Trang chủ", "Tin liên quan", "Bính Ngọ", "Tô Lâm", "Bản quyền", "2023"):
            assert chrome not in text, (record, chrome)
    assert "lede restored from the page's description" in {a.rule for a in formats.loc["pages/003.html"].audit}
    assert "lede restored from the page's description" not in {a.rule for a in formats.loc["pages/000.html"].audit}


def test_every_broken_record_has_its_row_and_reason(formats):
    reasons = formats["reason"].to_dict()
    assert formats.loc["export.csv#6", "status"] == "skipped" and reasons["export.csv#6"] == "empty text"
    assert reasons["export.csv#8"] == "row has 2 fields, the header 6"
    assert formats.loc["export.csv#7", "status"] == "loaded"
    assert "column date 'hôm qua' is not a date" in reasons["export.csv#7"]
    assert reasons["export.jsonl#2"].startswith("line is not valid JSON")
    assert reasons["export.jsonl#3"] == "line is JSON list, not an object"
    assert reasons["pages/empty.html"] == "empty page"
    assert reasons["crawl.warc.gz#1"] == "WARC warcinfo record, not a response"
    assert reasons["crawl.warc.gz#2"] == "WARC request record, not a response"
    assert reasons["crawl.warc.gz#5"] == "HTTP status 404, not a page"
    assert reasons["crawl.warc.gz#7"] == "response is image/png, not HTML"
    assert any(f.startswith("damaged.warc.gz") and "archive damaged after record" in r for f, r in reasons.items())
    assert reasons["notes.csv"].startswith("table without a text column (columns: a, b)")
    assert reasons["broken.parquet"].startswith("not a readable Parquet file")
    assert formats.loc["export.csv#1", "chuyen_muc"] == "thế giới"  # other columns are document variables
    assert formats.loc["export.jsonl#1", "outlet"] == "Báo Mẫu"


def test_a_page_banner_is_never_the_date(tmp_path):
    body = ("Hai bên bày tỏ vui mừng trước những bước phát triển trong quan hệ hai nước trong mọi lĩnh vực.",
            "Bộ trưởng cảm ơn Nga đã hỗ trợ vaccine cho Việt Nam trong thời gian qua.")
    write(tmp_path, "a.html", page("Tiêu đề bài viết về quan hệ hai nước", body))
    row = load_corpus(tmp_path).iloc[0]
    assert (row.status, row.date) == ("loaded", "")
    assert f"page banner '{BANNER}' is not a publication date" in row.date_evidence


def test_a_generic_site_description_is_not_a_lede():
    body = ("Hai bên bày tỏ vui mừng trước những bước phát triển trong quan hệ hai nước trong mọi lĩnh vực.",
            "Bộ trưởng cảm ơn Nga đã hỗ trợ vaccine cho Việt Nam trong thời gian qua.")
    found = extract(page("Tiêu đề", body, sapo_apart=False, description="Báo Mẫu - Tin tức 24h"))
    assert not found.sapo_restored and found.paragraphs[:2] == body


def test_column_names_are_found_without_case_or_diacritics_or_named():
    assert fold_name(" Tiêu-Đề ") == "tieu_de"
    assert assign_roles(["ID", "Tiêu đề", "NỘI DUNG", "Published_At", "Link"], {}) == {
        "NỘI DUNG": "text", "Tiêu đề": "title", "Published_At": "date", "Link": "url"}
    assert assign_roles(["noidung2", "ngay"], parse_columns("text=noidung2")) == {"noidung2": "text", "ngay": "date"}
    with pytest.raises(ParameterError, match="should be ROLE=COLUMN"):
        parse_columns("body")


def test_a_one_line_file_without_a_url_has_no_headline_rather_than_a_huge_one(tmp_path):
    write(tmp_path, "a.txt", " ".join([f"Câu số {i} nói về hợp tác giữa Việt Nam và Liên bang Nga."
                                       for i in range(200)]))
    row = load_corpus(tmp_path).iloc[0]
    assert (row.status, row.title, len(row.paragraphs)) == ("loaded", "", 1)


def test_a_zoned_time_is_the_date_in_vietnam():
    from vnnews.corpus.dates import parse_date

    assert parse_date("2021-09-26T23:30:00Z").isoformat() == "2021-09-27"
    assert parse_date("2021-09-27T08:15:00+07:00").isoformat() == "2021-09-27"
    assert parse_date("27/09/2021 08:15").isoformat() == "2021-09-27"


def test_a_single_file_is_a_corpus(tmp_path):
    path = write(tmp_path, "export.jsonl", json.dumps({"text": "Hai bên ký thỏa thuận hợp tác.", "title": "Tin"}))
    corpus = load_corpus(path)
    assert corpus[["file", "status", "title"]].values.tolist() == [["export.jsonl#1", "loaded", "Tin"]]


def test_an_unknown_file_type_is_listed(tmp_path):
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    assert load_corpus(tmp_path).iloc[0].reason.startswith("not a file type vnnews reads (.docx")


def test_gzip_text_is_not_a_crawl(tmp_path):
    write(tmp_path, "x.warc.gz", gzip.compress(b"hello"))
    reason = load_corpus(tmp_path).iloc[0].reason
    assert reason.startswith("not a readable web archive") or "WARC" in reason
