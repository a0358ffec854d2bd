from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vnnews.corpus import load_corpus
from vnnews.paths import seeds_dir


@pytest.fixture(scope="session")
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture(autouse=True, scope="session")
def isolated_cache(tmp_path_factory):
    """Tests never read or write the user's cache: set for the whole session, before any fixture of a wider scope
    than a test (a module's runs of `vnnews run`) starts a kernel."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNNEWS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
        patch.setenv("VNNEWS_PROGRESS", "0")
        yield


@pytest.fixture(scope="module")
def seeds_corpus(seeds) -> pd.DataFrame:
    return load_corpus(seeds)


@pytest.fixture(scope="module")
def seeds_no_metadata(seeds) -> pd.DataFrame:
    return load_corpus(seeds, metadata="")
