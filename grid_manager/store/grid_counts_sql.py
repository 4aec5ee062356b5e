"""Aggregate queries for the hotspot statistics when the cases live in PostGIS.

The per-grid counts are computed by the database (one row per grid and period) instead of
fetching every case point.  The grids come from any QGIS layer, so they are sent with the query as
WKB literals; each case is counted once, in the first grid (lowest index) whose polygon contains
it, exactly like :func:`grid_manager.cases.hotspots.assign_points`.
"""

PERIOD_UNITS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def quote_ident(name):
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(value):
    return "'" + str(value).replace("'", "''") + "'"


def table_sql(schema, table, sql_query=""):
    """The FROM item of a PostGIS layer: a table/view or the layer's own SQL query."""
    if sql_query:
        return "(" + sql_query + ")"
    return (quote_ident(schema) + "." if schema else "") + quote_ident(table)


def local_time_sql(column, zone=None, aware=True):
    """SQL of a time column as a local wall-clock time in ``zone``: a ``timestamptz`` column is
    converted (``AT TIME ZONE``), a naive ``timestamp`` column already holds local times."""
    if zone and aware:
        return "({} AT TIME ZONE {})".format(column, quote_literal(zone))
    return column


def where_sql(subset="", classes=(), states=(), start=None, end=None, time_field="reported_at", zone=None, aware=True):
    """WHERE clause for the layer's own filter plus the class/state/time filters.  With ``zone``, ``start``
    and ``end`` are local times in that zone (naive), compared with the local time of each case;
    without, UTC times."""
    terms = []
    if subset:
        terms.append("(" + subset + ")")
    if classes:
        terms.append(
            "("
            + " OR ".join(
                "class_code LIKE " + quote_literal(c.replace("%", "").replace("_", "") + "%") for c in classes
            )
            + ")"
        )
    if states:
        terms.append("lower(state) IN (" + ", ".join(quote_literal(s.lower()) for s in states) + ")")
    if zone:
        local = local_time_sql(quote_ident(time_field), zone, aware)
        if start is not None:
            terms.append("{} >= {}::timestamp".format(local, quote_literal(_iso_local(start))))
        if end is not None:
            terms.append("{} < {}::timestamp".format(local, quote_literal(_iso_local(end))))
    else:
        if start is not None:
            terms.append("{} >= {}::timestamptz".format(quote_ident(time_field), quote_literal(_iso_utc(start))))
        if end is not None:
            terms.append("{} < {}::timestamptz".format(quote_ident(time_field), quote_literal(_iso_utc(end))))
    return (" WHERE " + " AND ".join(terms)) if terms else ""


def _iso_utc(ts):
    return ts.strftime("%Y-%m-%d %H:%M:%S") + "+00"


def _iso_local(ts):
    return ts.strftime("%Y-%m-%d %H:%M:%S.%f")


def period_sql(period, time_field="reported_at", zone=None, aware=True):
    """Expression of the period start (local time in ``zone``; UTC without a zone), or NULL for a
    single period.  Weeks start on Monday (``date_trunc('week', …)``)."""
    if period in PERIOD_UNITS:
        return "date_trunc({}, {})".format(
            quote_literal(PERIOD_UNITS[period]), local_time_sql(quote_ident(time_field), zone or "UTC", aware)
        )
    return "NULL::timestamp"


