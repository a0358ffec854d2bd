"""Run stage: validate parameters, execute the notebooks with papermill, render HTML, write the index and run.json.

Output contract (OUTPUT = `--output`, default `outputs/`):
`notebooks/NN_name.ipynb` executed with its parameters recorded; `reports/NN_name.html` (no code cells) and
`reports/index.html`; `tables/*.csv`; `figures/*.png`; `run.json` (the index, machine-readable).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

import yaml

from vnnews import __version__
from vnnews.errors import INPUT_ERRORS, ParameterError
from vnnews.paths import PACKAGE_DIR, notebooks_dir
from vnnews.workers import SCHEDULER_ENV, cluster_summary, scheduler_address

# nbformat imports jsonschema, which imports rfc3987-syntax when installed (JupyterLab's jupyter-events brings it)
# to check the "iri" string format, which notebooks never use; building that grammar costs ≈ 3 s per process, more
# than executing a notebook. The runner goes without it (jsonschema skips the format when the import fails).
sys.modules.setdefault("rfc3987_syntax", None)

KERNEL = "vnnews"
VERSIONED = ("vnnews", "underthesea", "pandas", "scikit-learn", "matplotlib", "wordcloud", "papermill", "nbconvert")
# Parameters whose values come from a fixed set, checked before anything runs.
CHOICES = {"period": ("M", "Q", "Y")}


@dataclass
class Result:
    name: str
    status: str = "not run"
    seconds: float = 0.0
    error: str = ""
    parameters: dict = field(default_factory=dict)


def notebooks(only: list[str] | None = None, folder: Path | None = None) -> list[Path]:
    """The collection's notebooks (`NN_name.ipynb`) in order; `only` selects by `NN_name`, `name` or `NN`."""
    found = sorted(p for p in (folder or notebooks_dir()).glob("[0-9][0-9]_*.ipynb"))
    if not only:
        return found
    chosen = [p for p in found if any(sel in (p.stem, p.stem[3:], p.stem[:2]) for sel in only)]
    unknown = [sel for sel in only if not any(sel in (p.stem, p.stem[3:], p.stem[:2]) for p in found)]
    if unknown:
        raise ParameterError(f"no notebook named {', '.join(unknown)}; choose from {', '.join(p.stem for p in found)}")
    return chosen


def declared_parameters(path: Path) -> dict[str, dict]:
    """The parameters a notebook's `parameters` cell declares: name → {default, type}."""
    import papermill

    return {name: {"default": spec["default"], "type": spec["inferred_type_name"]}
            for name, spec in papermill.inspect_notebook(str(path)).items()}


def parse_value(text: str):
    """A command-line value as YAML: `10`, `true`, `[a, b]`, `null`, or a plain string."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool, "list": list, "dict": dict,
          "None": type(None)}


def check_type(name: str, value, annotation: str) -> None:
    """Check a value against the parameter's annotation (`str | None`, `int`, `list[str]`).

    Parameters without an annotation (papermill reports "None") accept any value.
    """
    if annotation in ("None", ""):
        return
    for alternative in (a.strip() for a in annotation.split("|")):
        base, _, inner = alternative.partition("[")
        if base not in _TYPES:
            return  # an annotation this check does not know: accept rather than block a run
        if isinstance(value, bool) and base != "bool":
            continue
        if isinstance(value, _TYPES[base]):
            inner = inner.rstrip("]")
            if base == "list" and inner in _TYPES and not all(isinstance(v, _TYPES[inner]) for v in value):
                continue
            return
    raise ParameterError(f"parameter {name} expects {annotation}, got {value!r}")


def plan(paths: list[Path], common: dict, overrides: dict) -> dict[Path, dict]:
    """Parameters for each notebook; raises ParameterError before anything runs."""
    declared = {path: declared_parameters(path) for path in paths}
    known = set().union(*(d.keys() for d in declared.values())) if declared else set()
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ParameterError(f"unknown parameter {', '.join(unknown)}; the notebooks take: {', '.join(sorted(known))}")
    result = {}
    for path, params in declared.items():
        chosen = {k: v for k, v in {**common, **overrides}.items() if k in params}
        for name, value in chosen.items():
            check_type(name, value, params[name]["type"])
            if name in CHOICES and value not in CHOICES[name]:
                raise ParameterError(f"parameter {name} must be one of {', '.join(CHOICES[name])}, got {value!r}")
        result[path] = chosen
    return result


def _kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


def _quiet_input_errors(nb_path: Path) -> None:
    """Replace the traceback of a user-input error with its message, so the report shows only what to fix."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    changed = False
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in INPUT_ERRORS:
                output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
                changed = True
    if changed:
        nbformat.write(nb, nb_path)


