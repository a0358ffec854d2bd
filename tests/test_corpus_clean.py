"""Cleaning (`corpus/clean.py`): each rule on a text of its own and on the seeds; the audit."""

from __future__ import annotations

from helpers import BODY, SEED_FILES, text_of, write
from vnnews.corpus import audit_table, clean_text, load_corpus


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
                                                       ("Hôm nay, hai nước ký thỏa thuận hợp tác.",))


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


def test_html_and_script_are_stripped_and_audited(tmp_path):
    html = ("Tiêu đề\n<p>" + BODY + "</p><script>alert('x')</script>\n<div class=\"share\">Chia sẻ</div>"
            "<p>Quan hệ &amp; hợp tác.</p>")
    write(tmp_path, "a.txt", html)
    corpus = load_corpus(tmp_path)
    text = text_of(corpus, "a.txt")
    assert "<" not in text and "alert" not in text and "Chia sẻ" not in text
    assert "Quan hệ & hợp tác." in text
    assert {"html <script>", "html markup", "share/feedback widget or navigation"} <= set(audit_table(corpus).rule)


def test_outlet_tag_opening_the_lede_is_removed_and_names_the_outlet(tmp_path):
    write(tmp_path, "a.txt", "Tiêu đề\n(Dân trí) - " + BODY)
    row = load_corpus(tmp_path).iloc[0]
    assert row.outlet == "Dân trí" and row.paragraphs[0].startswith("Bộ trưởng")


def test_abbreviations_are_not_split_as_glued_sentences():
    cleaned = clean_text("Tiêu đề\nÔng đến Tp.Hồ Chí Minh hôm qua.Sau đó ông về Hà Nội.")
    assert cleaned.paragraphs == ["Ông đến Tp.Hồ Chí Minh hôm qua. Sau đó ông về Hà Nội."]


def test_parenthesised_credit_and_long_runs():
    cleaned = clean_text("Tiêu đề\nLễ đón chính thức (Ảnh: TTXVN) diễn ra tại Phủ Chủ tịch. " + "x" * 200)
    assert cleaned.paragraphs == ["Lễ đón chính thức diễn ra tại Phủ Chủ tịch."]
    assert [a.rule for a in cleaned.audit] == ["image credit", "run of characters without spaces"]


def test_a_sentence_ending_in_a_small_letter_with_a_diacritic_is_split_from_the_next():
    # "ạ" is no capital, so "ạ." is no initial (the range À-Ỹ used to say it was)
    twice = clean_text("Tiêu đề\nHôm nay trời đẹp lắm bác ạ. Hôm nay trời đẹp lắm bác ạ.")
    assert twice.paragraphs == ["Hôm nay trời đẹp lắm bác ạ."]  # two sentences, the second a repeat


def test_a_trailing_line_starting_with_a_small_letter_is_no_byline():
    draft = clean_text("Tiêu đề\nHai bên ký thỏa thuận hợp tác.\nở đó")
    assert draft.paragraphs[-1] == "ở đó" and not [a for a in draft.audit if a.rule == "byline"]
    assert [a.excerpt for a in clean_text("Tiêu đề\nHai bên ký.\nĐỨC ANH").audit if a.rule == "byline"] == ["ĐỨC ANH"]


def test_an_initial_with_a_capital_đ_is_not_a_glued_sentence_but_a_small_đ_after_it_is_not_either():
    draft = clean_text("Tiêu đề\nÔng Đ.V.C cho biết trâu, bò…đến cả gà đều được tiêm.")
    assert draft.paragraphs == ["Ông Đ.V.C cho biết trâu, bò…đến cả gà đều được tiêm."]
    assert not [a for a in draft.audit if a.rule == "glued sentences split"]
    assert clean_text("Tiêu đề\nÔng đã về.Đến nay vẫn vậy.").paragraphs == ["Ông đã về. Đến nay vẫn vậy."]


# A page of my own: a body, a keywords line and a related-news list of teasers, each chrome line behind a bullet.
_PAGE = ("Hai nước ký thỏa thuận hợp tác\n"
         "Hôm qua, hai bộ trưởng đã ký thỏa thuận hợp tác về giáo dục.\n"
         "{b}Từ khóa: hợp tác, giáo dục\n"
         "{b}Tin liên quan\n"
         "{b}Ông Trần Văn Bình thăm một trường học ở miền núi\n"
         "{b}Lễ khai giảng năm học mới tại thủ đô\n")


def test_a_bullet_before_a_keywords_line_and_a_related_news_header_does_not_hide_them():
    plain = clean_text(_PAGE.format(b=""))
    assert plain.paragraphs == ["Hôm qua, hai bộ trưởng đã ký thỏa thuận hợp tác về giáo dục."]
    for bullet in ["• ", "•", "  · ", "▪ ", "► ", "▸", "- ", "* ", "– ", "→ ", "✓ ", "•• "]:
        cleaned = clean_text(_PAGE.format(b=bullet))
        assert (cleaned.title, cleaned.paragraphs) == (plain.title, plain.paragraphs), bullet
        assert [a.rule for a in cleaned.audit] == [a.rule for a in plain.audit] == [
            "share/feedback widget or navigation", "related-news block"]
        widget, block = cleaned.audit
        assert widget.excerpt == f"{bullet}Từ khóa: hợp tác, giáo dục".strip()  # the line as it stood
        assert block.excerpt.startswith(f"{bullet}Tin liên quan".strip()) and "Trần Văn Bình" in block.excerpt


