"""Letters by case: the whole Vietnamese alphabet, in both cases, and nothing of the other case."""

from __future__ import annotations

import re
import unicodedata

from vnnews.letters import LETTER, LOWER, UPPER, vietnamese_syllable

BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def vietnamese_letters() -> list[str]:
    letters = [b for b in BASES]
    letters += [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES[1:]]
    return letters


def test_every_vietnamese_letter_is_in_its_case_class_only():
    for letter in vietnamese_letters():
        capital = letter.upper()
        assert re.fullmatch(LOWER, letter) and not re.fullmatch(UPPER, letter), letter
        assert re.fullmatch(UPPER, capital) and not re.fullmatch(LOWER, capital), capital
        assert re.fullmatch(LETTER, letter) and re.fullmatch(LETTER, capital)
    assert len(vietnamese_letters()) == 89


def test_letters_of_transliterated_names_and_no_symbols():
    for capital in "ÖÜÉŠŽŁ":
        assert re.fullmatch(UPPER, capital)
    for symbol in "×÷0-.'":
        assert not re.fullmatch(LETTER, symbol)


def test_vietnamese_syllable_shape():
    assert all(map(vietnamese_syllable, ["Nam", "nghiêng", "Quyền", "khuyến", "Đặng", "ninh", "Kim"]))
    assert not any(map(vietnamese_syllable, ["Alejandro", "Jan", "Putin", "Sergei", "Anna", "Qualcomm"]))
