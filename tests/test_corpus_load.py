"""Corpus stage (`corpus/load.py`): every seed loads, nothing is lost, serial = parallel."""

from __future__ import annotations

import filecmp

import pandas as pd
import pytest

from helpers import SEED_FILES, SHARED
from vnnews import workers
from vnnews.corpus.load import Inputs, corpus


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the project")
def test_seeds_are_byte_identical_to_the_shared_originals(seeds):
    assert sorted(p.name for p in seeds.glob("*.txt")) == SEED_FILES
    match, mismatch, errors = filecmp.cmpfiles(SHARED / "seeds", seeds, SEED_FILES, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_seeds_all_load_with_metadata_dates(seeds_corpus):
    assert list(seeds_corpus["file"]) == SEED_FILES
    assert set(seeds_corpus["status"]) == {"loaded"}
    assert list(seeds_corpus["date"]) == ["2021-04-27", "2020-05-29", "2021-04-05", "2021-09-27", "2021-09-27"]
    assert set(seeds_corpus["date_source"]) == {"metadata"}
    assert seeds_corpus.loc[4, "outlet"] == "Phụ nữ Thủ đô (phunuthudo.vn)"


def test_every_seed_keeps_its_news_text(seeds_corpus):
    c = seeds_corpus.set_index("file")
    assert c.loc[SEED_FILES, "n_chars_clean"].tolist() == [2773, 2368, 2709, 2540, 4147]
    assert c.loc[SEED_FILES[1], "title"] == "PTT Phạm Bình Minh điện đàm với Ngoại trưởng Nga Sergei Lavrov"


def test_cleaning_in_worker_processes_gives_the_same_corpus(seeds, monkeypatch):
    serial = corpus(Inputs.find(seeds))  # called on its inputs, not a study: computed, not cached
    monkeypatch.setattr(workers, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    parallel = corpus(Inputs.find(seeds))
    pd.testing.assert_frame_equal(serial, parallel)
