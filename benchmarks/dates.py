"""Dates without metadata, measured: vnnews dates a corpus from its URLs and texts alone (`--metadata ''`) and
each date is compared with a known one.

    python benchmarks/dates.py [CORPUS] [--annotations annotations/vnru_dates.csv]

CORPUS (default ../shared/corpora/vnru-pages) must hold `metadata.csv` with a `date` column (blank where the page
does not state one): right / wrong / blank against it. With `--annotations` (hand annotations with `half, file,
date, earliest, latest`), the same per half: rules were developed on half A, half B is held back. Not in the
project: the corpus's licence does not allow shipping it; skips cleanly when it is absent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpora" / "vnru-pages"))
    parser.add_argument("--annotations", default=str(ROOT / "annotations" / "vnru_dates.csv"))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "metadata.csv").is_file():
        print(f"skipped: no corpus with metadata.csv at {corpus}")
        return 0
    import os

    os.environ.setdefault("VNNEWS_CACHE", tempfile.mkdtemp(prefix="vnnews-dates-"))
    os.environ["VNNEWS_PROGRESS"] = "0"
    from vnnews.corpus.dates import judge, scores
    from vnnews.study import Study

    docs = Study(corpus, "").corpus
    docs = docs[docs["status"] == "loaded"]
    pd.set_option("display.width", 160)
    truth = pd.read_csv(corpus / "metadata.csv", dtype=str, keep_default_na=False)
    judged = judge(docs, truth)
    print(f"{corpus.name}, dated from URL and text only, against metadata.csv:")
    print(scores(judged).to_string(index=False))
    print("\nby source:", docs["date_source"].replace("", "(undated)").value_counts().to_dict())
    wrong = judged[judged["verdict"] == "wrong"]
    if len(wrong):
        print("\nwrong:\n" + wrong.to_string(index=False))
    annotations = Path(args.annotations)
    if annotations.is_file():
        gold = pd.read_csv(annotations, dtype=str, keep_default_na=False)
        for half, rows in gold.groupby("half"):
            print(f"\nagainst {annotations.name}, half {half} ({'developed on' if half == 'A' else 'held back'}):")
            print(scores(judge(docs, rows)).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
