"""Work estimates before heavy jobs: refuse, with the estimate and the limit, a job that would need more
memory than the machine has free or run longer than the time budget — instead of running for ever or
ending in a MemoryError.

The estimates are deliberately simple models (bytes per raster cell, seconds per grid, bytes per
permutation draw) calibrated on this machine's runs (see ``bench/RESULTS.md``); they are meant to tell
an absurd request from an ordinary one, not to predict the minute.
"""

import os
from dataclasses import dataclass

from .errors import InputError
from .i18n import translate

DEFAULT_MINUTES = 10.0  # QGIS setting gridmanager/time_budget_minutes (processing/algorithms/layers.py)
MEMORY_SHARE = 0.25  # of the memory available when the job starts: the rest is QGIS's, other jobs' and the system's


def available_memory():
    """Bytes of memory available now (Linux: MemAvailable), else the physical memory, else None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def human_bytes(n):
    """Decimal units, as file managers and the issue reports show them (7.2 GB = 7.2 × 10⁹ bytes)."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return "{:,.1f} {}".format(n / size, unit)
    return "{:,.0f} kB".format(n / 1e3)


def human_seconds(s):
    if s >= 5400:
        return translate("Budget", "{n} hours").format(n="{:,.1f}".format(s / 3600))
    if s >= 90:
        return translate("Budget", "{n} minutes").format(n="{:,.0f}".format(s / 60))
    return translate("Budget", "{n} seconds").format(n="{:,.0f}".format(s))


@dataclass
class Budget:
    """The limits a job is checked against: ``minutes`` of computing time (None or ≤ 0: no time limit)
    and ``memory`` bytes (None: :data:`MEMORY_SHARE` of the memory available when checked)."""

    minutes: float = DEFAULT_MINUTES
    memory: float = None

    def memory_limit(self):
        if self.memory is not None:
            return float(self.memory)
        free = available_memory()
        return None if free is None else MEMORY_SHARE * free

    def check(self, what, work, memory=0.0, seconds=0.0, advice=""):
        """Raise InputError when the job ``what`` (its ``work`` described, e.g. '90,000 grids') would
        need more than the memory limit or the time budget; the message gives both numbers."""
        limit = self.memory_limit()
        if memory and limit is not None and memory > limit:
            raise InputError(
                translate(
                    "Budget",
                    "{what}: {work} would need about {need} of memory, more than the {limit} one job may use "
                    "({share} % of the {free} available now). Nothing was computed. {advice}",
                )
                .format(
                    what=what,
                    work=work,
                    need=human_bytes(memory),
                    limit=human_bytes(limit),
                    share=f"{100 * MEMORY_SHARE:.0f}" if self.memory is None else "100",
                    free=human_bytes(limit / MEMORY_SHARE) if self.memory is None else human_bytes(limit),
                    advice=advice,
                )
                .strip()
            )
        if seconds and self.minutes and self.minutes > 0 and seconds > 60.0 * self.minutes:
            raise InputError(
                translate(
                    "Budget",
                    "{what}: {work} would take about {need}, more than the time budget of {limit} (setting "
                    "gridmanager/time_budget_minutes). Nothing was computed. {advice}",
                )
                .format(
                    what=what,
                    work=work,
                    need=human_seconds(seconds),
                    limit=human_seconds(60.0 * self.minutes),
                    advice=advice,
                )
                .strip()
            )
