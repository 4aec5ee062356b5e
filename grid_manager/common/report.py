"""HTML summaries of partition runs and grid checks (translated, self-contained)."""

import html

import numpy as np

from .i18n import translate


def flag_explanations():
    return {
        "oversize_building": translate(
            "Report",
            "A single building (or group of overlapping buildings) holds more households "
            "than the target plus tolerance; it forms a grid of its own.",
        ),
        "indivisible_area": translate(
            "Report",
            "The area's total cannot be divided into a whole number of grids within the "
            "tolerance (e.g. 1,000 households with target 400: 2 grids give 500, 3 give 333).",
        ),
        "detached_piece": translate(
            "Report",
            "A detached piece of the area (an island or a part cut off by another grid) is too "
            "small for a grid of its own.",
        ),
        "no_households": translate("Report", "The piece has no households at all."),
        "coarse_atoms": translate(
            "Report",
            "The buildings here are too large relative to the target for a closer balance without cutting a building.",
        ),
    }


def summary_stats(deviation_pct, compactness, flags, tolerance_pct):
    dev = np.abs(np.asarray(deviation_pct, dtype=float))
    flags = list(flags)
    n = len(dev)
    ok = dev <= tolerance_pct + 1e-9
    excused = np.array([f == "oversize_building" for f in flags], dtype=bool)
    counted = ~excused
    pp = np.asarray(compactness, dtype=float)
    return {
        "grids": n,
        "within": int(ok.sum()),
        "within_share": float(ok[counted].mean()) if counted.any() else 1.0,
        "max_dev": float(dev.max()) if n else 0.0,
        "mean_dev": float(dev.mean()) if n else 0.0,
        "pp_mean": float(pp.mean()) if n else 0.0,
        "pp_min": float(pp.min()) if n else 0.0,
        "flags": {f: flags.count(f) for f in sorted(set(flags)) if f},
    }


def _table(headers, rows):
    out = ["<table><tr>" + "".join(f"<th>{html.escape(str(h))}</th>" for h in headers) + "</tr>"]
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def partition_html(title, stats, settings_rows, area_rows, messages, area_notes, tolerance_pct):
    """A complete HTML page. `area_rows`: (area code, grids, households, area m², within tol)."""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.6em 0}"
        "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}th{background:#eef2f6}"
        ".warn{color:#a15c00}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<h2>" + html.escape(translate("Report", "Summary")) + "</h2>",
        _table(
            [translate("Report", "Figure"), translate("Report", "Value")],
            [
                (translate("Report", "Grids"), stats["grids"]),
                (
                    translate("Report", "Grids within ±{tol} % of the target").format(tol=f"{tolerance_pct:g}"),
                    f"{stats['within']} ({100 * stats['within_share']:.1f} % "
                    + translate("Report", "of grids without an oversize building")
                    + ")",
                ),
                (translate("Report", "Largest deviation from the target"), f"{stats['max_dev']:.1f} %"),
                (translate("Report", "Mean absolute deviation"), f"{stats['mean_dev']:.1f} %"),
                (
                    translate("Report", "Compactness (Polsby-Popper) mean / min"),
                    f"{stats['pp_mean']:.3f} / {stats['pp_min']:.3f}",
                ),
            ],
        ),
        "<h2>" + html.escape(translate("Report", "Settings")) + "</h2>",
        _table([translate("Report", "Setting"), translate("Report", "Value")], settings_rows),
        "<h2>" + html.escape(translate("Report", "Areas")) + "</h2>",
        _table(
            [
                translate("Report", "Area code"),
                translate("Report", "Grids"),
                translate("Report", "Households"),
                translate("Report", "Area (m²)"),
                translate("Report", "Within tolerance"),
            ],
            area_rows,
        ),
    ]
    if stats["flags"]:
        expl = flag_explanations()
        parts.append("<h2>" + html.escape(translate("Report", "Grids that miss the tolerance")) + "</h2>")
        parts.append(
            _table(
                [translate("Report", "Flag"), translate("Report", "Grids"), translate("Report", "Why")],
                [(f, n, expl.get(f, "")) for f, n in stats["flags"].items()],
            )
        )
    notes = [(code, note) for code, lst in area_notes for note in lst]
    if notes:
        parts.append("<h2>" + html.escape(translate("Report", "Notes per area")) + "</h2>")
        parts.append(_table([translate("Report", "Area code"), translate("Report", "Note")], notes))
    if messages:
        parts.append("<h2>" + html.escape(translate("Report", "Input warnings")) + "</h2><ul>")
        parts.extend(f"<li class='warn'>{html.escape(text)}</li>" for _, text in messages)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
