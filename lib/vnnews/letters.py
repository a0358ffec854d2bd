"""Letters by case, for regular expressions: classes generated from Unicode, never typed as ranges.

A range such as `[A-ZÀ-Ỹ]` is not "a capital letter": the Latin Extended blocks interleave capitals and small
letters (À-Ỹ also holds à ạ ấ ơ ư ă đ é ê ô), so a sentence ending "… bác ạ." looked like an initial and "ở đó"
like a byline. These classes hold every letter of the Latin blocks Vietnamese and the transliterated names in the
news use (Basic Latin, Latin-1, Latin Extended-A and -B, Latin Extended Additional), split by `str.isupper()` and
`str.islower()`.
"""

from __future__ import annotations

import re
import unicodedata

_BLOCKS = [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]


def _letters(test) -> str:
    return "".join(chr(c) for first, last in _BLOCKS for c in range(first, last + 1) if test(chr(c)))


UPPER_LETTERS = _letters(str.isupper)
LOWER_LETTERS = _letters(str.islower)

# Regex classes (for use inside patterns: f"{UPPER}{LETTER}*"). Letters need no escaping inside brackets.
UPPER = f"[{UPPER_LETTERS}]"
LOWER = f"[{LOWER_LETTERS}]"
LETTER = f"[{UPPER_LETTERS}{LOWER_LETTERS}]"


def without_diacritics(text: str) -> str:
    """The text in plain Latin letters, as URL slugs and column names write Vietnamese ("Tiêu đề" → "Tieu de")."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


# A Vietnamese syllable: an initial consonant (or none), one to three vowels (the glides i/y/o/u among them), a final
# consonant (or none). Vietnamese has no f, j, w, z and no other clusters, so "Alejandro" or "Mayorkas" cannot be one.
_SYLLABLE = re.compile(r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")


def vietnamese_syllable(word: str) -> bool:
    """Whether `word` has the shape of a Vietnamese syllable (diacritics aside): "Nam", "Nội", "ninh"; not "Jan",
    "Alejandro", "Putin". Some foreign names have it too ("Kim", "Lee"): a test for what cannot be Vietnamese."""
    return bool(_SYLLABLE.match(without_diacritics(word).casefold()))
