"""The monthly review (月度评价报告): an HTML page with the KPI table of the period(s) and the top-10
grids and departments, in the UI language.  Plain Python: the algorithm passes the indicator tables of
:func:`grid_manager.cases.evaluation.evaluate`."""

import base64
import html

import numpy as np
import pandas as pd

from ..common.i18n import translate
from .evaluation import COUNTS, RATE_DEFINITIONS, score_table


def kpi_names():
    """Translated names of the indicators, in the order of the report."""
    return {
        "registration_rate": translate("Report", "Registration rate (立案率)"),
        "dispatch_accuracy": translate("Report", "Dispatch accuracy (派遣准确率)"),
        "ontime_rate": translate("Report", "On-time handling rate (按期处置率)"),
        "handling_rate": translate("Report", "Handling rate (处置率)"),
        "ontime_closing_rate": translate("Report", "On-time closing rate (按期结案率)"),
        "closing_rate": translate("Report", "Closing rate (结案率)"),
        "rework_rate": translate("Report", "Rework rate (返工率)"),
        "extension_rate": translate("Report", "Extension rate (延期率)"),
        "overdue_rate": translate("Report", "Overdue rate (超期率)"),
    }


def totals(table, weights=None, thresholds=None):
    """Indicators of all units together, per period (one row when the table has no periods): the counts
    summed, the rates recomputed from the sums (never averaged), then scored."""
    counts = [c for c in COUNTS if c in table.columns]
    if "period_start" in table.columns and table["period_start"].notna().any():
        grouped = table.groupby("period_start", dropna=False)[counts].sum().reset_index()
    else:
        grouped = pd.DataFrame([table[counts].sum()])
        grouped["period_start"] = pd.NaT
    # the indicator table keeps dispatched and returned: a dispatch is accurate unless returned
    grouped["dispatched_ok"] = grouped["dispatched"] - grouped["returned"]
    for rate, (num, den, _) in RATE_DEFINITIONS.items():
        n = grouped[num].to_numpy(dtype=float)
        d = grouped[den].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            grouped[rate] = np.where(d > 0, n / d, np.nan)
    if "dispatch_accuracy" in table.columns and table["dispatch_accuracy"].isna().all():
        grouped["dispatch_accuracy"] = np.nan  # returns not recorded
    return score_table(grouped.drop(columns=["dispatched_ok"]), weights, thresholds)


def top(table, n=10, by="reported"):
    """The ``n`` units with the largest ``by`` over the whole table (periods summed for counts; the
    score recomputed from the summed counts)."""
    if table is None or len(table) == 0:
        return None
    return table.sort_values([by, "unit_code"], ascending=[False, True], na_position="last").head(n)


def _pct(value):
    return "–" if value is None or pd.isna(value) else f"{100.0 * float(value):.1f} %"


def _num(value, digits=1):
    return "–" if value is None or pd.isna(value) else f"{float(value):.{digits}f}"


def _level(value, names):
    return names[None] if value is None or pd.isna(value) else f"{int(value)} {names[int(value)]}"


def map_figure(heading, png, legend, caption=""):
    """One map of the report: a heading, the PNG embedded as a data URI and its legend.

    ``legend``: ``[(label, colour '#rrggbb', features)]``."""
    e = html.escape
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    out = [f"<h2>{e(heading)}</h2>", '<figure class="map">', f'<img src="{uri}" alt="{e(heading)}">']
    if caption:
        out.append(f"<figcaption>{e(caption)}</figcaption>")
    out.append("</figure>")
    if legend:
        legend_head = e(translate("Report", "Legend"))
        count_head = e(translate("Report", "Features"))
        out.append(f'<table class="legend"><tr><th></th><th>{legend_head}</th><th>{count_head}</th></tr>')
        for label, colour, count in legend:
            swatch = f'<span class="swatch" style="background:{e(colour)}"></span>'
            out.append(f"<tr><td>{swatch}</td><td>{e(label)}</td><td>{int(count)}</td></tr>")
        out.append("</table>")
    return "\n".join(out)


def review_html(title, subtitle, kpis, top_grids, top_departments, names, notes=(), maps=()):
    """The report as one HTML page (UTF-8, no external resources).

    ``kpis``: :func:`totals`; ``top_grids`` / ``top_departments``: indicator tables (or None when the
    cases cannot give them; the reason is in ``notes``); ``names``: level names with ``None`` for "no
    score"; ``maps``: ``[(heading, png bytes, legend, caption)]`` (:func:`map_figure`), placed after the
    indicators."""
    e = html.escape
    kpi = kpi_names()
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
        "th,td{border:1px solid #bbb;padding:4px 8px;text-align:right}th:first-child,td:first-child"
        "{text-align:left}th{background:#eee}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}"
        ".note{color:#a33}figure.map{margin:1em 0}figure.map img{max-width:100%;border:1px solid #ccc}"
        "table.legend td{text-align:left}.swatch{display:inline-block;width:1.4em;height:1em;"
        "border:1px solid #666}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(subtitle)}</p>",
    ]
    for note in notes:
        out.append(f'<p class="note">{e(note)}</p>')
    # KPI table: indicators as rows, periods as columns
    out.append(f"<h2>{e(translate('Report', 'Indicators'))}</h2>")
    periods = [
        translate("Report", "Whole window") if pd.isna(p) else pd.Timestamp(p).strftime("%Y-%m-%d")
        for p in kpis["period_start"]
    ]
    out.append("<table><tr><th>" + e(translate("Report", "Indicator")) + "</th>")
    out.extend(f"<th>{e(p)}</th>" for p in periods)
    out.append("</tr>")
    rows = [(translate("Report", "Cases reported"), [str(int(v)) for v in kpis["reported"]])]
    rows += [(label, [_pct(v) for v in kpis[key]]) for key, label in kpi.items()]
    rows.append((translate("Report", "Score"), [_num(v) for v in kpis["score"]]))
    rows.append((translate("Report", "Level"), [_level(v, names) for v in kpis["level"]]))
    for label, values in rows:
        out.append("<tr><td>" + e(label) + "</td>" + "".join(f"<td>{e(v)}</td>" for v in values) + "</tr>")
    out.append("</table>")
    for heading, png, legend, caption in maps:
        out.append(map_figure(heading, png, legend, caption))
    for heading, frame, unit_label in (
        (translate("Report", "Top 10 grids by cases reported"), top_grids, translate("Report", "Grid")),
        (
            translate("Report", "Top 10 departments by cases reported"),
            top_departments,
            translate("Report", "Department"),
        ),
    ):
        out.append(f"<h2>{e(heading)}</h2>")
        if frame is None or len(frame) == 0:
            out.append(f"<p>{e(translate('Report', 'Not available for these cases.'))}</p>")
            continue
        cols = [
            translate("Report", "Rank"),
            unit_label,
            translate("Report", "Cases reported"),
            kpi["ontime_rate"],
            kpi["closing_rate"],
            kpi["overdue_rate"],
            translate("Report", "Score"),
            translate("Report", "Level"),
        ]
        out.append("<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in cols) + "</tr>")
        for rank, row in enumerate(frame.itertuples(index=False), 1):
            cells = [
                str(rank),
                str(row.unit_code),
                str(int(row.reported)),
                _pct(row.ontime_rate),
                _pct(row.closing_rate),
                _pct(row.overdue_rate),
                _num(row.score),
                _level(row.level, names),
            ]
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)
