"""Outlets (`corpus/outlets.py`, `data/outlets.csv`): the registry is well formed; domains resolve through mobile,
AMP and sub-domains; a name that metadata gives is kept."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import SHARED
from vnnews.corpus.outlets import assign_outlets, lookup
from vnnews.paths import data_table

TYPES = {"party_state", "government", "provincial", "mass_organisation", "commercial_online", "foreign_state_vi",
         "overseas_vietnamese", "other"}


def test_the_registry_has_one_row_per_domain_a_known_type_and_a_source():
    table = data_table("outlets.csv")
    assert list(table.columns) == ["domain", "outlet", "outlet_type", "source"]
    assert table["domain"].is_unique and (table["domain"] == table["domain"].str.lower()).all()
    assert not table["domain"].str.startswith("www.").any()
    assert set(table["outlet_type"]) <= TYPES
    assert table["source"].str.startswith("http").all() and table["outlet"].str.len().gt(0).all()
    assert len(table) >= 80 and {"foreign_state_vi", "party_state", "provincial"} <= set(table["outlet_type"])


def test_domains_resolve_through_mobile_amp_and_sub_domains():
    assert lookup("dantri.com.vn") == ("Dân trí", "party_state")
    assert lookup("m.dantri.com.vn") == lookup("amp.dantri.com.vn") == lookup("dantri.com.vn")
    assert lookup("special.nhandan.vn") == lookup("nhandan.vn")
    assert lookup("example.invalid") is None and lookup("vn") is None


def test_a_name_given_by_metadata_is_kept_and_the_type_added():
    rows = [{"url": "https://dantri.com.vn/a.htm", "outlet": "dantri.com.vn"},
            {"url": "https://dantri.com.vn/b.htm", "outlet": "Báo Dân trí điện tử"},
            {"url": "https://example.invalid/c.htm", "outlet": "example.invalid"},
            {"url": "", "outlet": "Dân trí"}]
    assign_outlets(rows)
    assert [(r["outlet"], r["outlet_type"]) for r in rows] == [
        ("Dân trí", "party_state"), ("Báo Dân trí điện tử", "party_state"), ("example.invalid", ""),
        ("Dân trí", "party_state")]


@pytest.mark.skipif(not (SHARED / "corpora" / "vnru-pages").is_dir(), reason="../shared is not beside the project")
def test_every_outlet_of_the_development_corpus_is_registered():
    meta = pd.read_csv(SHARED / "corpora" / "vnru-pages" / "metadata.csv", dtype=str, keep_default_na=False)
    missing = sorted(d for d in set(meta["domain"]) if lookup(d) is None)
    assert missing == []
