"""The report's two drawings, as inline SVG: the timeline overview and the graph of who copies whom.

Drawn here rather than by a charting library because the report must stay one
offline file under a strict Content-Security-Policy: no script, no fonts, no
network; every label is escaped with ``markupsafe.escape``.
"""
from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup, escape

from histsift.outputs.present import span, squash


def _axis(spans: list[tuple[float, float]], width: float,
          brk: float = 26.0) -> tuple[list[tuple[float, float]], list[dict], list[float]]:
    """A time axis that gives each year with events room in proportion to them and squeezes empty stretches.

    Returns knots (time, x) for piecewise-linear mapping, the year slots drawn
    ({year, x0, x1}) and the x of each break.
    """
    weight: dict[int, float] = defaultdict(float)
    for t0, t1 in spans:
        if t1 - t0 <= 1.01:
            weight[int(t0 // 1)] += 1
        else:
            weight[int(t0 // 1)] += 0
            weight[int((t1 - 1e-9) // 1)] += 0
    years = sorted(weight)
    slots: list[int | None] = []
    for y in years:
        if slots and slots[-1] is not None and y - slots[-1] > 1:
            if y - slots[-1] <= 3:
                slots.extend(range(slots[-1] + 1, y))
            else:
                slots.append(None)      # a break
        slots.append(y)
    nbreaks = slots.count(None)
    total_w = sum(1.5 + weight.get(y, 0) for y in slots if y is not None) or 1
    unit = (width - nbreaks * brk) / total_w
    knots: list[tuple[float, float]] = []
    drawn, breaks = [], []
    x = 0.0
    for i, y in enumerate(slots):
        if y is None:
            breaks.append(x + brk / 2)
            x += brk
            continue
        w = (1.5 + weight.get(y, 0)) * unit
        knots += [(float(y), x), (float(y + 1), x + w)]
        drawn.append({"year": y, "x0": x, "x1": x + w})
        x += w
    return knots, drawn, breaks


def _at(knots: list[tuple[float, float]], t: float) -> float:
    if t <= knots[0][0]:
        return knots[0][1]
    for (ta, xa), (tb, xb) in zip(knots, knots[1:]):
        if t <= tb:
            return xa if tb == ta else xa + (xb - xa) * (t - ta) / (tb - ta)
    return knots[-1][1]


def timeline_svg(rows: list[dict]) -> Markup:
    """An overview of the timeline: a squeezed year axis, periods as bars, events as dots; disputed ones red."""
    items = [(r, span(r["value"])) for r in rows]
    items = [(r, s) for r, s in items if s is not None]
    if not items:
        return Markup("")
    left, right, width = 20.0, 20.0, 960.0
    knots, slots, breaks = _axis([s for _, s in items], width)
    lane_h, top = 16.0, 12.0
    lanes: list[float] = []
    shapes = []
    for r, (t0, t1) in sorted(items, key=lambda x: (x[1][0], -(x[1][1]))):
        x0, x1 = left + _at(knots, t0), left + _at(knots, t1)
        bar = x1 - x0 > 9
        ext = (x0, x1) if bar else ((x0 + x1) / 2 - 6, (x0 + x1) / 2 + 6)
        for i, end in enumerate(lanes):
            if end + 3 <= ext[0]:
                lanes[i] = ext[1]
                lane = i
                break
        else:
            lanes.append(ext[1])
            lane = len(lanes) - 1
        shapes.append((r, x0, x1, bar, lane))
    height_lanes = top + len(lanes) * lane_h
    axis_y = height_lanes + 8
    height = axis_y + 34
    widest = max(slots, key=lambda s: s["x1"] - s["x0"])
    focus = (left + (widest["x0"] + widest["x1"]) / 2) / (left + width + right)
    out = [f'<svg class="tl-svg" viewBox="0 0 {left + width + right:.0f} {height:.0f}" role="img" '
           f'aria-label="Overview of the timeline" data-focus="{focus:.3f}">']
    for s in slots:
        x0, x1 = left + s["x0"], left + s["x1"]
        out.append(f'<rect class="tl-year" x="{x0:.1f}" y="{top - 6:.1f}" width="{x1 - x0:.1f}" '
                   f'height="{axis_y - top + 6:.1f}"/>')
        out.append(f'<line class="tl-tick" x1="{x0:.1f}" y1="{axis_y:.1f}" x2="{x0:.1f}" y2="{axis_y + 6:.1f}"/>')
        label = f"{1 - s['year']} BC" if s["year"] <= 0 else str(s["year"])
        if x1 - x0 >= 34:
            out.append(f'<text class="tl-label" x="{(x0 + x1) / 2:.1f}" y="{axis_y + 20:.1f}">{label}</text>')
        if x1 - x0 >= 240:
            for m, letter in enumerate("JFMAMJJASOND"):
                mx = x0 + (x1 - x0) * (m + 0.5) / 12
                out.append(f'<text class="tl-month" x="{mx:.1f}" y="{axis_y - 3:.1f}">{letter}</text>')
    out.append(f'<line class="tl-axis" x1="{left:.1f}" y1="{axis_y:.1f}" x2="{left + width:.1f}" y2="{axis_y:.1f}"/>')
    for bx in breaks:
        x = left + bx
        out.append(f'<rect class="tl-gap" x="{x - 9:.1f}" y="{axis_y - 5:.1f}" width="18" height="10"/>'
                   f'<path class="tl-break" d="M{x - 7:.1f},{axis_y + 5:.1f} l5,-10 '
                   f'M{x + 2:.1f},{axis_y + 5:.1f} l5,-10"/>')
    for r, x0, x1, bar, lane in shapes:
        y = top + lane * lane_h + lane_h / 2
        cls = "tl-ev disputed" if r["conflict"] else "tl-ev"
        also = f" (also dated {', '.join(r['others'])})" if r["others"] else ""
        tip = escape(f"{r['date']}: {squash(r['title'])}{also}")
        shape = (f'<rect x="{x0:.1f}" y="{y - 4:.1f}" width="{x1 - x0:.1f}" height="8" rx="4"/>' if bar
                 else f'<circle cx="{(x0 + x1) / 2:.1f}" cy="{y:.1f}" r="5"/>')
        out.append(f'<a class="{cls}" href="#{r["id"]}"><title>{tip}</title>{shape}</a>')
    out.append("</svg>")
    return Markup("".join(out))


def copy_graph_svg(copies: list[dict]) -> Markup:
    """Which sources copy which: originals on the left, copies to their right; arrows follow the text."""
    if not copies:
        return Markup("")
    nodes = sorted({x["copier"] for x in copies} | {x["original"] for x in copies})
    name = {x["copier"]: x["copy_name"] for x in copies} | {x["original"]: x["original_name"] for x in copies}
    depth = {n: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for x in copies:
            if x["directed"] and depth[x["copier"]] < depth[x["original"]] + 1 <= len(nodes):
                depth[x["copier"]] = depth[x["original"]] + 1
                changed = True
        if not changed:
            break
    columns: dict[int, list[str]] = defaultdict(list)
    for n in sorted(nodes, key=lambda n: name[n]):
        columns[depth[n]].append(n)
    box_w, box_h, gap_x, gap_y, pad = 210.0, 34.0, 150.0, 26.0, 12.0
    pos = {}
    for col, members in columns.items():
        for row, n in enumerate(members):
            pos[n] = (pad + col * (box_w + gap_x), pad + row * (box_h + gap_y))
    width = pad * 2 + (max(columns) + 1) * box_w + max(columns) * gap_x
    height = pad * 2 + max(len(m) for m in columns.values()) * (box_h + gap_y) - gap_y
    out = [f'<svg class="copy-svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
           f'aria-label="Which sources copy which">'
           '<defs><marker id="copy-arrow" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="11" markerHeight="11" '
           'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" class="copy-head"/>'
           '</marker></defs>']
    placed: list[tuple[float, float]] = []
    labels: list[str] = []
    for x in sorted(copies, key=lambda x: x["score"]):
        (ax, ay), (bx, by) = pos[x["original"]], pos[x["copier"]]
        ay, by = ay + box_h / 2, by + box_h / 2
        if bx > ax:
            sx, ex = ax + box_w, bx
        else:
            sx, ex = ax, bx + box_w
        mx = (sx + ex) / 2
        cls = "copy-edge" if x["directed"] else "copy-edge unclear"
        stroke = 1.5 + 4 * x["score"]
        end = ex - (10 if x["directed"] and bx > ax else -10 if x["directed"] else 0)
        marker = ' marker-end="url(#copy-arrow)"' if x["directed"] else ""
        out.append(f'<path class="{cls}" stroke-width="{stroke:.1f}" d="M{sx:.1f},{ay:.1f} C{mx:.1f},{ay:.1f} '
                   f'{mx:.1f},{by:.1f} {end:.1f},{by:.1f}"{marker}>'
                   f'<title>{escape(x["copy_name"])} draws on {escape(x["original_name"])}: '
                   f'{x["score"]:.0%} aligned</title></path>')
        # the figure sits on its curve where it overlaps no figure placed before
        for t in (0.22, 0.5, 0.78, 0.35, 0.65, 0.1, 0.9):
            lx = (1 - t) ** 3 * sx + 3 * (1 - t) ** 2 * t * mx + 3 * (1 - t) * t ** 2 * mx + t ** 3 * end
            ly = (1 - t) ** 3 * ay + 3 * (1 - t) ** 2 * t * ay + 3 * (1 - t) * t ** 2 * by + t ** 3 * by
            if all(abs(lx - px) > 40 or abs(ly - py) > 18 for px, py in placed):
                break
        placed.append((lx, ly))
        labels.append(f'<text class="copy-pct" x="{lx:.1f}" y="{ly + 4.5:.1f}">{x["score"]:.0%}</text>')
    out += labels
    for n, (x, y) in pos.items():
        label = name[n] if len(name[n]) <= 27 else name[n][:26] + "…"
        out.append(f'<a href="#src-{n}" class="copy-node"><title>{escape(name[n])}</title>'
                   f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w:.0f}" height="{box_h:.0f}" rx="6"/>'
                   f'<text x="{x + box_w / 2:.1f}" y="{y + box_h / 2 + 4.5:.1f}">{escape(label)}</text></a>')
    out.append("</svg>")
    return Markup("".join(out))
