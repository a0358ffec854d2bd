"""Compare the tables of two `vnnews run` output folders: which are byte-identical, and where the others differ.

    python benchmarks/compare_outputs.py OLD_OUTPUT NEW_OUTPUT

For a change that must not alter results (a refactoring), every table should be "same". Otherwise it lists, per
table, the number of differing lines; for `corpus.csv` the files and columns that changed (old → new), and for
`cleaning_audit.csv` the removals only one side has, so each changed row can be traced to its cause.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def corpus_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    old, new = old.set_index("file"), new.set_index("file")
    lines = [f"  only in one: {sorted(set(old.index) ^ set(new.index))}"] if set(old.index) ^ set(new.index) else []
    common = old.index.intersection(new.index)
    columns = old.columns.intersection(new.columns)
    changed = old.loc[common, columns] != new.loc[common, columns]
    for file in changed.index[changed.any(axis=1)]:
        cells = {c: f"{old.at[file, c]} → {new.at[file, c]}" for c in columns[changed.loc[file]]}
        lines.append(f"  {file}: {cells}")
    return lines


def audit_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    merged = old.merge(new, how="outer", indicator=True)
    lines = []
    for (side, rule), rows in merged[merged["_merge"] != "both"].groupby(["_merge", "rule"]):
        label = "only before" if side == "left_only" else "only after"
        lines.append(f"  {label}: {rule} × {len(rows)} ({', '.join(sorted(set(rows['file'])))})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args()
    old_tables, new_tables = args.old / "tables", args.new / "tables"
    names = sorted({p.name for p in old_tables.glob("*.csv")} | {p.name for p in new_tables.glob("*.csv")})
    differing = 0
    for name in names:
        old, new = old_tables / name, new_tables / name
        if not old.is_file() or not new.is_file():
            print(f"only in {'new' if new.is_file() else 'old'}  {name}")
            differing += 1
            continue
        if old.read_bytes() == new.read_bytes():
            print(f"same      {name}")
            continue
        differing += 1
        old_lines, new_lines = old.read_text().splitlines(), new.read_text().splitlines()
        changed = len(set(old_lines) ^ set(new_lines))
        print(f"differs   {name}: {changed} lines in one only ({len(old_lines)} → {len(new_lines)} lines)")
        detail = {"corpus.csv": corpus_changes, "cleaning_audit.csv": audit_changes}.get(name)
        if detail:
            print("\n".join(detail(read(old), read(new))))
    print(f"{len(names) - differing} of {len(names)} tables byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