def render_html(nb_path: Path, html_path: Path) -> None:
    """Render an executed notebook to HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    # JupyterLab's look, without the scripts its template loads from CDNs: a report works offline
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(PACKAGE_DIR / "templates")],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")


@contextlib.contextmanager
def shared_kernel(name: str, cwd: Path, env: dict[str, str] | None = None):
    """One kernel for all the notebooks of a run: imports and cached stages (`vnnews.cache`) are paid once.
    `env`: the kernel's environment (default: this process's); a restarted kernel keeps it."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=str(cwd), env=env)
    try:
        yield km
    finally:
        km.shutdown_kernel(now=True)


# Delete the previous notebook's names but not the module's dunders: `%reset` also wipes `__main__.__spec__`,
# which worker processes started with "spawn" need.
_RESET = ("for _name in [n for n in list(globals()) if not n.startswith('_') and n not in ('In', 'Out', 'exit', "
          "'quit', 'get_ipython')]:\n    del globals()[_name]\nimport gc; gc.collect()")


def _reset(km) -> None:
    """Clear the kernel's namespace before the next notebook (a dead kernel is restarted), so each runs on its
    own."""
    if not km.is_alive():
        km.restart_kernel(now=True)
        return
    client = km.client()
    client.start_channels()
    try:
        # the reply on the shell channel says the code has run: no need to wait for the kernel's output channel to
        # settle (`wait_for_ready` listens to it for 0.2 s)
        sent = client.execute(_RESET, silent=True, store_history=False)
        while client.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != sent:
            pass
    finally:
        client.stop_channels()


def execute(path: Path, parameters: dict, output: Path, km) -> Result:
    """Execute one notebook with papermill in the shared kernel (into `output`/notebooks); a failure is recorded,
    not raised."""
    import papermill

    result = Result(path.stem, parameters=parameters)
    executed = output / "notebooks" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        # saved when done (or failed), not after every cell: a report's notebook carries the tables' library (≈ 1 MB)
        papermill.execute_notebook(str(path), str(executed), parameters=parameters, kernel_name=km.kernel_name,
                                   km=km, cwd=str(path.parent), progress_bar=sys.stderr.isatty(), log_output=False,
                                   request_save_on_cell_execute=False)
        result.status = "ok"
    except papermill.PapermillExecutionError as exc:
        result.status, result.error = "failed", f"{exc.ename}: {exc.evalue}"
        _quiet_input_errors(executed)
    result.seconds = round(time.perf_counter() - start, 1)
    return result


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            found[name] = "not installed"
    found["vnnews"] = __version__
    return found


def check_inputs(overrides: dict) -> None:
    """Raise an InputError for export columns or a subject query that cannot be read (imported here, not by the
    command: the kernel boots while pandas loads)."""
    from vnnews.corpus.select import load_query
    from vnnews.corpus.tables import parse_columns

    parse_columns(str(overrides.get("columns", "")))
    load_query(str(overrides.get("select", "")))


def run(corpus_dir: Path, metadata: str | None, output: Path, only: list[str] | None = None,
        overrides: dict | None = None, echo=print, scheduler: str | None = None) -> list[Result]:
    """Execute the chosen notebooks on a corpus; write reports, index.html and run.json under `output`.

    `metadata`: None = the notebooks' default (metadata.csv in the corpus folder, if present), "" = none, or a path.
    `scheduler`: a Dask scheduler address for the per-document work (see `workers.scheduler_address`: None = the
    environment's, "" = this machine); raises ClusterError before anything runs when it does not answer.
    """
    start = time.time()
    common = {"corpus_dir": str(corpus_dir), "output_dir": str(output)}
    if metadata is not None:
        common["metadata"] = metadata
    paths = notebooks(only)
    os.environ.setdefault("VNNEWS_PROGRESS", "0")  # progress bars belong to the terminal, not to the reports
    os.environ["VNNEWS_REPORT"] = "1"  # the kernel executes for a static report: no widget to type into
    address = scheduler_address(scheduler)
    if address:
        echo(f"Dask scheduler {address}: {cluster_summary(address)}")
    # set even when empty: the kernel then runs locally whatever DASK_SCHEDULER_ADDRESS says, as the runner decided
    env = {**os.environ, SCHEDULER_ENV: address}
    results, rendered = [], []
    # the kernel boots while the inputs and parameters are checked, and each report renders while the next
    # notebook runs
    with shared_kernel(_kernel_name(), paths[0].parent, env) as km, ThreadPoolExecutor(max_workers=1) as renderer:
        check_inputs(overrides or {})
        planned = plan(paths, common, overrides or {})
        output.mkdir(parents=True, exist_ok=True)
        for number, (path, parameters) in enumerate(planned.items()):
            if number:
                _reset(km)
            echo(f"running {path.stem} …")
            result = execute(path, parameters, output, km)
            echo(f"  {result.status} in {result.seconds:.1f} s" + (f": {result.error}" if result.error else ""))
            results.append(result)
            rendered.append(renderer.submit(render_html, output / "notebooks" / path.name,
                                            output / "reports" / f"{path.stem}.html"))
        for report in rendered:
            report.result()  # a rendering error is raised here, not lost in the thread
    write_index(output, common, overrides or {}, results)
    if (summary := read_summary(output / "tables" / "corpus.csv", (overrides or {}).get("select", ""), start)):
        echo(summary)
    return results


