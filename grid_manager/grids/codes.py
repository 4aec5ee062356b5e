"""Grid codes: 12-digit community code + 3-digit serial (15 digits, DB11/T 2157-2023 style).

Serials run west→east within rows, rows from north to south.  Rows are bands as high as a
typical grid of the area, so a slightly lower neighbour still counts as the same row.
"""

import math
import re

import numpy as np
import shapely

AREA_CODE_RE = re.compile(r"^\d{12}$")
GRID_CODE_RE = re.compile(r"^\d{15}$")
MAX_SERIAL = 999


def valid_area_code(code):
    return bool(code) and AREA_CODE_RE.match(code) is not None


def valid_grid_code(code):
    return bool(code) and GRID_CODE_RE.match(code) is not None


def reading_order(geoms):
    """Indices of `geoms` in reading order: rows north→south, west→east within a row."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return np.zeros(0, dtype=int)
    pts = shapely.point_on_surface(geoms)
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    row_h = math.sqrt(max(float(np.median(shapely.area(geoms))), 1e-12))
    band = np.floor((y.max() - y) / row_h + 0.5).astype(int)
    return np.lexsort((x, band))


def grid_code(area_code, serial, area_id=None):
    if area_code:
        return f"{area_code}{serial:03d}"
    return f"{area_id}-{serial:03d}"


def number_grids(grids, area_code, area_id, first_serial=1):
    """Give each Grid of one area a serial and code in reading order."""
    order = reading_order([g.geometry for g in grids])
    for n, i in enumerate(order):
        serial = first_serial + n
        grids[i].serial = serial
        grids[i].code = grid_code(area_code, serial, area_id)
    return grids
