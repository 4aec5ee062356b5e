"""GeoPackage geometry bytes without SQL: blobs (``GP`` header + WKB) of points built with numpy and of any
shapely geometry, their reading, and bulk-packed R-tree nodes in SQLite's rtree node format. Used by the
fast point writer (:mod:`.gpkg_points`) and the embedded case store (:mod:`grid_manager.store.gpkg`)."""

import struct

import numpy as np
import shapely.wkb as shapely_wkb


def gpkg_blobs(x, y, srs_id):
    """GeoPackage geometry blobs of points: 8-byte GP header (version 0, little endian, no envelope)
    + 21-byte little-endian WKB Point, as a list of ``bytes``."""
    n = len(x)
    rec = np.zeros(
        n,
        dtype=[
            ("magic", "S2"),
            ("version", "u1"),
            ("flags", "u1"),
            ("srs", "<i4"),
            ("order", "u1"),
            ("type", "<u4"),
            ("x", "<f8"),
            ("y", "<f8"),
        ],
    )
    rec["magic"] = b"GP"
    rec["flags"] = 1  # little endian, no envelope, not empty, standard type
    rec["srs"] = srs_id
    rec["order"] = 1
    rec["type"] = 1  # wkbPoint
    rec["x"] = x
    rec["y"] = y
    raw = rec.tobytes()
    size = rec.dtype.itemsize
    return [raw[i : i + size] for i in range(0, n * size, size)]


def geometry_blob(geom, srs_id):
    """A shapely geometry -> GeoPackage binary (little endian; xy envelope except for points)."""
    body = shapely_wkb.dumps(geom, byte_order=1)
    if geom.geom_type == "Point":
        return b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", srs_id) + body
    minx, miny, maxx, maxy = geom.bounds
    return b"GP" + bytes([0, 0b00000011]) + struct.pack("<i4d", srs_id, minx, maxx, miny, maxy) + body


def read_blob(blob):
    """GeoPackage binary -> shapely geometry."""
    flags = blob[3]
    envelope = (flags >> 1) & 0b111
    size = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[envelope]
    return shapely_wkb.loads(bytes(blob[8 + size :]))


def _round_down(values):
    """float64 → float32 rounded towards -inf, as SQLite's rtreeValueDown."""
    f = values.astype(np.float32)
    over = f.astype(np.float64) > values
    if over.any():
        d = values[over]
        f[over] = (d * np.where(d < 0, 1.0 + 1.0 / 8388608.0, 1.0 - 1.0 / 8388608.0)).astype(np.float32)
    return f


def _round_up(values):
    """float64 → float32 rounded towards +inf, as SQLite's rtreeValueUp."""
    f = values.astype(np.float32)
    under = f.astype(np.float64) < values
    if under.any():
        d = values[under]
        f[under] = (d * np.where(d < 0, 1.0 - 1.0 / 8388608.0, 1.0 + 1.0 / 8388608.0)).astype(np.float32)
    return f


def _str_order(boxes, per_node):
    """Sort-tile-recursive order of boxes (minx, maxx, miny, maxy): vertical slabs of whole nodes
    by the x of the centre, each sorted by the y of the centre."""
    n = len(boxes)
    cx = boxes[:, 0].astype(np.float64) + boxes[:, 1]
    cy = boxes[:, 2].astype(np.float64) + boxes[:, 3]
    nodes = -(-n // per_node)
    slabs = int(np.ceil(np.sqrt(nodes)))
    slab = np.empty(n, dtype=np.int64)
    slab[np.argsort(cx, kind="stable")] = np.arange(n) // (slabs * per_node)
    by_y = np.argsort(cy, kind="stable")
    # then by slab, keeping the y order inside each (a stable sort of small integers is a radix sort)
    return by_y[np.argsort(slab[by_y].astype(np.int32 if slabs > 32767 else np.int16), kind="stable")]


def rtree_nodes(ids, boxes, node_size):
    """Pack entries into R-tree nodes.  ``ids`` are rowids, ``boxes`` float32 (n, 4) arrays of
    (minx, maxx, miny, maxy).  Returns ``(blobs, parents, leaf_of)``: node blobs by node number
    (index 0 = node 1, the root), ``(nodeno, parentnode)`` pairs, and the leaf node number of every
    entry (aligned with ``ids``)."""
    per_node = (node_size - 4) // 24
    levels = []  # bottom-up: (entry ids in node order, boxes in node order, node index of each entry)
    entry_ids = np.asarray(ids, dtype=np.int64)
    entry_boxes = np.asarray(boxes, dtype=np.float32)
    origin = np.arange(len(entry_ids))  # position of each entry in the previous level's order
    while True:
        n = len(entry_ids)
        if n <= per_node:
            order = np.arange(n)
        else:
            order = _str_order(entry_boxes, per_node)
        node_of = np.arange(n) // per_node
        levels.append((entry_ids[order], entry_boxes[order], node_of, origin[order]))
        if n <= per_node:
            break
        sorted_boxes = entry_boxes[order]
        starts = np.arange(0, n, per_node)
        node_boxes = np.column_stack(
            [
                np.minimum.reduceat(sorted_boxes[:, 0], starts),
                np.maximum.reduceat(sorted_boxes[:, 1], starts),
                np.minimum.reduceat(sorted_boxes[:, 2], starts),
                np.maximum.reduceat(sorted_boxes[:, 3], starts),
            ]
        )
        entry_ids = np.zeros(len(starts), dtype=np.int64)  # node numbers, assigned below
        entry_boxes = node_boxes
        origin = np.arange(len(starts))
    # Node numbers: the root is 1, then level by level from the top.
    counts = [int(level[2][-1]) + 1 if len(level[2]) else 1 for level in levels]
    numbers = []
    next_no = 1
    for count in reversed(counts):
        numbers.append(np.arange(next_no, next_no + count))
        next_no += count
    numbers.reverse()  # numbers[k]: node numbers of level k (bottom-up)
    cell = np.dtype([("id", ">i8"), ("box", ">f4", (4,))])
    node_dtype = np.dtype(
        {
            "names": ["depth", "count", "cells"],
            "formats": [">u2", ">u2", (cell, (per_node,))],
            "offsets": [0, 2, 4],
            "itemsize": node_size,
        }
    )
    nodes = np.zeros(next_no - 1, dtype=node_dtype)
    parents = []
    leaf_of = None
    for k, (eids, eboxes, node_of, origin) in enumerate(levels):
        if k > 0:  # entries are the nodes of the level below, in this level's order
            eids = numbers[k - 1][origin]
        rows = numbers[k][node_of] - 1
        slots = np.arange(len(node_of)) - node_of * per_node
        cells = nodes["cells"]
        cells["id"][rows, slots] = eids
        cells["box"][rows, slots] = eboxes
        nodes["count"][numbers[k] - 1] = np.bincount(node_of, minlength=len(numbers[k]))
        if k > 0:
            parents.append(np.column_stack([eids, numbers[k][node_of]]))
        else:
            leaf_of = np.empty(len(ids), dtype=np.int64)
            leaf_of[origin] = numbers[0][node_of]
    nodes["depth"][0] = len(levels) - 1
    raw = nodes.tobytes()
    blobs = [raw[i : i + node_size] for i in range(0, len(raw), node_size)]
    parents = np.concatenate(parents) if parents else np.empty((0, 2), dtype=np.int64)
    return blobs, parents, leaf_of