def read_summary(table: Path, select: str, since: float) -> str:
    """What the run read, from the corpus table it wrote: "12,480 records from 3 files: 11,902 loaded, 578 skipped
    (reasons in corpus.csv), 1,204 selected by vietnam-russia"; "" when this run wrote no corpus table."""
    import csv  # not pandas: the runner process stays light, and a warm run cheap

    if not table.is_file() or table.stat().st_mtime < since:
        return ""
    with open(table, encoding="utf-8", newline="") as fh:
        rows = [(r["file"], r["status"], r.get("selected", "")) for r in csv.DictReader(fh)]
    files = len({file.split("#")[0] for file, _, _ in rows})
    loaded = sum(status == "loaded" for _, status, _ in rows)
    text = (f"{len(rows):,} records from {files:,} files: {loaded:,} loaded, {len(rows) - loaded:,} skipped "
            "(reasons in corpus.csv)")
    if select:
        text += f", {sum(selected == 'true' for _, _, selected in rows):,} selected by {select}"
    return text


def write_index(output: Path, common: dict, overrides: dict, results: list[Result]) -> None:
    manifest = {
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpus_dir": common["corpus_dir"],
        "metadata": common.get("metadata"),
        "output_dir": common["output_dir"],
        "parameters": overrides,
        "versions": versions(),
        "notebooks": [asdict(r) for r in results],
    }
    (output / "run.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (output / "reports").mkdir(parents=True, exist_ok=True)
    (output / "reports" / "index.html").write_text(index_html(manifest), encoding="utf-8")


def _metadata_label(metadata: str | None) -> str:
    return "metadata.csv in the corpus folder, if present" if metadata is None else metadata or "none"


def index_html(manifest: dict) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td><a href=\"{e(r['name'])}.html\">{e(r['name'])}</a></td><td class=\"{e(r['status'])}\">"
        f"{e(r['status'])}</td><td>{r['seconds']:.1f} s</td><td>{e(r['error'])}</td></tr>"
        for r in manifest["notebooks"]
    )
    params = "".join(f"<li><code>{e(k)}</code> = <code>{e(json.dumps(v, ensure_ascii=False))}</code></li>"
                     for k, v in manifest["parameters"].items()) or "<li>notebook defaults</li>"
    vers = ", ".join(f"{e(k)} {e(v)}" for k, v in manifest["versions"].items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vnnews reports</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}
.failed{{color:#b00;font-weight:bold}}.ok{{color:#070}}</style></head><body>
<h1>vnnews reports</h1>
<p>Generated {e(manifest['generated'])}.</p>
<h2>Reports</h2>
<table><tr><th>notebook</th><th>status</th><th>duration</th><th>error</th></tr>{rows}</table>
<h2>Run</h2>
<ul><li>corpus: <code>{e(manifest['corpus_dir'])}</code></li>
<li>metadata: <code>{e(_metadata_label(manifest['metadata']))}</code></li>
<li>output: <code>{e(manifest['output_dir'])}</code></li></ul>
<h3>Parameters given</h3><ul>{params}</ul>
<h3>Versions</h3><p>{vers}</p>
<p>Tables are in <code>../tables/</code>, figures in <code>../figures/</code>, executed notebooks in
<code>../notebooks/</code>; <code>../run.json</code> holds this page as data.</p>
</body></html>
"""
