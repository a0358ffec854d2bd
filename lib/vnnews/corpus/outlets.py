"""Outlets: a page's domain → the outlet's name and type (`data/outlets.csv`: Party/State press, government,
provincial, mass organisation, commercial online, foreign state media in Vietnamese, overseas Vietnamese …)."""

from __future__ import annotations

from vnnews import lexicons
from vnnews.corpus.dates import host

_PREFIXES = ("m.", "amp.", "mobile.", "www.")


def lookup(domain: str) -> tuple[str, str] | None:
    """(outlet, outlet type) of a host: itself, without a mobile or AMP prefix, or its parent domains
    ("special.nhandan.vn" → nhandan.vn)."""
    registry = lexicons.outlets()
    domain = domain.lower().strip(".")
    while domain:
        if domain in registry:
            return registry[domain]
        bare = next((domain[len(p):] for p in _PREFIXES if domain.startswith(p)), None)
        if bare and bare in registry:
            return registry[bare]
        _, _, domain = domain.partition(".")
        if "." not in domain:
            return None
    return None


def assign_outlets(rows: list[dict]) -> None:
    """Name each row's outlet from the registry when it is known only by its URL's host (a name given by metadata,
    a column or a tag opening the lede is kept), and give its type."""
    types = {name: kind for name, kind in lexicons.outlets().values()}
    for row in rows:
        domain = host(row["url"])
        found = lookup(domain) if domain else None
        if found and row["outlet"] in ("", domain):
            row["outlet"] = found[0]
        row["outlet_type"] = found[1] if found else types.get(row["outlet"], "")
