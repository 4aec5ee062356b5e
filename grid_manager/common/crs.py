"""Choice of a metric working CRS for geographic input."""

import math

# China's extent in longitude for the CGCS2000 3-degree Gauss-Krüger zones (CM 75°E … 135°E).
_CHINA_LON = (73.0, 136.5)
_CHINA_LAT = (3.0, 54.0)


def metric_epsg(lon, lat):
    """EPSG code of a projected CRS in metres suited to a place given in degrees.

    Inside China: CGCS2000 3-degree Gauss-Krüger zone without zone prefix (EPSG:4534–4554,
    e.g. EPSG:4548 = CM 117°E for Beijing).  Elsewhere: the WGS 84 UTM zone.
    """
    if _CHINA_LON[0] <= lon <= _CHINA_LON[1] and _CHINA_LAT[0] <= lat <= _CHINA_LAT[1]:
        cm = int(round(lon / 3.0)) * 3
        cm = min(135, max(75, cm))
        return 4534 + (cm - 75) // 3
    zone = int(math.floor((lon + 180.0) / 6.0)) % 60 + 1
    return (32600 if lat >= 0 else 32700) + zone
