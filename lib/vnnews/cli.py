"""The `vnnews` command:
`vnnews run [--corpus PATH] [--metadata CSV] [--columns ROLE=COLUMN,...] [--select QUERY] [--output DIR]
[--only NAME ...] [--scheduler ADDRESS] [-p NAME VALUE ...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vnnews.errors import InputError
from vnnews.paths import corpus_path, output_path
from vnnews.run import parse_value, run

# The options that name a run's inputs and outputs: (flag, metavar, help).
RUN_OPTIONS = (
    ("--corpus", "PATH", "a folder of articles (searched recursively: .txt, .html, .csv, .tsv, .jsonl, .ndjson, "
                         ".parquet, .warc, .warc.gz) or one such file (default: the project's seeds/)"),
    ("--metadata", "CSV", "metadata CSV with at least a 'file' column (default: metadata.csv in the corpus folder, "
                          "if present; '' for none)"),
    ("--columns", "ROLE=COLUMN,...", "the columns of table exports that hold text, title, date, url or outlet, "
                                     "when their names are not recognised (e.g. text=noidung,date=ngay_dang)"),
    ("--select", "QUERY", "keep only the articles on a subject: a query name of vnnews/data/queries.yaml (e.g. "
                          "vietnam-russia) or a query (words, \"phrases\", AND, OR, NOT, parentheses)"),
    ("--output", "DIR", "where reports, tables and figures go (default: outputs/)"),
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="vnnews", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    cmd = commands.add_parser("run", help="execute the notebooks and write HTML reports, tables and figures")
    for flag, metavar, text in RUN_OPTIONS:
        cmd.add_argument(flag, metavar=metavar, help=text)
    cmd.add_argument("--only", metavar="NAME", nargs="+", help="run only these notebooks (e.g. 00_corpus or corpus)")
    cmd.add_argument("--scheduler", metavar="ADDRESS",
                     help="send segmentation, tagging and the reading of records to this Dask scheduler (e.g. "
                          "tcp://10.0.0.5:8786; default: DASK_SCHEDULER_ADDRESS if set; '' for this machine)")
    cmd.add_argument("-p", "--parameter", metavar=("NAME", "VALUE"), nargs=2, action="append", default=[],
                     help="set a notebook parameter; VALUE is read as YAML (10, true, [a, b])")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    corpus, output = corpus_path(args.corpus), output_path(args.output)
    metadata = str(Path(args.metadata).expanduser().resolve()) if args.metadata else args.metadata  # "" = none
    if not corpus.exists():
        print(f"vnnews: corpus {corpus} does not exist (give a folder or a file)", file=sys.stderr)
        return 2
    if metadata and not Path(metadata).is_file():
        print(f"vnnews: metadata file {metadata} does not exist", file=sys.stderr)
        return 2
    overrides = {name: parse_value(value) for name, value in args.parameter}
    overrides |= {name: value for name, value in (("columns", args.columns), ("select", args.select)) if value}
    try:  # bad input stops the run before any notebook runs
        results = run(corpus, metadata, output, args.only, overrides, echo=print, scheduler=args.scheduler)
    except InputError as exc:
        print(f"vnnews: {exc}", file=sys.stderr)
        return 2
    failed = [r.name for r in results if r.status != "ok"]
    print(f"reports: {output / 'reports' / 'index.html'}")
    if failed:
        print(f"vnnews: {len(failed)} notebook(s) failed: {', '.join(failed)} (see their reports)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
