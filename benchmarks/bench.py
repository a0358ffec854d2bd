"""Speed and memory of the report set on a real corpus, against the cost of word segmentation alone.

    python benchmarks/bench.py [CORPUS_DIR] [--csv outputs/benchmarks.csv]

CORPUS_DIR defaults to ../shared/corpora/dantri-unc (2,653 Dân trí articles, never copied into the project); when it
is absent the script says so and exits 0. Steps, each timed (wall clock) with the peak RSS of its whole process tree:

1. baseline  underthesea word_tokenize over the same cleaned article text, one core, in this process;
2. cold      `vnnews run` on the corpus with an empty cache;
3. warm      the same again, cache kept, to another output folder;
4. seeds     `vnnews run` on seeds/ (warm) against the floor: papermill + nbconvert on as many empty notebooks;
5. growth    cold runs on 10 % and 30 % of the corpus (100 % is step 2);
6. export    a 100,000-row CSV export built from the corpus (each article repeated, its URL made unique), read
             and cleaned as a stream (the corpus stage's reading, rows counted and dropped): time and peak RSS
             against the file's size.

Results print as a table and go to the CSV (one row per step: step, seconds, ratio, ratio_of, peak_rss_mb).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
VNNEWS = Path(sys.executable).with_name("vnnews")


def measure(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS in MB of it and all its children)."""
    start = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, peak / 2**20


def baseline(corpus_dir: Path) -> tuple[float, float, int]:
    """underthesea word_tokenize alone over the cleaned paragraphs, one core: (seconds, peak MB, characters)."""
    from underthesea import word_tokenize

    from vnnews.corpus import load_corpus
    from vnnews.text import document_paragraphs

    os.environ["VNNEWS_PROGRESS"] = "0"  # the table is the output
    corpus = load_corpus(corpus_dir)
    docs = corpus[corpus["status"] == "loaded"]
    paragraphs = [p for doc in document_paragraphs(docs) for p in doc]
    word_tokenize("Khởi động.")  # load the model outside the timing
    peak = [psutil.Process().memory_info().rss]

    def watch(stop: threading.Event) -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], psutil.Process().memory_info().rss)
            time.sleep(0.1)

    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(stop,))
    watcher.start()
    start = time.perf_counter()
    for paragraph in paragraphs:
        word_tokenize(paragraph)
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    return seconds, peak[0] / 2**20, sum(len(p) for p in paragraphs)


def run(corpus: Path, output: Path, cache: Path) -> tuple[float, float]:
    env = {**os.environ, "VNNEWS_CACHE": str(cache), "VNNEWS_PROGRESS": "0"}
    return measure([str(VNNEWS), "run", "--corpus", str(corpus), "--output", str(output)], env)


def subset(corpus: Path, share: float, folder: Path) -> Path:
    """Every n-th article (by file name) as links in `folder`, with the matching metadata rows."""
    files = sorted(p for p in corpus.glob("*.txt"))
    step = round(1 / share)
    chosen = files[::step]
    folder.mkdir(parents=True)
    for path in chosen:
        (folder / path.name).symlink_to(path)
    meta = corpus / "metadata.csv"
    if meta.is_file():
        names = {p.name for p in chosen}
        with open(meta, encoding="utf-8") as src, open(folder / "metadata.csv", "w", encoding="utf-8") as dst:
            rows = csv.reader(src)
            writer = csv.writer(dst, lineterminator="\n")
            writer.writerow(next(rows))
            writer.writerows(r for r in rows if r and r[0] in names)
    return folder


def floor(n: int, work: Path) -> tuple[float, float]:
    """papermill + nbconvert on `n` notebooks holding only a parameters cell, in one process."""
    script = f"""
import nbformat, papermill
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook
for i in range({n}):
    cell = new_code_cell("x = 1")
    cell.metadata["tags"] = ["parameters"]
    kernel = {{"name": "vnnews", "display_name": "vnnews", "language": "python"}}
    nb = new_notebook(cells=[cell], metadata={{"kernelspec": kernel}})
    path = r"{work}/empty_" + str(i) + ".ipynb"
    nbformat.write(nb, path)
    papermill.execute_notebook(path, path, parameters={{"x": 2}}, kernel_name="vnnews", progress_bar=False)
    HTMLExporter(template_name="lab", exclude_input=True).from_filename(path)
"""
    return measure([sys.executable, "-c", script])


