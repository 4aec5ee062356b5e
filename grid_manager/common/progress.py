"""Progress and cancellation without Qt: adapters wrap a QgsProcessingFeedback in this."""

from .errors import Cancelled


class Progress:
    """Reports fractions in [0, 1] for a span of the overall run; `check()` raises on cancel.

    ``report(percent)``, ``cancelled()``, ``info(text)`` and ``warn(text)`` are plain callables so
    the core works the same in QGIS, in a script and in tests.
    """

    def __init__(self, report=None, cancelled=None, info=None, warn=None, start=0.0, end=1.0):
        self._report = report
        self._cancelled = cancelled
        self._info = info
        self._warn = warn
        self.start = start
        self.end = end

    def check(self):
        if self._cancelled is not None and self._cancelled():
            raise Cancelled("cancelled")

    def set(self, fraction):
        self.check()
        if self._report is not None:
            fraction = min(1.0, max(0.0, float(fraction)))
            self._report(100.0 * (self.start + (self.end - self.start) * fraction))

    def span(self, a, b):
        """A child progress covering fractions a..b of this one."""
        width = self.end - self.start
        return Progress(
            self._report, self._cancelled, self._info, self._warn, self.start + width * a, self.start + width * b
        )

    def info(self, text):
        if self._info is not None:
            self._info(text)

    def warn(self, text):
        if self._warn is not None:
            self._warn(text)


NULL_PROGRESS = Progress()
