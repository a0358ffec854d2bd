"""Duplicates (`corpus/duplicates.py`): two outlets reporting one meeting are near-duplicates."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import SEED_FILES
from vnnews.corpus import duplicates
from vnnews.corpus.duplicates import flag_duplicates


def test_two_outlets_reporting_the_same_meeting_are_near_duplicates(seeds_corpus):
    c = seeds_corpus.set_index("file")
    assert c.loc[SEED_FILES[4], "duplicate_of"] == SEED_FILES[3]
    assert c.loc[SEED_FILES[4], "similarity"] == pytest.approx(0.357, abs=0.001)
    assert (c.loc[SEED_FILES[:4], "duplicate_of"] == "").all()


def _docs(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"file": [f"{i}.txt" for i in range(len(texts))], "status": "loaded", "date": "",
                         "paragraphs": [(text,) for text in texts]})


def test_documents_compared_a_block_at_a_time_flag_as_all_at_once(monkeypatch):
    story = "hai bên nhất trí tăng cường hợp tác kinh tế thương mại đầu tư năng lượng và giáo dục"
    texts = [story, "một bài khác hẳn về thời tiết miền bắc hôm nay trời mưa to kéo dài", story,
             "bài thứ tư " + story, "chuyện thể thao bóng đá vòng loại cúp châu lục"]
    at_once = flag_duplicates(_docs(texts))
    monkeypatch.setattr(duplicates, "DUPLICATE_BLOCK", 2)
    in_blocks = flag_duplicates(_docs(texts))
    assert in_blocks[["duplicate_of", "similarity"]].equals(at_once[["duplicate_of", "similarity"]])
    # 3.txt contains 0.txt and its copy 2.txt alike: the earliest, whatever order the product gives
    assert in_blocks["duplicate_of"].tolist() == ["", "", "0.txt", "0.txt", ""]
