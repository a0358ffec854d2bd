"""Every path the project uses, derived from one place.

The project root is the folder that holds `notebooks/` and `seeds/`; with an editable install (what `make` does)
it is two levels above this file. `VNNEWS_PROJECT` overrides it; `VNNEWS_CACHE` moves the cache (segmentation,
POS tags, stage results, tables and figures; see the README).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def data_lines(name: str) -> list[str]:
    """A lexicon of one entry per line from vnnews/data, without blank lines and `#` comments."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def data_table(name: str):
    """A CSV lexicon from vnnews/data, every value as text (blank cells are empty strings)."""
    import pandas as pd

    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)


def project_root() -> Path:
    if "VNNEWS_PROJECT" in os.environ:
        return Path(os.environ["VNNEWS_PROJECT"]).resolve()
    candidate = PACKAGE_DIR.parents[1]
    if (candidate / "notebooks").is_dir():
        return candidate
    return Path.cwd()


def seeds_dir() -> Path:
    return project_root() / "seeds"


def annotations_dir() -> Path:
    """Hand annotations of the seeds (`seeds_officials.csv`: every titled official), beside seeds/ rather than in
    it: the corpus folder holds only what was scraped."""
    return project_root() / "annotations"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def outputs_dir() -> Path:
    return project_root() / "outputs"


def cache_dir() -> Path:
    return Path(os.environ.get("VNNEWS_CACHE") or project_root() / ".cache" / "vnnews")


def corpus_path(corpus_dir: str | None) -> Path:
    """A notebook's `corpus_dir` parameter as a path; None or "" = the project's seeds/."""
    return Path(corpus_dir).expanduser().resolve() if corpus_dir else seeds_dir()


def output_path(output_dir: str | None) -> Path:
    """A notebook's `output_dir` parameter as a path; None or "" = the project's outputs/."""
    return Path(output_dir).expanduser().resolve() if output_dir else outputs_dir()
