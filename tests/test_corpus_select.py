"""Subject selection (`corpus/select.py`): the query language, scopes, evidence, errors and the personal-name rule,
on sentences written for these tests."""

from __future__ import annotations

import pickle

import pytest

from vnnews.corpus.select import compile_query, load_query, match, name_contexts, query_names
from vnnews.errors import ParameterError

DEFS = {
    "ru": {"query": 'Nga OR Moskva OR "Liên bang Nga"', "scope": "document"},
    "vn": {"query": '"Việt Nam" OR "Hà Nội"', "scope": "document"},
    "both": {"query": "@ru AND @vn", "scope": "paragraph"},
    "loop-a": {"query": "Nga OR @loop-b", "scope": "document"},
    "loop-b": {"query": "Moskva AND @loop-a", "scope": "document"},
    "self": {"query": "Nga OR @self", "scope": "document"},
}


def inline(text: str):
    return compile_query(text, DEFS)


def selects(query: str, *paragraphs: str, title: str = "") -> bool:
    return match(inline(query), title, list(paragraphs))[0]


def russia(sentence: str) -> tuple[bool, str]:
    return match(load_query("russia"), "", [sentence])


# ---------------------------------------------------------------------------------------------------------------
# Loading

def test_empty_text_selects_everything():
    assert load_query("") is None
    assert load_query("   \n") is None


def test_names_of_queries_yaml():
    assert query_names() == ["russia", "vietnam", "vietnam-russia"]
    query = load_query("vietnam-russia")
    assert (query.name, query.expression, query.scope) == ("vietnam-russia", "@russia AND @vietnam", "paragraph")
    assert load_query("russia").scope == "document"


def test_inline_query_has_document_scope_and_its_text_as_name():
    query = load_query('Putin AND "Hà Nội"')
    assert (query.name, query.expression, query.scope) == ('Putin AND "Hà Nội"', 'Putin AND "Hà Nội"', "document")


def test_a_query_is_hashable_and_picklable():
    query = load_query("vietnam-russia")
    copy = pickle.loads(pickle.dumps(query))
    assert copy == query and hash(copy) == hash(query) and repr(copy) == repr(query)


# ---------------------------------------------------------------------------------------------------------------
# The query language

def test_or_and_not_and_parentheses():
    assert selects("Moskva OR Kremlin", "Đoàn khách tới Kremlin.")
    assert not selects("Moskva AND Kremlin", "Đoàn khách tới Kremlin.")
    assert selects("Kremlin NOT Moskva", "Đoàn khách tới Kremlin.")
    assert not selects("Kremlin AND NOT Kremlin", "Đoàn khách tới Kremlin.")
    assert selects("(Moskva OR Kremlin) AND khách", "Đoàn khách tới Kremlin.")
    assert not selects("Moskva OR Kremlin AND hàng", "Đoàn khách tới Kremlin.")  # AND binds tighter than OR


def test_not_binds_tighter_than_and():
    assert selects("NOT Moskva Kremlin", "Đoàn khách tới Kremlin.")  # (NOT Moskva) AND Kremlin
    assert not selects("NOT (Moskva OR Kremlin)", "Đoàn khách tới Kremlin.")


def test_adjacent_terms_are_joined_by_and():
    assert selects("đoàn khách", "Đoàn khách tới Kremlin.")
    assert not selects("đoàn xe", "Đoàn khách tới Kremlin.")


def test_quoted_phrase_matches_any_whitespace_but_not_other_order():
    assert selects('"Liên bang Nga"', "Đại diện Liên  bang\nNga phát biểu.")
    assert not selects('"bang Liên"', "Đại diện Liên bang Nga phát biểu.")


def test_a_dash_matches_any_dash_with_or_without_spaces():
    for text in ["quan hệ Việt - Nga", "quan hệ Việt-Nga", "quan hệ Việt – Nga", "quan hệ Việt—Nga"]:
        assert selects('"Việt - Nga"', text)
    assert selects("Mát-xcơ-va", "Tới Mát–xcơ–va hôm qua.")


def test_capitalised_terms_are_case_sensitive_small_ones_are_not():
    assert not selects("Nga", "Đàn thiên nga bơi trên hồ.")
    assert not selects("Nga", "TIN NGA")
    assert selects("hợp tác", "Hợp tác kinh tế tăng.")
    assert selects("kremlin", "Điện Kremlin ra thông báo.")


