from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vnnews.corpus import load_corpus
from vnnews.paths import seeds_dir


@pytest.fixture(scope="session")
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's cache."""
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("VNNEWS_PROGRESS", "0")


@pytest.fixture(scope="module")
def seeds_corpus(seeds) -> pd.DataFrame:
    return load_corpus(seeds)


@pytest.fixture(scope="module")
def seeds_no_metadata(seeds) -> pd.DataFrame:
    return load_corpus(seeds, metadata="")