def test_bare_bulleted_chrome_lines_go_as_their_unbulleted_forms_do():
    for line, rule in [("• Từ khóa", "keywords line and what follows"),  # bare, below the body: closes the page
                       ("▪ Tags: ngoại giao", "share/feedback widget or navigation"),
                       ("► Chia sẻ", "share/feedback widget or navigation"),
                       ("- Xem thêm:", "related-news block"), ("→ Đọc thêm", "related-news block"),
                       ("* Bài liên quan", "related-news block")]:
        draft = clean_text(f"Tiêu đề\nHai bên ký thỏa thuận.\n{line}\nMột tin khác của trang.")
        assert [a.rule for a in draft.audit] == [rule], line
        assert draft.audit[0].excerpt.startswith(line)
        assert draft.paragraphs[0] == "Hai bên ký thỏa thuận."


def test_a_bulleted_list_item_of_the_body_stays_body_text():
    text = ("Tiêu đề\nThủ tướng nêu ba nhiệm vụ:\n- Thủ tướng đã yêu cầu các bộ rà soát kế hoạch.\n"
            "• Tin học hóa thủ tục hành chính.\n► Xem xét lại quy hoạch vùng.\n* Từ nay đến cuối năm hoàn thành.")
    draft = clean_text(text)
    assert draft.paragraphs == text.split("\n")[1:]
    assert not [a for a in draft.audit if a.n_chars]


# Pages of my own: a headline, a body, a bare keywords line, then the site's teasers naming an official.
_TEASERS = ("Ông Nguyễn Văn Khải dự lễ khánh thành cây cầu mới ở vùng ven biển\n"
            "Sáng nay, ông Nguyễn Văn Khải, Phó Chủ tịch tỉnh, đã tới dự lễ và phát biểu...\n"
            "Hội nghị bàn về kế hoạch trồng rừng năm tới\n")
_BODY = ("Người dân xã ven sông đón mùa gặt sớm\n"
         "Năm nay lúa chín sớm hơn mọi năm nhờ thời tiết thuận lợi.\n"
         "Các hợp tác xã đã chuẩn bị máy gặt cho từng cánh đồng.\n")
KEYWORDS_RULE = "keywords line and what follows"


def test_a_bare_keywords_line_below_the_body_closes_the_page():
    for line in ["Từ khóa", "Từ khoá", "Từ khóa:", "TỪ KHÓA", "Tags", "Tags:", "Tag", "• Từ khóa", "  • Từ khóa",
                 "▪ Tags:", "- Từ khoá"]:
        draft = clean_text(_BODY + line + "\n\n" + _TEASERS)
        assert draft.title == "Người dân xã ven sông đón mùa gặt sớm", line
        assert draft.paragraphs == ["Năm nay lúa chín sớm hơn mọi năm nhờ thời tiết thuận lợi.",
                                    "Các hợp tác xã đã chuẩn bị máy gặt cho từng cánh đồng."], line
        assert [a.rule for a in draft.audit if a.n_chars] == [KEYWORDS_RULE], line
        removed = draft.audit[-1]
        assert removed.excerpt.startswith(line.strip()) and "Nguyễn Văn Khải" in removed.excerpt, line
        assert removed.n_chars == len("\n".join([line.strip()] + _TEASERS.strip().split("\n")))


def test_tags_one_per_line_after_a_bare_keywords_line_go_with_it():
    draft = clean_text(_BODY + "Từ khóa\nnông nghiệp\nmùa gặt\n" + _TEASERS)
    assert len(draft.paragraphs) == 2 and "Khải" not in " ".join(draft.paragraphs)
    assert [a.rule for a in draft.audit] == [KEYWORDS_RULE]
    assert draft.audit[0].excerpt.startswith("Từ khóa nông nghiệp mùa gặt Ông Nguyễn Văn Khải")


def test_a_bare_keywords_line_between_headline_and_body_goes_alone():
    title, *body = _BODY.strip().split("\n")
    for line in ["Từ khóa", "• Từ khóa", "Tags:"]:
        draft = clean_text("\n".join([title, line, *body]))
        assert (draft.title, draft.paragraphs) == (title, body), line
        assert [(a.rule, a.excerpt) for a in draft.audit] == [("share/feedback widget or navigation", line)]
    # with the headline from metadata, a keywords line opening the text is above the body too
    draft = clean_text("Từ khóa\n" + "\n".join(body), title=title)
    assert draft.paragraphs == body
    assert [a.rule for a in draft.audit] == ["share/feedback widget or navigation"]