def test_terms_match_whole_words_only():
    assert not selects("Nga", "Ngay hôm đó, ông Ngan về quê.")
    assert not selects("VN", "Tập đoàn VNPT và đồng VNĐ.")
    assert selects("VN", "Đội tuyển VN thắng.")
    assert not selects('"Hà Nội"', "Đường Hà Nộii.")
    assert selects("TP.HCM", "Tại TP.HCM, trời mưa.")


def test_text_is_compared_in_nfc():
    decomposed = "Vie\u0323\u0302t Nam"  # "Việt Nam" written with combining marks
    assert selects('"Việt Nam"', f"Đoàn {decomposed} tới.")


def test_references_bring_in_another_query():
    assert selects("@ru", "Phái đoàn tới Moskva.")
    assert selects("@ru NOT @vn", "Phái đoàn tới Moskva.")
    assert not selects("@ru NOT @vn", "Phái đoàn Việt Nam tới Moskva.")


def test_a_reference_to_a_paragraph_query_holds_when_one_paragraph_satisfies_it():
    assert selects("@both", "Nga và Việt Nam ký kết.", "Trời mưa.")
    assert not selects("@both", "Nga tập trận.", "Việt Nam đón khách.")
    assert selects("@ru @vn", "Nga tập trận.", "Việt Nam đón khách.")


# ---------------------------------------------------------------------------------------------------------------
# Scopes and evidence

def test_paragraph_scope_needs_both_sides_in_one_paragraph():
    paragraphs = ["Quân đội Nga tập trận ở Siberia.", "Việt Nam đón khách du lịch."]
    assert match(load_query("vietnam-russia"), "Tin trong ngày", paragraphs) == (
        False, "@russia (Nga ×1) and @vietnam (Việt Nam ×1), but never in the same paragraph")
    assert match(load_query("russia"), "Tin trong ngày", paragraphs) == (True, "Nga ×1")


def test_the_headline_counts_as_a_paragraph():
    assert match(load_query("vietnam-russia"), "Việt Nam và Nga ký hiệp định", ["Trời mưa."]) == (
        True, "Nga ×1; Việt Nam ×1 (headline)")


def test_paragraph_evidence_names_the_first_satisfying_paragraph():
    paragraphs = ["Trời mưa to.", "Nga gửi vắc xin tới Việt Nam.", "Hà Nội nhận thêm vắc xin từ Nga, Moskva cho biết."]
    assert match(load_query("vietnam-russia"), "Tin vắc xin", paragraphs) == (
        True, "Nga ×2; Moskva ×1; Việt Nam ×1; Hà Nội ×1 (paragraph 2 first, 2 paragraphs)")  # ties: query order


def test_document_evidence_counts_terms_most_frequent_first():
    paragraphs = ["Nga và Nga.", "Moskva, Nga; Việt Nam."]
    assert match(load_query("russia"), "", paragraphs) == (True, "Nga ×3; Moskva ×1")


def test_a_term_inside_a_longer_matched_term_is_shown_once():
    assert match(load_query("russia"), "", ["Đại sứ Liên bang Nga tại Hà Nội."]) == (True, "Liên bang Nga ×1")


def test_why_not_selected():
    vr = load_query("vietnam-russia")
    assert match(vr, "Giá rau hôm nay", ["Rau xanh tăng giá."]) == (False, "no term of the query")
    assert match(vr, "", ["Quân đội Nga tập trận."]) == (False, "@russia (Nga ×1) but no @vietnam")
    assert match(vr, "", ["Phương Nga về Hà Nội."]) == (
        False, "@vietnam (Hà Nội ×1) but no @russia: Nga only as a personal name (Phương Nga ×1)")
    assert match(vr, "", ["Phương Nga hát.", "Phương Nga múa."]) == (
        False, "Nga only as a personal name (Phương Nga ×2)")
    assert match(inline("Moskva NOT Kremlin"), "", ["Moskva và Kremlin."]) == (
        False, "Moskva ×1 but excluded by NOT Kremlin ×1")
    assert match(inline("Moskva NOT (Kremlin OR Putin)"), "", ["Moskva, Kremlin."]) == (
        False, "Moskva ×1 but excluded by NOT (Kremlin OR Putin) (Kremlin ×1)")
    assert match(inline("Moskva Kremlin"), "", ["Moskva hôm nay."]) == (False, "Moskva ×1 but no Kremlin")


