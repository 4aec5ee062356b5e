"""Which Python packages the plugin needs and which of them this QGIS lacks."""

import importlib

REQUIRED = (
    # (module, minimum version, pip name)
    ("numpy", "1.21", "numpy"),
    ("scipy", "1.7", "scipy"),
    ("shapely", "2.0", "shapely"),
    ("pandas", "1.3", "pandas"),
    ("openpyxl", "3.0", "openpyxl"),
    ("pyproj", "3.3", "pyproj"),
)


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
        found = getattr(mod, "__version__", "0")
        if _version_tuple(found) < _version_tuple(minimum):
            missing.append((pip_name, minimum, found))
    return missing
