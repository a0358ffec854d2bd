"""Duplicates (`corpus/duplicates.py`): two outlets reporting one meeting are near-duplicates."""

from __future__ import annotations

import pytest

from helpers import SEED_FILES


def test_two_outlets_reporting_the_same_meeting_are_near_duplicates(seeds_corpus):
    c = seeds_corpus.set_index("file")
    assert c.loc[SEED_FILES[4], "duplicate_of"] == SEED_FILES[3]
    assert c.loc[SEED_FILES[4], "similarity"] == pytest.approx(0.357, abs=0.001)
    assert (c.loc[SEED_FILES[:4], "duplicate_of"] == "").all()