# ---------------------------------------------------------------------------------------------------------------
# Errors

@pytest.mark.parametrize(("text", "message"), [
    ("Nga AND (Moskva", 'the select query (Nga AND (Moskva): the "(" at character 9 is never closed'),
    ("Nga) OR Moskva", 'the select query (Nga) OR Moskva): the ")" at character 4 has no matching "("'),
    ("Nga AND NOT", "the select query (Nga AND NOT): NOT at character 9 has nothing after it (at the end)"),
    ("Nga NOT OR Moskva",
     'the select query (Nga NOT OR Moskva): NOT at character 5 has nothing after it (before "OR" (character 9))'),
    ("OR Nga", "the select query (OR Nga): OR at character 1 has nothing before it"),
    ("Nga ()", "the select query (Nga ()): empty parentheses at character 5"),
    ('"Liên bang Nga', "the select query (\"Liên bang Nga): the quote at character 1 is never closed"),
])
def test_syntax_errors_say_what_and_where(text, message):
    with pytest.raises(ParameterError) as error:
        load_query(text)
    assert str(error.value) == message


def test_an_unknown_reference_lists_the_known_names():
    with pytest.raises(ParameterError) as error:
        load_query("@rusia AND Putin")
    assert str(error.value) == ('the select query (@rusia AND Putin): @rusia at character 1 is not a query of '
                                'queries.yaml (did you mean "russia"? known: russia, vietnam, vietnam-russia)')
    with pytest.raises(ParameterError) as error:
        load_query("@khac")
    assert str(error.value).endswith("@khac at character 1 is not a query of queries.yaml "
                                     "(known: russia, vietnam, vietnam-russia)")


def test_a_misspelt_name_is_not_searched_for_as_a_word():
    with pytest.raises(ParameterError) as error:
        load_query("vietnam-rusia")
    assert str(error.value) == ('select: "vietnam-rusia" is not a query of queries.yaml (did you mean '
                                '"vietnam-russia"? known: russia, vietnam, vietnam-russia); to search for the '
                                'word, quote it: "\\"vietnam-rusia\\""')
    assert load_query('"vietnam-rusia"').expression == '"vietnam-rusia"'


def test_cycles_of_references_are_errors():
    with pytest.raises(ParameterError) as error:
        compile_query("loop-a", DEFS, name="loop-a")
    assert str(error.value) == "queries.yaml: the queries refer to each other in a cycle: loop-a → loop-b → loop-a"
    with pytest.raises(ParameterError) as error:
        compile_query("@self", DEFS)
    assert str(error.value) == "queries.yaml: the queries refer to each other in a cycle: self → self"


# ---------------------------------------------------------------------------------------------------------------
# The personal-name rule: Nga is Russia ...

@pytest.mark.parametrize("sentence", [
    "Tổng thống Nga Vladimir Putin phát biểu.",        # an office of Russia, a foreign name after
    "Ngoại trưởng Nga đến thăm.",
    "Đề nghị của phía Nga được chấp nhận.",            # a small word before
    "Đại diện Liên bang Nga phát biểu.",
    "Đại sứ LB Nga dự lễ.",                            # an all-capital abbreviation before
    "Hợp tác Việt - Nga tăng mạnh.",
    "Nhìn lại quan hệ Việt Nga năm qua.",              # a country word before
    "Nga là thị trường lớn.",                          # at the start of a paragraph
    "Trời lạnh. Tại Nga, tuyết rơi dày.",              # a common word opening the sentence
    "Cả Nga và Ấn Độ đều tham gia.",
    "Cờ Nga tung bay trên quảng trường.",              # a sentence opener of name_contexts.txt
    "Tàu của Hạm đội Biển Đen Nga rời cảng.",          # a proper noun of several syllables before
    "Thời tiết ở miền Nam Nga ấm lên.",                # a direction before
    "Ca sĩ Nga Dima Bilan đến biểu diễn.",             # a title, then a foreigner's name
    "Các diễn viên Nga sang lưu diễn.",                # a plural word before the title
    "Cuộc thi chọn hoa hậu Nga năm nay.",              # the title in small letters: not before a name
    "Một người đàn ông Nga bị bắt.",                   # "ông" is not a kinship word here
    '"Nga sẽ đáp trả", ông nói.',
])
def test_nga_as_russia(sentence):
    assert russia(sentence)[0]


