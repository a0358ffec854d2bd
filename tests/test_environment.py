"""The set-up files agree: environment.yml pins exactly what requirements.lock pins."""

from __future__ import annotations

import re

import yaml

from vnnews.paths import project_root


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        if match := re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line.strip()):
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def test_environment_yml_mirrors_the_lock_file():
    lock = pins((project_root() / "requirements.lock").read_text(encoding="utf-8").splitlines())
    env = yaml.safe_load((project_root() / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == lock
    assert "python=3.11" in env["dependencies"]
    for package in ("underthesea", "pandas", "papermill", "nbconvert", "jupyterlab", "matplotlib", "wordcloud",
                    "scikit-learn"):
        assert package in lock


def test_notebooks_are_committed_without_outputs():
    import nbformat

    for path in sorted((project_root() / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        assert nb.metadata.kernelspec.name == "vnnews"


def test_make_lab_starts_as_root_on_localhost_with_extra_arguments():
    import os
    import subprocess

    printed = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "lab",
                              "ARGS=--port=8899 --no-browser"],
                             cwd=project_root(), capture_output=True, text=True, check=True).stdout
    command = next(line for line in printed.splitlines() if "jupyter lab" in line)
    assert "jupyter lab --notebook-dir=. --ServerApp.ip=127.0.0.1" in command
    assert command.rstrip().endswith("--port=8899 --no-browser")
    assert ("--allow-root" in command) == (os.getuid() == 0)
    assert "token" not in command.lower()  # the server keeps its token
