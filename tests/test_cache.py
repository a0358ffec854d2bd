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


def test_a_stage_result_passed_on_unchanged_is_keyed_by_its_stage(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    frame = cache.stage("demo", "key-3", lambda: pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    by_content = cache.content_key(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    assert cache.stage_key(frame) is not None
    assert cache.content_key(frame) != by_content  # the stage key, not a hash of the cells
    column = frame["b"]
    assert cache.stage_key(column) is None  # derived: hashed by content
    assert cache.content_key(column) == cache.content_key(pd.Series(["x", "y"], name="b"))


def test_a_changed_stage_result_is_hashed_by_content_again(tmp_path, monkeypatch):
    monkeypatch.setenv("VNNEWS_CACHE", str(tmp_path))
    make = lambda: pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})  # noqa: E731
    edited = cache.stage("demo", "key-4", make)
    edited.loc[0, "a"] = 5  # copy-on-write gives the copy its own array
    assert cache.stage_key(edited) is None
    assert cache.content_key(edited) == cache.content_key(pd.DataFrame({"a": [5, 2], "b": ["x", "y"]}))
    widened = cache.stage("demo", "key-4", make)
    widened["c"] = 0
    renamed = cache.stage("demo", "key-4", make)
    renamed.columns = ["p", "q"]
    reindexed = cache.stage("demo", "key-4", make)
    reindexed.index = [7, 8]
    assert [cache.stage_key(f) for f in (widened, renamed, reindexed)] == [None, None, None]
    assert cache.stage("demo", "key-4", make)["a"].tolist() == [1, 2]  # the cached value never changed


def test_frames_differing_only_in_dtype_have_different_keys():
    assert cache.content_key(pd.DataFrame({"a": [True, False]})) != cache.content_key(pd.DataFrame({"a": [1, 0]}))
