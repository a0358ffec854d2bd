"""The corpus table (`corpus/table.py`): the audit per rule."""

from __future__ import annotations

import pandas as pd

from vnnews import corpus as vc


def test_audit_summary_per_rule():
    audit = pd.DataFrame({"file": ["a", "a", "b"], "rule": ["byline", "widget", "byline"], "n_chars": [5, 30, 7],
                          "excerpt": ""})
    assert vc.audit_summary(audit).values.tolist() == [["widget", 1, 30, 1], ["byline", 2, 12, 2]]
