"""Every path the project uses, derived from one place.

The project root is the folder that holds `notebooks/` and `seeds/`; with an editable install (what `make` does)
it is two levels above this file. `VNNEWS_PROJECT` overrides it, `VNNEWS_CACHE` moves the segmentation cache.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def project_root() -> Path:
    if "VNNEWS_PROJECT" in os.environ:
        return Path(os.environ["VNNEWS_PROJECT"]).resolve()
    candidate = PACKAGE_DIR.parents[1]
    if (candidate / "notebooks").is_dir():
        return candidate
    return Path.cwd()


def seeds_dir() -> Path:
    return project_root() / "seeds"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def outputs_dir() -> Path:
    return project_root() / "outputs"


def cache_dir() -> Path:
    return Path(os.environ.get("VNNEWS_CACHE") or project_root() / ".cache" / "vnnews")


def resolve_run_paths(corpus_dir: str | None, metadata: str | None, output_dir: str | None) -> tuple[Path, Path | None, Path]:
    """Turn notebook parameters (None = project default) into absolute paths.

    `metadata` None means `metadata.csv` in the corpus folder when it exists; an empty string means no metadata.
    """
    corpus = Path(corpus_dir).expanduser().resolve() if corpus_dir else seeds_dir()
    if metadata is None:
        meta = corpus / "metadata.csv"
        meta_path = meta if meta.is_file() else None
    else:
        meta_path = Path(metadata).expanduser().resolve() if metadata else None
    out = Path(output_dir).expanduser().resolve() if output_dir else outputs_dir()
    return corpus, meta_path, out
