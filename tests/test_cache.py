"""Stage cache: computed once, then served from memory or disk; keyed by content and code."""

from __future__ import annotations

import pandas as pd

from vnnews import cache


def test_a_stage_is_computed_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2]})

    first = cache.stage("demo", "key-1", compute)
    first["b"] = 0  # a caller adding a column does not change the cached value
    second = cache.stage("demo", "key-1", compute)
    assert calls == [1] and list(second.columns) == ["a"]
    cache._MEMORY.clear()
    assert list(cache.stage("demo", "key-1", compute)["a"]) == [1, 2] and calls == [1]  # from disk
    cache.stage("demo", "key-2", compute)
    assert calls == [1, 1]
    assert len(list((tmp_path / "stages" / "demo").glob("*.pkl"))) == 2


def test_keys_follow_content_not_identity():
    assert cache.content_key(["a", "b"], b"x") == cache.content_key(["a", "b"], b"x")
    assert cache.content_key(["a", "b"]) != cache.content_key(["b", "a"])
    assert len(cache.code_version()) == 16