def counts_by_location_sql(
    source,
    geom_col,
    key_col,
    srid,
    grid_wkb_hex,
    where="",
    period="all",
    time_field="reported_at",
    has_kind=True,
    zone=None,
    aware=True,
):
    """Rows ``(grid_index, period_start, kind, n)``; grid_index -1 = outside every grid."""
    values = ",\n".join(
        "({}, ST_SetSRID(ST_GeomFromWKB(decode({}, 'hex')), {}))".format(i, quote_literal(h), int(srid))
        for i, h in enumerate(grid_wkb_hex)
    )
    geom = "c." + quote_ident(geom_col)
    key = "c." + quote_ident(key_col) if key_col else "c.ctid"
    per = period_sql(period, "c_" + time_field, zone, aware)
    return (
        "WITH g(i, geom) AS (VALUES\n" + values + "),\n"
        "c AS (SELECT {key} AS c_key, {geom} AS c_geom, {kind} AS c_kind, {tf} AS {ctf} "
        "FROM {src} AS c{where}),\n"
        "hit AS (SELECT DISTINCT ON (c.c_key) c.c_key, g.i FROM c JOIN g ON ST_Intersects(g.geom, c.c_geom) "
        "ORDER BY c.c_key, g.i)\n"
        "SELECT coalesce(hit.i, -1) AS grid_index, {per} AS period_start, c.c_kind AS kind, count(*) AS n "
        "FROM c LEFT JOIN hit ON hit.c_key = c.c_key GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ).format(
        key=key,
        geom=geom,
        tf="c." + quote_ident(time_field),
        ctf=quote_ident("c_" + time_field),
        src=source,
        where=where,
        per=per,
        kind="c.kind" if has_kind else "NULL::text",
    )


def counts_by_code_sql(source, where="", period="all", time_field="reported_at", has_kind=True, zone=None, aware=True):
    """Rows ``(grid_code, period_start, kind, n)`` grouped by the case's recorded grid code."""
    return (
        "SELECT grid_code::text, {per} AS period_start, {kind} AS kind, count(*) AS n FROM {src}{where} "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ).format(
        per=period_sql(period, time_field, zone, aware),
        src=source + " AS s",
        kind="kind" if has_kind else "NULL::text",
        where=where,
    )


def ogr_time_text_sql(layer_name, fields):
    """OGR SQL (dialect ``OGRSQL``) reading date-time fields of a file layer as text, which keeps the
    zone each value was stored with (GDAL 3.6's Arrow stream and QGIS 3.22 drop it)."""
    columns = ", ".join("CAST({0} AS character(64)) AS {0}".format(quote_ident(f)) for f in fields)
    return "SELECT {} FROM {}".format(columns, quote_ident(layer_name))


def distinct_cases_sql(source, subset="", key_col=""):
    """The FROM item of the layer's cases with every ``case_code`` once (the row with the lowest
    ``key_col`` — a real column — or any one without it); rows without a code are all kept.  The rows
    carry a unique text ``gm_case_key``.  ``subset``: the layer's own filter."""
    ident = "d." + quote_ident(key_col) if key_col else None
    unique = "coalesce(d.case_code::text, 'gm-row:' || d::text)"
    return "(SELECT DISTINCT ON ({u}) d.*, {u} AS gm_case_key FROM {src} AS d{where} ORDER BY {u}{key})".format(
        u=unique,
        src=source,
        where=(" WHERE (" + subset + ")") if subset else "",
        key=", " + ident if ident else "",
    )


def case_quality_sql(source, subset="", time_field="reported_at", has_code=True, has_time=True):
    """One row: (records, records repeating a case_code, records without a time, up to five repeated
    codes as text) of the layer's cases (``subset``: its own filter)."""
    where = (" WHERE (" + subset + ")") if subset else ""
    repeated = "count(case_code) - count(DISTINCT case_code)" if has_code else "0"
    no_time = "count(*) FILTER (WHERE {} IS NULL)".format(quote_ident(time_field)) if has_time else "0"
    examples = (
        "(SELECT string_agg(c, ', ') FROM (SELECT case_code::text AS c FROM {src} AS e{where} GROUP BY 1 "
        "HAVING count(*) > 1 ORDER BY 1 LIMIT 5) AS x)".format(src=source, where=where)
        if has_code
        else "NULL::text"
    )
    return "SELECT count(*), {r}, {t}, {x} FROM {src} AS q{where}".format(
        r=repeated, t=no_time, x=examples, src=source, where=where
    )
