"""Lexicons: each read from its one data file; the longest phrase match tokens, queries and officials share."""

from __future__ import annotations

from vnnews import lexicons
from vnnews.lexicons import PhraseTable


def test_longest_match_takes_the_longest_phrase_and_stops_at_the_boundary():
    table = PhraseTable({"hội đồng": 1, "hội đồng bảo an": 2, "bảo an": 3})
    words = ["Hội đồng", "Bảo an", "họp"]
    assert table.longest(words, 0) == 2 and table.phrase(words, 0, 2) == 2
    assert table.longest(words, 0, stop=1) == 1  # a sentence end stops the match
    assert table.longest(words, 1) == 2 and table.longest(words, 2) == 0
    syllables = ["hội", "đồng", "bảo", "an"]
    assert table.longest(syllables, 0) == 4 and table.longest(syllables, 0, stop=3) == 2
    assert table.starts == {"hội", "bảo"}


def test_longest_match_folds_units_with_the_given_function():
    table = PhraseTable({"bộ trưởng": "Minister"})
    units = [("Bộ",), ("Trưởng",), ("X",)]
    assert table.longest(units, 0, fold=lambda u: u[0].casefold()) == 2


def test_former_titles_are_one_list_for_officials_and_dates():
    assert {"nguyên", "cựu", "cố", "khi là", "khi còn là", "từng là"} <= set(lexicons.former_markers())
    assert lexicons.former_markers()[0] == "khi còn là"  # longest first


def test_the_lexicons_that_were_literals_in_code_are_data():
    assert lexicons.honorifics() == ("đồng chí", "ông", "bà")
    assert {"hai", "các", "những"} <= lexicons.plural_markers()
    assert lexicons.title_joiners()[0] == "đồng thời là"
    assert "Chair" in lexicons.organisation_heads()
    words = lexicons.date_words()
    assert "thứ năm" in words["weekdays"] and "chiều" in words["times_of_day"] and "từ" in words["forward"]
