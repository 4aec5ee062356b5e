"""Which Python packages the plugin needs, which of them this QGIS lacks, and how to install them."""

import importlib
import shlex
import sys

REQUIRED = (
    # (module, minimum version, pip name)
    ("numpy", "1.21", "numpy"),
    ("scipy", "1.7", "scipy"),
    ("shapely", "2.0", "shapely"),
    ("pandas", "1.3", "pandas"),
    ("openpyxl", "3.0", "openpyxl"),
    ("pyproj", "3.3", "pyproj"),
    ("pyogrio", "0.7", "pyogrio"),
    ("geopandas", "0.14", "geopandas"),
    ("psycopg2", "2.8", "psycopg2-binary"),
)
# Packages whose absence only disables one feature (the rest of the plugin works): pip name -> feature key.
OPTIONAL = {"psycopg2-binary": "postgis_store"}


def _version_tuple(text):
    out = []
    for part in str(text).split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def missing_packages():
    """[(pip name, minimum version, found version or None)] for every unmet requirement."""
    missing = []
    for module, minimum, pip_name in REQUIRED:
        try:
            mod = importlib.import_module(module)
        except Exception:
            missing.append((pip_name, minimum, None))
            continue
        found = str(getattr(mod, "__version__", "0")).split(" ")[0]  # psycopg2: "2.9.5 (dt dec pq3 ext lo64)"
        if _version_tuple(found) < _version_tuple(minimum):
            missing.append((pip_name, minimum, found))
    return missing


def install_command(missing, platform=None):
    """The command a user runs to install the missing packages into QGIS's own Python.

    On Windows (OSGeo4W and the standalone installer) QGIS ships its own Python, reached from the
    "OSGeo4W Shell"; on Linux and macOS the packages go to the user site of the Python QGIS runs. shapely,
    pyproj and pyogrio are built from source against QGIS's own GEOS/PROJ/GDAL (wheels that bundle other
    versions of those libraries crash QGIS)."""
    platform = platform or sys.platform
    specs = [f"{name}>={minimum}" for name, minimum, _ in missing]
    from_source = [name for name, _, _ in missing if name in ("shapely", "pyproj", "pyogrio")]
    extra = ["--no-binary", ",".join(from_source)] if from_source else []
    if platform.startswith("win"):
        quoted = " ".join(f'"{s}"' for s in specs)
        return "python -m pip install --user " + " ".join(extra + [quoted]).strip()
    python = "python3" if platform.startswith("linux") else "/Applications/QGIS.app/Contents/MacOS/bin/python3"
    return " ".join([python, "-m", "pip", "install", "--user"] + extra + [shlex.quote(s) for s in specs])
