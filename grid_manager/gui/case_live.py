"""Live refresh of the case dock: PostgreSQL LISTEN on the session's own channel (a notification is only a
hint: the dock re-reads through row-level security), audit polling for a GeoPackage, and reconnecting
after a lost listening connection with a visible "paused" state."""

from qgis.PyQt.QtCore import QObject, QSocketNotifier, QTimer, pyqtSignal

from ..common.errors import GridManagerError
from ..store.interface import ListenerLost


class LiveRefresh(QObject):
    """Emits ``changed(codes)`` (batched, 250 ms) when cases changed in the store, and
    ``paused_changed(bool)`` when the listening connection is lost or back."""

    changed = pyqtSignal(list)
    paused_changed = pyqtSignal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store = None
        self.paused = False
        self._notifier = None
        self._changed = []
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(3000)
        self.poll_timer.timeout.connect(self.check_changes)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(250)
        self.refresh_timer.timeout.connect(self._emit_changes)
        self.reconnect_timer = QTimer(self)
        self.reconnect_timer.setInterval(2000)
        self.reconnect_timer.timeout.connect(self.reconnect)

    def paused_text(self):
        return self.tr("Live updates paused — reconnecting…")

    def start(self, store):
        self.store = store
        if store.backend == "postgis":
            try:
                fd = store.listen()
            except GridManagerError:
                self._pause()
                return
            self._watch(fd)
            # a cheap local check of the listening socket every few seconds (no query)
            self.poll_timer.start()
            return
        store.poll_changes()
        self.poll_timer.start()

    def stop(self):
        self.poll_timer.stop()
        self.reconnect_timer.stop()
        self.refresh_timer.stop()
        self._set_paused(False)
        self._unwatch()
        self._changed = []
        self.store = None

    def take_changes(self):
        codes, self._changed = self._changed, []
        return codes

    def _emit_changes(self):
        codes = self.take_changes()
        if codes:
            self.changed.emit(codes)

    def _watch(self, fd):
        self._unwatch()
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.check_changes)

    def _unwatch(self):
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _set_paused(self, paused):
        if paused != self.paused:
            self.paused = paused
            self.paused_changed.emit(paused)

    def _pause(self):
        """The listening connection is gone: say so and try again every few seconds."""
        self.poll_timer.stop()
        self._unwatch()
        self._set_paused(True)
        if not self.reconnect_timer.isActive():
            self.reconnect_timer.start()

    def _queue(self, codes):
        self._changed.extend(c for c in codes if c not in self._changed)
        self.refresh_timer.start()

    def reconnect(self):
        """Try to listen again; on success catch up with what changed meanwhile.  Returns True on success."""
        if self.store is None:
            self.reconnect_timer.stop()
            return False
        try:
            fd = self.store.listen()
        except GridManagerError:
            return False
        self.reconnect_timer.stop()
        self._watch(fd)
        self.poll_timer.start()
        self._set_paused(False)
        try:
            codes = self.store.changed_since()
        except GridManagerError:
            codes = []
        self._queue(codes)
        return True

    def check_changes(self, *_args):
        """Ask the store what changed; returns the codes (also queued for ``changed``)."""
        if self.store is None:
            return []
        try:
            codes = self.store.poll_changes()
        except ListenerLost:
            self._pause()
            return []
        except GridManagerError:
            return []
        if self.store.backend == "postgis" and not self.store.listening():
            self._pause()  # the listening connection is gone: say so, listen again
        if codes:
            self._queue(codes)
        return codes
