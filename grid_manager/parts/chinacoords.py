"""GCJ-02 and BD-09 ↔ WGS84 (vectorised numpy).

PROJ has no GCJ-02 (the obfuscated datum of Chinese web maps) nor BD-09 (Baidu's extra offset on
top of it).  The forward transforms are the published formulas; the inverses are solved by fixed
point iteration to well under a millimetre — never the one-step inverse, which is metres off.
Points outside China are left unchanged by GCJ-02, as the web maps do.

All functions take and return ``(lon, lat)`` in degrees (scalars or numpy arrays).
"""

import numpy as np

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0
_TOLERANCE = 1e-10  # degrees (~0.01 mm) for the iterative inverses
_MAX_ITER = 30


def out_of_china(lon, lat):
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta(lon, lat):
    x = lon - 105.0
    y = lat - 35.0
    sx = np.sqrt(np.abs(x))
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * sx
        + common
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * sx
        + common
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return dlon, dlat


def _out(lon, lat, scalar):
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def _prepare(lon, lat):
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    return np.array(lon, dtype=float, ndmin=1), np.array(lat, dtype=float, ndmin=1), scalar


def wgs84_to_gcj02(lon, lat):
    lon, lat, scalar = _prepare(lon, lat)
    dlon, dlat = _delta(lon, lat)
    outside = out_of_china(lon, lat) | ~np.isfinite(lon) | ~np.isfinite(lat)
    glon = np.where(outside, lon, lon + dlon)
    glat = np.where(outside, lat, lat + dlat)
    return _out(glon, glat, scalar)


def _invert(forward, lon, lat):
    """Solve forward(w) = g for w by fixed-point iteration, starting at w = g."""
    wlon, wlat = lon.copy(), lat.copy()
    active = np.isfinite(lon) & np.isfinite(lat)
    index = np.flatnonzero(active)  # the points still iterating
    for _ in range(_MAX_ITER):
        if not len(index):
            break
        if len(index) == len(lon):  # all of them: no gathering and scattering
            flon, flat = forward(wlon, wlat)
            elon = flon - lon
            elat = flat - lat
            wlon -= elon
            wlat -= elat
        else:
            flon, flat = forward(wlon[index], wlat[index])
            elon = flon - lon[index]
            elat = flat - lat[index]
            wlon[index] -= elon
            wlat[index] -= elat
        done = (np.abs(elon) < _TOLERANCE) & (np.abs(elat) < _TOLERANCE)
        index = index[~done]
    return wlon, wlat


def gcj02_to_wgs84(lon, lat):
    lon, lat, scalar = _prepare(lon, lat)
    wlon, wlat = _invert(wgs84_to_gcj02, lon, lat)
    return _out(wlon, wlat, scalar)


def gcj02_to_bd09(lon, lat):
    lon, lat, scalar = _prepare(lon, lat)
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return _out(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006, scalar)


def bd09_to_gcj02(lon, lat):
    lon, lat, scalar = _prepare(lon, lat)
    glon, glat = _invert(gcj02_to_bd09, lon, lat)
    return _out(glon, glat, scalar)


def wgs84_to_bd09(lon, lat):
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


WGS84 = "wgs84"
GCJ02 = "gcj02"
BD09 = "bd09"
_TO_WGS = {WGS84: lambda x, y: _prepare(x, y)[:2], GCJ02: gcj02_to_wgs84, BD09: bd09_to_wgs84}
_FROM_WGS = {WGS84: lambda x, y: _prepare(x, y)[:2], GCJ02: wgs84_to_gcj02, BD09: wgs84_to_bd09}


def convert(lon, lat, source, target):
    """Convert between ``"wgs84"``, ``"gcj02"`` and ``"bd09"`` (arrays of lon/lat degrees)."""
    lon, lat = _TO_WGS[source](lon, lat)
    return _FROM_WGS[target](lon, lat)


def ground_distance(lon1, lat1, lon2, lat2):
    """Great-circle distance in metres (spherical, good to 0.5 % — for tests and reports)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


# ------------------------------------------------------------------------------------------------
# Whole geometries, Z and M kept
# ------------------------------------------------------------------------------------------------
_RUNS = {2, 8}  # LineString, CircularString: one run of points
_RINGS = {3, 17}  # Polygon, Triangle: runs of rings
_COLLECTIONS = {4, 5, 6, 7, 9, 10, 11, 12, 15, 16}  # Multi*, collections, compound curves, curve polygons…


def _point_runs(wkb):
    """Where the points of a WKB (ISO or extended) geometry lie: ``[(offset, n, dims, endian)]``, one
    per point, line or ring, in WKB order.  Every geometry type is walked, curves included."""
    import struct

    runs = []

    def walk(pos):
        endian = "<" if wkb[pos] == 1 else ">"
        (code,) = struct.unpack_from(endian + "I", wkb, pos + 1)
        pos += 5
        has_z, has_m = bool(code & 0x80000000), bool(code & 0x40000000)  # extended (PostGIS) WKB flags
        if code & 0x20000000:
            pos += 4  # an SRID
        code &= 0x0FFFFFFF
        base, dim = code % 1000, code // 1000
        has_z = has_z or dim in (1, 3)
        has_m = has_m or dim in (2, 3)
        dims = 2 + has_z + has_m
        if base == 1:
            runs.append((pos, 1, dims, endian))
            return pos + 8 * dims
        (count,) = struct.unpack_from(endian + "I", wkb, pos)
        pos += 4
        if base in _RUNS:
            runs.append((pos, count, dims, endian))
            return pos + 8 * dims * count
        if base in _RINGS:
            for _ring in range(count):
                (n,) = struct.unpack_from(endian + "I", wkb, pos)
                runs.append((pos + 4, n, dims, endian))
                pos += 4 + 8 * dims * n
            return pos
        if base in _COLLECTIONS:
            for _part in range(count):
                pos = walk(pos)
            return pos
        raise ValueError("unknown WKB geometry type {}".format(code))

    walk(0)
    return runs


def convert_wkb(wkbs, source, target):
    """Convert WKB geometries (lon/lat) vertex by vertex between ``source`` and ``target``: only x and
    y change — Z and M values, curves, ring structure and byte order are kept exactly.  None stays
    None.  All vertices of the list are converted in one vectorised call."""
    buffers, layouts, xs, ys = [], [], [], []
    for wkb in wkbs:
        if wkb is None:
            buffers.append(None)
            layouts.append(())
            continue
        buf = bytearray(wkb)
        runs = _point_runs(buf)
        for pos, n, dims, endian in runs:
            points = np.frombuffer(buf, dtype=endian + "f8", count=n * dims, offset=pos).reshape(n, dims)
            xs.append(points[:, 0])
            ys.append(points[:, 1])
        buffers.append(buf)
        layouts.append(runs)
    if not xs:
        return [None if b is None else bytes(b) for b in buffers]
    lon, lat = convert(np.concatenate(xs), np.concatenate(ys), source, target)
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    k = 0
    for buf, runs in zip(buffers, layouts):
        for pos, n, dims, endian in runs:
            points = np.frombuffer(buf, dtype=endian + "f8", count=n * dims, offset=pos).reshape(n, dims)
            points[:, 0] = lon[k : k + n]
            points[:, 1] = lat[k : k + n]
            k += n
    return [None if b is None else bytes(b) for b in buffers]
