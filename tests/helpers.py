"""What several test modules share: paths, small corpora written by hand, encoders."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from vnnews import text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_FILES = ["000_8029fa2526a562f7.txt", "001_df604d269652025b.txt", "002_878f7d2422501cef.txt",
              "003_63f7455e758c090b.txt", "004_1ff07973a5484962.txt"]
BODY = ("Bộ trưởng Ngoại giao Bùi Thanh Sơn đã có cuộc gặp với Phó Chủ tịch Hội đồng Liên bang Nga "
        "Konstantin Kosachev. Hai bên bày tỏ vui mừng trước những bước phát triển trong quan hệ hai nước.")
ARTICLE = f"https://example.vn/the-gioi/bai-viet-20210927101500123.htm\nTiêu đề bài viết\n{BODY}\n"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def text_of(corpus: pd.DataFrame, file: str) -> str:
    row = corpus.set_index("file").loc[file]
    return "\n".join([row["title"], *row["paragraphs"]])


def sentences_of(docs: dict[str, list[list[str]]]) -> pd.DataFrame:
    """A segmented corpus written by hand: doc_id → sentences → words (text = words joined by spaces)."""
    rows = []
    for doc_id, sents in docs.items():
        for sent, words in enumerate(sents):
            rows.append((doc_id, f"{doc_id}.txt", "body", 0, sent, " ".join(words), tuple(words)))
    return pd.DataFrame(rows, columns=text.COLUMNS)


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
