"""A reliability sketch per source, from what the board already knows.

Not a verdict: four signals a reader weighs for themselves. How much of the
page was web chrome, whether it is cut short, how much of it is taken from
another source in the pile, and how often it stands alone against other
sources in a contradiction (a lone dissenter is either an error or a scoop;
either way it needs checking).
"""
from __future__ import annotations

from histsift.model import Conflict, Source


def sketch(sources: list[Source], derived: dict[str, list[dict]], conflicts: list[Conflict]) -> dict[str, dict]:
    """source id → {boilerplate_share, truncated, preview, copied_share, copies, conflicts, lone_side}."""
    out = {}
    for s in sources:
        rows = derived.get(s.id, [])
        out[s.id] = {
            "boilerplate_share": round(s.boilerplate_share(), 3),
            "truncated": "truncated" in s.flags,
            "preview": "preview" in s.flags,
            # a derivation's score is the share of the copying source's passages aligned with the other
            "copied_share": round(max((d["score"] for d in rows), default=0.0), 3),
            "copies": [d["source"] for d in rows],
            "conflicts": 0,
            "lone_side": 0,
        }
    for c in conflicts:
        sides = [{x.source for x in side.citations} for side in c.sides]
        for k, who in enumerate(sides):
            for sid in who:
                if sid in out:
                    out[sid]["conflicts"] += 1
            others = set().union(*(w for j, w in enumerate(sides) if j != k)) - who
            if len(who) == 1 and len(others) >= 2:
                (sid,) = who
                if sid in out:
                    out[sid]["lone_side"] += 1
    return out