def test_a_keywords_line_with_its_tags_on_the_line_goes_alone_as_before():
    for line in ["Từ khóa: nông nghiệp, mùa gặt, hợp tác xã", "• Từ khóa: nông nghiệp, mùa gặt", "Tags: lúa, gặt"]:
        draft = clean_text(_BODY + line + "\nMột đoạn nữa của bài về cánh đồng lúa.")
        assert draft.paragraphs[-1] == "Một đoạn nữa của bài về cánh đồng lúa.", line
        assert len(draft.paragraphs) == 3
        assert [(a.rule, a.excerpt) for a in draft.audit] == [("share/feedback widget or navigation", line)]


# A markdown-converted page of my own: two link cards to other articles (an image and its teaser in one cell, closed
# by a bar), the article's own picture alone on its line with the caption on the next, and body lines with "|"/"!".
_MARKDOWN_PAGE = ("Làng nghề gốm ven sông mở hội chợ mùa thu\n"
                  "![](https://example.vn/a.jpg) Ông Lê Văn Tường, Phó Chủ tịch tỉnh, dự lễ khởi công đường mới. |\n"
                  "[![ảnh](https://example.vn/b.jpg)](https://example.vn/tin-khac.html) Trường nghề mở lớp học mới |\n"
                  "Sáng nay, hội chợ gốm mở cửa đón khách từ nhiều tỉnh.\n"
                  "![]() |\n"
                  "Du khách xem các bình gốm men lam tại gian hàng. |\n"
                  "Hà Nội | 12/3\n"
                  "Thật tuyệt vời! Một người thợ nói với chúng tôi.\n")
CARD = "image link card (another article)"
ALONE = "image markup (a picture alone on its line)"
INLINE = "image markup (in a line of text)"


def test_an_image_link_card_to_another_article_goes_with_its_teaser():
    draft = clean_text(_MARKDOWN_PAGE)
    assert draft.title == "Làng nghề gốm ven sông mở hội chợ mùa thu"
    text = "\n".join(draft.paragraphs)
    assert "Lê Văn Tường" not in text and "Trường nghề" not in text
    cards = [a for a in draft.audit if a.rule == CARD]
    assert [a.excerpt[:30] for a in cards] == ["![](https://example.vn/a.jpg) ", "[![ảnh](https://example.vn/b.j"]
    assert cards[0].n_chars == len(_MARKDOWN_PAGE.split("\n")[1])


def test_an_own_picture_alone_on_its_line_goes_and_its_caption_stays():
    draft = clean_text(_MARKDOWN_PAGE)
    assert draft.paragraphs == ["Sáng nay, hội chợ gốm mở cửa đón khách từ nhiều tỉnh.",
                                "Du khách xem các bình gốm men lam tại gian hàng. |",
                                "Hà Nội | 12/3", "Thật tuyệt vời! Một người thợ nói với chúng tôi."]
    assert not any("![" in p or "](" in p for p in draft.paragraphs)
    assert [(a.rule, a.excerpt) for a in draft.audit if a.rule == ALONE] == [(ALONE, "![]() |")]
    # with or without a bar, with a title, several images in one row, an image above the headline
    for line in ["![](https://example.vn/c.png)", "| ![Ảnh hội chợ](/img/c.png \"Hội chợ\") |", "![]() | ![]() |"]:
        draft = clean_text(f"{line}\nTiêu đề\nHai bên ký thỏa thuận.\n{line}\nChú thích của ảnh.")
        assert (draft.title, draft.paragraphs) == ("Tiêu đề", ["Hai bên ký thỏa thuận.", "Chú thích của ảnh."]), line
        assert [(a.rule, a.excerpt) for a in draft.audit] == [(ALONE, line.strip())] * 2, line


def test_image_markup_inside_a_line_of_text_goes_and_the_text_stays():
    draft = clean_text("Tiêu đề\nĐoàn đã tới thăm ![](https://example.vn/d.jpg) nhà máy điện gió.\n"
                       "| ![]() | Quang cảnh buổi lễ khánh thành |")
    assert draft.paragraphs == ["Đoàn đã tới thăm nhà máy điện gió.", "| | Quang cảnh buổi lễ khánh thành |"]
    assert [(a.rule, a.excerpt) for a in draft.audit] == [(INLINE, "![](https://example.vn/d.jpg)"), (INLINE, "![]()")]


def test_body_lines_with_bars_and_exclamation_marks_are_untouched():
    body = ["Hà Nội | 12/3", "Tin nhanh | Thời tiết hôm nay nắng nóng |", "Cố lên! Cả sân vận động hô vang.",
            "Ông nói: \"Tuyệt quá!\" [1] rồi cười (xem bảng 2) |", "Chỉ số [A](B) không đổi!"]
    draft = clean_text("Tiêu đề\n" + "\n".join(body))
    assert draft.paragraphs == body
    assert not [a for a in draft.audit if a.rule in (CARD, ALONE, INLINE)]
