from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vnnews.paths import seeds_dir

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's segmentation cache."""
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("VNNEWS_PROGRESS", "0")


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode Vietnamese text as legacy Windows-1258 files store it: a letter (â, ơ …) plus a combining tone mark."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out += (letter + "".join(c for c in decomposed if c in TONE_MARKS)).encode("cp1258")
    return out
