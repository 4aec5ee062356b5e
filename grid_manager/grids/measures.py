"""The two figures every grid carries, computed one way everywhere (partition, revise, check, the
workbench): compactness (Polsby-Popper) and the signed deviation from the target."""

import math

import numpy as np

# What a partition balances: the values of the BALANCE_BY parameters.
AREA, HOUSEHOLDS, BOTH = 0, 1, 2


def compactness(area, perimeter):
    """Polsby-Popper 4πA/P² (1 for a circle, 0 for a line); 0 where the perimeter is 0.
    Scalars give a float, arrays an array."""
    area = np.asarray(area, dtype=float)
    perimeter = np.asarray(perimeter, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(perimeter > 0, 4 * math.pi * area / np.where(perimeter > 0, perimeter, 1.0) ** 2, 0.0)
    return float(out) if out.ndim == 0 else out


def deviation(area, households, balance_by, target_area, target_households):
    """Signed relative deviation from the target (0.1 = 10 % above); when balancing by both, the one of
    larger magnitude. Scalars give a float, arrays an array."""
    parts = []
    if balance_by in (AREA, BOTH):
        parts.append((np.asarray(area, dtype=float) - target_area) / target_area)
    if balance_by in (HOUSEHOLDS, BOTH):
        parts.append((np.asarray(households, dtype=float) - target_households) / target_households)
    if not parts:
        raise ValueError(f"balance_by must be one of {AREA}, {HOUSEHOLDS}, {BOTH}: {balance_by!r}")
    stacked = np.stack(np.broadcast_arrays(*parts))
    pick = np.argmax(np.abs(stacked), axis=0)
    out = np.take_along_axis(stacked, np.expand_dims(pick, 0), axis=0)[0]
    return float(out) if out.ndim == 0 else out
