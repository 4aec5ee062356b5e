"""Geometry repair shared by the checks and the editing workbench."""

import shapely

POLYGONAL = ("Polygon", "MultiPolygon")


def polygon_parts(geom):
    """Every Polygon inside `geom`, however deeply nested (make_valid may return a GeometryCollection
    holding a MultiPolygon, whose polygons a flat ``get_parts`` would miss)."""
    if geom is None or geom.is_empty:
        return []
    kind = geom.geom_type
    if kind == "Polygon":
        return [geom]
    if kind in ("MultiPolygon", "GeometryCollection"):
        return [p for part in shapely.get_parts(geom) for p in polygon_parts(part)]
    return []


def polygonal(geom):
    """`geom` as a Polygon or MultiPolygon: polygonal input unchanged, anything else reduced to its
    polygons (an empty Polygon when there are none)."""
    if geom is not None and geom.geom_type in POLYGONAL:
        return geom
    parts = polygon_parts(geom)
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def repaired(geom):
    """(polygonal repaired geometry, validity reason or "" when the input was valid)."""
    if geom is None or shapely.is_missing(geom) or geom.is_empty:
        return shapely.Polygon(), "empty"
    if shapely.is_valid(geom):
        return polygonal(geom), ""
    return polygonal(shapely.make_valid(geom)), shapely.is_valid_reason(geom)