# ... and not a name of a person or a place

@pytest.mark.parametrize(("sentence", "evidence"), [
    ("Khán giả chờ Phương Nga lên sân khấu.", "Phương Nga ×1"),     # given name after a middle name
    ("Phương Nga sinh năm 2000.", "Phương Nga ×1"),                # opening the sentence, not a common word
    ("Hồ sơ do Nguyễn Thị Nga nộp.", "Nguyễn Thị Nga ×1"),         # a full name from the surname
    ("Quán nước của Kim Nga đông khách.", "Kim Nga ×1"),
    ("Hôm qua chị Nga đi chợ sớm.", "chị Nga ×1"),                 # kinship and honorifics
    ("Học trò quý cô Nga lắm.", "cô Nga ×1"),
    ("Cô Nga mở quán từ lâu.", "Cô Nga ×1"),
    ("Nhà bà Nga ở cuối ngõ.", "bà Nga ×1"),
    ("Mẹ đưa em Nga đi học.", "em Nga ×1"),
    ("Bé Nga năm nay lên ba.", "Bé Nga ×1"),
    ("Quán bún của cô Nguyễn Kim Nga mở từ sáng.", "Nguyễn Kim Nga ×1"),
    ("Người dẫn chương trình là Á hậu Phương Nga.", "Phương Nga ×1"),
    ("Đêm nhạc có ca sĩ Nga góp mặt.", "ca sĩ Nga ×1"),             # a title, nothing capitalised after
    ("Vở diễn có NSƯT Nga tham gia.", "NSƯT Nga ×1"),
    ("Lớp học của cô giáo Nga rất vui.", "cô giáo Nga ×1"),
    ("Ý kiến của bà Trần Việt Nga được ghi nhận.", "Trần Việt Nga ×1"),  # a full name that holds "Việt"
    ("Câu chuyện về chú Cuội và Hằng Nga.", "Hằng Nga ×1"),
])
def test_nga_as_a_personal_name(sentence, evidence):
    assert russia(sentence) == (False, f"Nga only as a personal name ({evidence})")


def test_nga_in_a_place_name():
    assert russia("Gỏi nhệch là đặc sản Nga Sơn, Thanh Hóa.") == (False, "Nga only as a place name (Nga Sơn ×1)")


def test_a_name_established_in_the_article_holds_at_a_sentence_start():
    # "Thanh" is a stopword: alone at a sentence start it would not make a name
    assert russia("Thanh Nga cho biết thêm.") == (True, "Nga ×1")
    assert match(load_query("russia"), "", ["Chị Thanh Nga là chủ quán.", "Thanh Nga cho biết thêm."]) == (
        False, "Nga only as a personal name (Thanh Nga ×2)")


def test_the_short_name_of_the_person_an_article_is_about():
    paragraphs = ["Á hậu Phương Nga dẫn chương trình.", "Phương Nga chuẩn bị kỹ.", "Ai cũng khen Nga chăm chỉ."]
    assert match(load_query("russia"), "", paragraphs) == (
        False, "Nga only as a personal name (Phương Nga ×2; Nga (= Phương Nga) ×1)")
    # but one person named among many mentions of the country leaves the country
    paragraphs = ["Chị Nga ở Hà Nội.", "Nga tăng xuất khẩu.", "Hàng Nga về nhiều."]
    assert match(load_query("russia"), "", paragraphs) == (True, "Nga ×2")


def test_a_term_that_is_itself_a_name_is_not_checked():
    assert selects('"Phương Nga"', "Á hậu Phương Nga dẫn chương trình.")
    assert not selects("Nga", "Á hậu Phương Nga dẫn chương trình.")


def test_the_vietnam_side_of_a_compound_is_checked_too():
    assert not selects('"Việt Nga"', "Ý kiến của bà Trần Việt Nga được ghi nhận.")
    assert selects('"Việt Nga"', "Trường hữu nghị Việt Nga khai giảng.")


def test_russian_offices_are_not_name_contexts():
    contexts = name_contexts()
    for office in ["Tổng thống", "Thủ tướng", "Bộ trưởng", "Ngoại trưởng", "ông"]:
        assert office not in contexts.kinship and office not in contexts.titles
    assert "Nga" in contexts.given_names
