"""The SQL of plain GeoPackage files written by the fast point writer (:mod:`grid_manager.formats.gpkg_points`):
rows in multi-row INSERTs, fields joined from per-key lookup tables, the R-tree bulk-loaded into the rtree
module's shadow tables, the metadata tables brought up to date."""

import itertools

import numpy as np

from ..formats.gpkg_geometry import _round_down, _round_up, gpkg_blobs, rtree_nodes

_CHUNK_VALUES = 30000  # bound values per INSERT (SQLite's default limit is 32766)


def quote(name):
    return '"{}"'.format(str(name).replace('"', '""'))


def fill_rtree(con, rtree, ids, minx, maxx, miny, maxy):
    """Bulk-load the empty rtree virtual table ``rtree`` (2-D, 32-bit float) with boxes, writing its
    shadow tables in a connection that has not used the virtual table itself."""
    node_size = con.execute("SELECT length(data) FROM {} WHERE nodeno = 1".format(quote(rtree + "_node"))).fetchone()[0]
    boxes = np.column_stack(
        [
            _round_down(np.asarray(minx, dtype=np.float64)),
            _round_up(np.asarray(maxx, dtype=np.float64)),
            _round_down(np.asarray(miny, dtype=np.float64)),
            _round_up(np.asarray(maxy, dtype=np.float64)),
        ]
    )
    blobs, parents, leaf_of = rtree_nodes(ids, boxes, node_size)
    con.execute("DELETE FROM {}".format(quote(rtree + "_node")))
    con.executemany(
        "INSERT INTO {} (nodeno, data) VALUES (?, ?)".format(quote(rtree + "_node")),
        zip(range(1, len(blobs) + 1), blobs),
    )
    con.executemany(
        "INSERT INTO {} (nodeno, parentnode) VALUES (?, ?)".format(quote(rtree + "_parent")), parents.tolist()
    )
    _insert_rows(
        con,
        "INSERT INTO {} (rowid, nodeno) VALUES ".format(quote(rtree + "_rowid")),
        [np.asarray(ids).tolist(), leaf_of.tolist()],
    )


def _insert_rows(con, head, columns, tail=""):
    """Multi-row INSERTs of the column lists ``columns`` (one statement per chunk)."""
    ncol = len(columns)
    n = len(columns[0]) if columns else 0
    chunk = max(1, min(1000, _CHUNK_VALUES // max(1, ncol)))
    one = "(" + ",".join("?" * ncol) + ")"
    full = head + ",".join([one] * chunk) + tail
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        params = list(itertools.chain.from_iterable(zip(*(c[start:stop] for c in columns))))
        con.execute(full if stop - start == chunk else head + ",".join([one] * (stop - start)) + tail, params)


def fill(con, layer, prepared, x, y):
    """Fill the empty layer ``layer`` (created by GDAL) with the prepared rows and points in one transaction."""
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA journal_mode = OFF")  # a new file: on failure it is deleted
    con.execute("PRAGMA temp_store = MEMORY")
    n = len(prepared) if (prepared.direct or prepared.groups) else (len(x) if x is not None else 0)
    fid = next(row[1] for row in con.execute("PRAGMA table_info({})".format(quote(layer))) if row[5])
    triggers = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (layer,)
    ).fetchall()
    con.execute("BEGIN")
    for name, _sql in triggers:
        con.execute("DROP TRIGGER {}".format(quote(name)))
    ids = np.arange(1, n + 1, dtype=np.int64)
    names, values = [fid], [ids.tolist()]
    if x is not None:
        geom, srs_id = con.execute(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
        ).fetchone()
        names.append(geom)
        values.append(gpkg_blobs(x, y, srs_id))
    for name, column in prepared.direct.items():
        names.append(name)
        values.append(column)
    _insert_joined(con, layer, names, values, prepared.groups)
    if x is not None and n:
        fill_rtree(con, "rtree_{}_{}".format(layer, geom), ids, x, x, y, y)
        con.execute(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
            (float(x.min()), float(y.min()), float(x.max()), float(y.max()), layer),
        )
    con.execute(
        "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?", (layer,)
    )
    con.execute("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE table_name = ?", (n, layer))
    for _name, sql in triggers:
        con.execute(sql)
    con.execute("COMMIT")


def _insert_joined(con, layer, names, values, groups):
    """INSERT the rows: ``values`` bound row by row for ``names``; each group's fields joined from a
    temporary table of its distinct rows by the key bound in the row."""
    if not groups:
        head = "INSERT INTO {} ({}) VALUES ".format(quote(layer), ", ".join(quote(c) for c in names))
        _insert_rows(con, head, values)
        return
    select = ["v.column{}".format(k + 1) for k in range(len(names))]
    target = list(names)
    joins = []
    for g, (keys, members, rows) in enumerate(groups):
        table = "temp.gm_lookup_{}".format(g)
        con.execute(
            "CREATE TEMP TABLE gm_lookup_{} (k INTEGER PRIMARY KEY, {})".format(
                g, ", ".join("c{}".format(j) for j in range(len(members)))
            )
        )
        con.executemany(
            "INSERT INTO {} VALUES ({})".format(table, ", ".join("?" * (len(members) + 1))),
            [(k,) + tuple(row) for k, row in enumerate(rows)],
        )
        values.append(keys)
        joins.append("JOIN {} AS l{} ON l{}.k = v.column{}".format(table, g, g, len(values)))
        select += ["l{}.c{}".format(g, j) for j in range(len(members))]
        target += members
    head = "INSERT INTO {} ({}) SELECT {} FROM (VALUES ".format(
        quote(layer), ", ".join(quote(c) for c in target), ", ".join(select)
    )
    _insert_rows(con, head, values, ") AS v " + " ".join(joins))
    for g in range(len(groups)):
        con.execute("DROP TABLE temp.gm_lookup_{}".format(g))
