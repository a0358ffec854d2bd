"""Reading (`corpus/read.py`): encodings, one-line files, bad input skipped with a reason."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from helpers import ARTICLE, BODY, cp1258, write
from vnnews.corpus import load_corpus


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
    assert row.paragraphs == (BODY,)
    assert (row.date, row.date_source) == ("2021-09-27", "url")


def test_decomposed_unicode_is_normalised_to_nfc(tmp_path):
    write(tmp_path, "a.txt", unicodedata.normalize("NFD", ARTICLE))
    assert load_corpus(tmp_path).iloc[0].paragraphs == (BODY,)


def test_article_without_url_and_as_one_long_line(tmp_path):
    sentences = [f"Câu số {i} nói về hợp tác giữa Việt Nam và Liên bang Nga." for i in range(2000)]
    write(tmp_path, "a.txt", "Tiêu đề\n" + "".join(sentences))
    row = load_corpus(tmp_path).iloc[0]
    assert (row.status, row.url, row.title) == ("loaded", "", "Tiêu đề")
    assert len(row.paragraphs) == 1 and len(row.paragraphs[0]) == len(" ".join(sentences))


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
    assert reasons["notes.docx"].startswith("not a file type vnnews reads (.docx; it reads .txt, .html")


def test_url_slug_titles_are_not_text(tmp_path):
    write(tmp_path, "a.txt", "https://dantri.com.vn/the-gioi/nga-va-viet-nam-20210427.htm\nnga va viet nam\n\n" + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.title == "nga va viet nam" and not row.title_is_text