EXPORT_ROWS = 100_000
_STREAM = """
import collections, sys
from vnnews.corpus.load import Inputs, read_rows
counts = collections.Counter(row["status"] for row in read_rows(Inputs.find(sys.argv[1]), {}))
print(dict(counts))
"""


def export(corpus_dir: Path, path: Path, rows: int = EXPORT_ROWS) -> int:
    """A CSV export of `rows` articles (`url, title, text, date`) from the corpus's .txt files, repeated in turn;
    returns its size in bytes."""
    articles = []
    dates = {}
    if (corpus_dir / "metadata.csv").is_file():
        with open(corpus_dir / "metadata.csv", encoding="utf-8") as fh:
            dates = {r["file"]: r.get("date", "") for r in csv.DictReader(fh)}
    for file in sorted(corpus_dir.glob("*.txt")):
        lines = file.read_text(encoding="utf-8").split("\n")
        url, title, body = (lines[0], lines[1], lines[2:]) if lines[0].startswith("http") else ("", lines[0], lines[1:])
        articles.append((url, title, "\n".join(body), dates.get(file.name, "")))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["url", "title", "text", "date"])
        for i in range(rows):
            url, title, text, date = articles[i % len(articles)]
            writer.writerow([f"{url}?copy={i}", title, text, date])
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpora" / "dantri-unc"))
    parser.add_argument("--csv", default=str(ROOT / "outputs" / "benchmarks.csv"))
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        print(f"benchmark corpus {corpus} is absent: nothing to measure (pass its path as an argument)")
        return 0
    n_notebooks = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    work = Path(tempfile.mkdtemp(prefix="vnnews-bench-"))
    rows = []

    def record(step: str, seconds: float, peak: float, reference: str = "", base: float | None = None) -> None:
        ratio = seconds / base if base else None
        rows.append({"step": step, "seconds": round(seconds, 1), "ratio": round(ratio, 3) if ratio else "",
                     "ratio_of": reference, "peak_rss_mb": round(peak)})
        print(f"{step:<12} {seconds:8.1f} s  {('%.2f× ' + reference) % ratio if ratio else '':<22} "
              f"peak {peak:6.0f} MB", flush=True)

    try:
        seconds, peak, chars = baseline(corpus)
        print(f"corpus {corpus} ({chars:,} characters of cleaned text); {platform.processor() or platform.machine()},"
              f" {os.cpu_count()} cores, Python {platform.python_version()}")
        record("baseline", seconds, peak)
        base = seconds
        cold, peak = run(corpus, work / "out-cold", work / "cache")
        record("cold", cold, peak, "baseline", base)
        warm, peak = run(corpus, work / "out-warm", work / "cache")
        record("warm", warm, peak, "cold", cold)
        seeds, peak = run(ROOT / "seeds", work / "out-seeds", work / "cache")
        seeds, peak = run(ROOT / "seeds", work / "out-seeds-2", work / "cache")
        empty, empty_peak = floor(n_notebooks, work)
        record("floor", empty, empty_peak)
        record("seeds_warm", seeds, peak, "floor", empty)
        for share in (0.1, 0.3):
            part = subset(corpus, share, work / f"corpus-{int(share * 100)}")
            seconds, peak = run(part, work / f"out-{int(share * 100)}", work / f"cache-{int(share * 100)}")
            record(f"cold_{int(share * 100)}pct", seconds, peak, "cold", cold)
        size = export(corpus, work / "export.csv")
        seconds, peak = measure([sys.executable, "-c", _STREAM, str(work / "export.csv")],
                                {**os.environ, "VNNEWS_PROGRESS": "0"})
        print(f"export: {EXPORT_ROWS:,} rows, {size / 2**20:,.0f} MB, read at {EXPORT_ROWS / seconds:,.0f} rows/s")
        record(f"export_{EXPORT_ROWS // 1000}k_csv_read", seconds, peak)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    with open(args.csv, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"written to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
