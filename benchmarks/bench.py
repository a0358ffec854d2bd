"""Speed and memory of the report set on a real corpus, against the cost of word segmentation alone; the same run on
a Dask cluster; and a corpus four times as large.

    python benchmarks/bench.py [CORPUS_DIR] [--scale N] [--csv outputs/benchmarks.csv] [--json PATH]

CORPUS_DIR defaults to ../shared/corpora/dantri-unc (2,653 Dân trí articles, never copied into the project); when it
is absent the script says so and exits 0. Steps, each timed (wall clock) with the peak RSS of the processes it
started (sampled every 0.2 s: the runner and all its descendants together, and the largest process alone):

1. baseline  underthesea word_tokenize over the same cleaned article text, one core, in this process;
2. cold      `vnnews run` on the corpus with an empty cache;
3. warm      the same again, cache kept, to another output folder;
4. dask      `vnnews run --scheduler` on a `distributed.LocalCluster` (one single-threaded worker process per
             core) with an empty cache; its tables are compared byte for byte with the cold run's;
5. seeds     `vnnews run` on seeds/ (warm) against the floor: papermill + nbconvert on as many empty notebooks;
6. growth    cold runs on 10 % and 30 % of the corpus (100 % is step 2);
7. scale     with `--scale N` (default 4; 1 skips it): a remix of N copies of every .txt article, built in a
             temporary folder (`remix`), run cold and warm;
8. export    a 100,000-row CSV export built from the corpus (each article repeated, its URL made unique), read
             and cleaned as a stream (the corpus stage's reading, rows counted and dropped): time and peak RSS
             against the file's size.

Results print as a table and go to the CSV (one row per step: step, seconds, ratio, ratio_of, peak_rss_mb,
largest_process_mb) and to a JSON file beside it (default: the CSV's name with .json) with the machine, the corpus
and the Dask comparison. Ratios are between steps of the same run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import platform
import random
import re
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


SAMPLE_SECONDS = 0.2
Measured = tuple[float, float, float]  # seconds, peak RSS of the processes together (MB), of the largest (MB)


def measure(command: list[str], env: dict | None = None, extra: tuple[psutil.Process, ...] = ()) -> Measured:
    """Run a command; return (seconds, peak RSS in MB of it, all its descendants and the `extra` processes (a
    LocalCluster's workers) together, peak RSS in MB of the largest of them)."""
    start = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = largest = 0
    while process.poll() is None:
        sizes = []
        for member in (process, *extra):
            try:
                sizes += [p.memory_info().rss for p in (member, *member.children(recursive=True))]
            except psutil.Error:  # ended between the listing and the reading
                pass
        tree_peak, largest = max(tree_peak, sum(sizes)), max([largest, *sizes])
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, tree_peak / 2**20, largest / 2**20


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


def run(corpus: Path, output: Path, cache: Path, scheduler: str = "",
        extra: tuple[psutil.Process, ...] = ()) -> Measured:
    """`vnnews run` into `output` with its own cache; on this machine (`--scheduler ''`, whatever the environment
    says) unless `scheduler` is given."""
    env = {**os.environ, "VNNEWS_CACHE": str(cache), "VNNEWS_PROGRESS": "0"}
    return measure([str(VNNEWS), "run", "--corpus", str(corpus), "--output", str(output), "--scheduler", scheduler],
                   env, extra)


def on_cluster(corpus: Path, output: Path, cache: Path) -> Measured:
    """A cold `vnnews run` on a LocalCluster of one single-threaded worker process per core; the workers' memory
    counts in the peaks, the scheduler's (in this process) does not."""
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)  # the table is the output (the baseline's imports log)
    with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        workers = tuple(psutil.Process(pid) for pid in client.run(os.getpid).values())
        return run(corpus, output, cache, cluster.scheduler_address, workers)


def differing_tables(first: Path, second: Path) -> tuple[int, list[str]]:
    """How many tables the first run wrote, and those the second wrote differently (or not at all)."""
    names = sorted(p.name for p in (first / "tables").glob("*.csv"))
    return len(names), [name for name in names if not (second / "tables" / name).is_file()
                        or (first / "tables" / name).read_bytes() != (second / "tables" / name).read_bytes()]


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


REMIX_DAYS = 40  # copy k is dated 40·k days later: never within the near-duplicate window of another copy
_URL_DAY = re.compile(r"(?<=-)(\d{8})(?=\d{9}\.htm$)")  # dantri: …-YYYYMMDDhhmmssmmm.htm


def remix(corpus_dir: Path, copies: int, folder: Path) -> Path:
    """`copies` new texts from every .txt article of `corpus_dir`, in `folder` with their metadata: copy k (1 … copies)
    has its body sentences (one a line, from the fourth line) shuffled, with a seed of its own, and its date moved
    40·k days, in the metadata and in the URL's date stamp, so that loading dates it and it is no near-duplicate of
    another copy (those are at most days apart). The copies' URLs are all different."""
    with open(corpus_dir / "metadata.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    folder.mkdir(parents=True)
    out = []
    for row in rows:
        lines = (corpus_dir / row["file"]).read_text(encoding="utf-8").split("\n")
        head, body = lines[:3], [line for line in lines[3:] if line]
        day = dt.date.fromisoformat(row["date"])
        for k in range(1, copies + 1):
            shifted = day + dt.timedelta(days=REMIX_DAYS * k)
            url, stamped = _URL_DAY.subn(shifted.strftime("%Y%m%d"), row["url"])
            url = url if stamped else f"{url}?remix={k}"  # a URL without the stamp stays unique all the same
            shuffled = random.Random(f"{row['file']}/{k}").sample(body, len(body))
            name = row["file"].replace(".txt", f"_remix{k}.txt")
            (folder / name).write_text("\n".join([url, *head[1:], *shuffled]) + "\n", encoding="utf-8")
            out.append({**row, "file": name, "url": url, "date": shifted.isoformat()})
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    return folder


def floor(n: int, work: Path) -> Measured:
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
    parser.add_argument("--scale", type=int, default=4, help="copies in the remixed corpus (default 4; 1: skip)")
    parser.add_argument("--csv", default=str(ROOT / "outputs" / "benchmarks.csv"))
    parser.add_argument("--json", help="the results as JSON (default: beside the CSV, with .json)")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        print(f"benchmark corpus {corpus} is absent: nothing to measure (pass its path as an argument)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="vnnews-bench-"))
    rows: list[dict] = []
    try:
        summary = steps(corpus, args.scale, work, rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write(rows, summary, Path(args.csv), Path(args.json) if args.json else Path(args.csv).with_suffix(".json"))
    return 0 if not summary["dask"]["differing"] else 1


def steps(corpus: Path, scale: int, work: Path, rows: list[dict]) -> dict:
    """Run every step into `work`, appending a row per step to `rows`; return what the rows do not hold."""
    def record(step: str, measured: Measured, reference: str = "", base: float | None = None) -> float:
        seconds, peak, largest = measured
        ratio = seconds / base if base else None
        rows.append({"step": step, "seconds": round(seconds, 1), "ratio": round(ratio, 3) if ratio else "",
                     "ratio_of": reference, "peak_rss_mb": round(peak), "largest_process_mb": round(largest)})
        print(f"{step:<22} {seconds:8.1f} s  {('%.2f× ' + reference) % ratio if ratio else '':<18} "
              f"{peak:8.0f} MB {largest:8.0f} MB", flush=True)
        return seconds

    seconds, peak, chars = baseline(corpus)
    print(f"corpus {corpus} ({chars:,} characters of cleaned text); {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'step':<22} {'wall clock':>10}  {'ratio':<18} {'peak tree':>11} {'largest':>11}")
    base = record("baseline", (seconds, peak, peak))
    cold = record("cold", run(corpus, work / "out-cold", work / "cache"), "baseline", base)
    record("warm", run(corpus, work / "out-warm", work / "cache"), "cold", cold)
    record("dask_cold", on_cluster(corpus, work / "out-dask", work / "cache-dask"), "cold", cold)
    tables, differing = differing_tables(work / "out-cold", work / "out-dask")
    print(f"dask: {tables - len(differing)} of {tables} tables byte-identical to the local run"
          + (f"; differing: {', '.join(differing)}" if differing else ""))
    run(ROOT / "seeds", work / "out-seeds", work / "cache")
    seeds = run(ROOT / "seeds", work / "out-seeds-2", work / "cache")
    empty = record("floor", floor(len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))), work))
    record("seeds_warm", seeds, "floor", empty)
    for share in (0.1, 0.3):
        part = subset(corpus, share, work / f"corpus-{int(share * 100)}")
        measured = run(part, work / f"out-{int(share * 100)}", work / f"cache-{int(share * 100)}")
        record(f"cold_{int(share * 100)}pct", measured, "cold", cold)
    texts = 0
    if scale > 1:
        remixed = remix(corpus, scale, work / f"corpus-{scale}x")
        texts = len(list(remixed.glob("*.txt")))
        print(f"remix: {texts:,} texts ({scale} copies of each article, sentences shuffled, dates moved)")
        big = record(f"cold_{scale}x", run(remixed, work / f"out-{scale}x", work / f"cache-{scale}x"), "cold", cold)
        record(f"warm_{scale}x", run(remixed, work / f"out-{scale}x-warm", work / f"cache-{scale}x"),
               f"cold_{scale}x", big)
    size = export(corpus, work / "export.csv")
    measured = measure([sys.executable, "-c", _STREAM, str(work / "export.csv")],
                       {**os.environ, "VNNEWS_PROGRESS": "0"})
    print(f"export: {EXPORT_ROWS:,} rows, {size / 2**20:,.0f} MB, read at {EXPORT_ROWS / measured[0]:,.0f} rows/s")
    record(f"export_{EXPORT_ROWS // 1000}k_csv_read", measured)
    return {"corpus": str(corpus), "characters": chars, "scale": scale, "remix_texts": texts,
            "dask": {"cluster": f"LocalCluster(n_workers={os.cpu_count()}, threads_per_worker=1, processes=True)",
                     "tables": tables, "differing": differing}}


def write(rows: list[dict], summary: dict, csv_path: Path, json_path: Path) -> None:
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    machine = {"processor": platform.processor() or platform.machine(), "cores": os.cpu_count(),
               "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version()}
    result = {"generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "machine": machine, **summary,
              "sample_seconds": SAMPLE_SECONDS, "steps": rows}
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {csv_path} and {json_path}")


if __name__ == "__main__":
    sys.exit(main())
