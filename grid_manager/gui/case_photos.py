"""Photos of a case in the dock: thumbnails (QImage), the strip of photos a dialog sends with its step
(file picker, drag and drop, remove before sending), the detail pane that draws thumbnails lazily, and a
simple viewer for the full image."""

import os
import tempfile

from qgis.PyQt.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QObject, QSize, Qt, QUrl
from qgis.PyQt.QtGui import QColor, QDesktopServices, QIcon, QImage, QImageReader, QPainter, QPixmap
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..common.errors import GridManagerError
from ..store.interface import (
    DEFAULT_MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    PHOTO_EXTENSIONS,
    Photo,
    WorkflowError,
    check_photo,
)

THUMBNAIL_SIZE = 256
#: the roles that work on site and take photos with their steps (inspectors, departments)
PHOTO_ROLES = ("inspector", "department")
THUMB_SCHEME = "gmthumb"
PHOTO_SCHEME = "gmphoto"


def takes_photos(action, role):
    """Whether the dialog of ``action`` taken as ``role`` offers photos (the on-site roles' steps)."""
    return role in PHOTO_ROLES


def make_thumbnail(data, size=THUMBNAIL_SIZE):
    """A JPEG of at most ``size`` px on its longer side (EXIF orientation applied), or None when Qt cannot
    decode the image (e.g. HEIC without a plugin).  A JPEG is decoded at the reduced size directly."""
    buffer = QBuffer()
    buffer.setData(QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and max(full.width(), full.height()) > size:
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if max(image.width(), image.height()) > size:
        image = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    out = QBuffer()
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(out, "JPEG", 80)
    return bytes(out.data())


def placeholder(text, size=96):
    """A grey tile with a short text (a photo without a thumbnail)."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#d9d9d9"))
    painter = QPainter(image)
    painter.setPen(QColor("#505050"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    painter.end()
    return image


def photo_from_file(path, max_bytes=DEFAULT_MAX_PHOTO_BYTES):
    """A checked :class:`Photo` from a file (size, type by magic bytes) with its thumbnail; raises
    :class:`GridManagerError` with a translated message naming the file."""
    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:  # refused before reading a huge file into memory
            raise WorkflowError("GM050", {"name": name, "size": size, "max": max_bytes})
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise GridManagerError(
            QCoreApplication.translate("PhotoStrip", "Cannot read the photo '{name}': {error}").format(
                name=name, error=error.strerror or error
            )
        ) from None
    photo = check_photo(Photo(name, data), max_bytes)
    photo.thumbnail = make_thumbnail(photo.data)
    return photo


class PhotoStrip(QWidget):
    """The photos a dialog sends with its step: a strip of thumbnails, "Add photos…", "Remove", and the
    refusals (too large, not a photo) in red, each naming the file.  Drops go through :meth:`add_files`."""

    def __init__(self, max_bytes=DEFAULT_MAX_PHOTO_BYTES, parent=None):
        super().__init__(parent)
        self.setObjectName("GridManagerPhotoStrip")
        self.max_bytes = int(max_bytes or DEFAULT_MAX_PHOTO_BYTES)
        self._photos = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setIconSize(QSize(72, 72))
        self.list.setFixedHeight(112)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setToolTip(self.tr("Drop photos (JPEG, PNG, HEIC) here or onto the dialog"))
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add photos…"))
        self.add_button.clicked.connect(self.choose_files)
        buttons.addWidget(self.add_button)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.count = QLabel()
        buttons.addWidget(self.count)
        layout.addLayout(buttons)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color:#a00000")
        self.errors.setVisible(False)
        layout.addWidget(self.errors)
        self._update()

    def photos(self):
        return list(self._photos)

    def choose_files(self):
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            "",
            self.tr("Photos (*.jpg *.jpeg *.png *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC);;All files (*)"),
        )
        if paths:
            self.add_files(paths)

    def add_files(self, paths):
        """Add photo files; returns the refusals (translated, naming each file), also shown in the strip."""
        refusals = []
        for path in paths:
            if len(self._photos) >= MAX_PHOTOS:
                refusals.append(
                    self.tr("'{name}' was not added: a step takes at most {max} photos.").format(
                        name=os.path.basename(path), max=MAX_PHOTOS
                    )
                )
                continue
            try:
                photo = photo_from_file(path, self.max_bytes)
            except GridManagerError as error:
                refusals.append(str(error))
                continue
            self._photos.append(photo)
            item = QListWidgetItem(self._icon(photo), photo.name)
            item.setToolTip("{} ({})".format(photo.name, _size_text(len(photo.data))))
            self.list.addItem(item)
        self.errors.setText("\n".join(refusals))
        self.errors.setVisible(bool(refusals))
        self._update()
        return refusals

    def remove_selected(self):
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        for row in rows:
            self.list.takeItem(row)
            del self._photos[row]
        self._update()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected()
            return
        super().keyPressEvent(event)

    def _icon(self, photo):
        image = QImage.fromData(photo.thumbnail) if photo.thumbnail else QImage()
        if image.isNull():
            image = placeholder(PHOTO_EXTENSIONS.get(photo.mime, "").strip(".").upper() or "?")
        return QIcon(QPixmap.fromImage(image))

    def _update(self):
        self.count.setText(self.tr("{n} photo(s)").format(n=len(self._photos)) if self._photos else "")
        self.remove_button.setEnabled(bool(self._photos))


def local_photo_paths(mime_data):
    """The local files of a drag (their content is checked on add: a file that is not a photo is refused
    with a message naming it)."""
    if mime_data is None or not mime_data.hasUrls():
        return []
    paths = [url.toLocalFile() for url in mime_data.urls() if url.isLocalFile()]
    return [p for p in paths if p and os.path.isfile(p)]


class PhotoDrop(QObject):
    """Event filter that lets files be dropped anywhere on a dialog (also on its text fields) into its
    :class:`PhotoStrip`.  Drags without local files pass on (text into a text field stays text)."""

    def __init__(self, dialog, strip):
        super().__init__(dialog)
        self.strip = strip
        dialog.setAcceptDrops(True)
        targets = [dialog] + [w for w in dialog.findChildren(QWidget) if w.acceptDrops()]
        for widget in targets:
            widget.installEventFilter(self)
            if hasattr(widget, "viewport"):
                widget.viewport().installEventFilter(self)

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            paths = local_photo_paths(event.mimeData())
            if paths:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                if kind == QEvent.Type.Drop:
                    self.strip.add_files(paths)
                return True
        return False


def enable_photo_drop(dialog, strip):
    dialog._photo_drop = PhotoDrop(dialog, strip)
    return dialog._photo_drop


class CaseBrowser(QTextBrowser):
    """The detail pane: thumbnails are decoded only when the HTML shows them (``gmthumb:<id>`` images from
    the thumbnail bytes the store listed; never the photos' bytes)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.thumbnails = {}  # attachment id -> (thumbnail bytes or None, label)
        self.loaded = set()

    def set_photos(self, attachments):
        self.thumbnails = {
            int(a["id"]): (a.get("thumbnail"), PHOTO_EXTENSIONS.get(a.get("mime"), "").strip(".").upper())
            for a in attachments
        }
        self.loaded = set()

    def loadResource(self, kind, url):
        if url.scheme() == THUMB_SCHEME:
            try:
                key = int(url.path() or url.toString().split(":", 1)[1])
            except ValueError:
                key = None
            if key in self.thumbnails:
                data, label = self.thumbnails[key]
                image = QImage.fromData(data) if data else QImage()
                if image.isNull():
                    image = placeholder(label or "?")
                self.loaded.add(key)
                return image
        return super().loadResource(kind, url)


class PhotoViewer(QDialog):
    """One photo, scaled to the window; "Open in the system viewer" (a temporary copy) and "Save as…"."""

    def __init__(self, data, attachment, caption="", parent=None):
        super().__init__(parent)
        self.data = bytes(data)
        self.attachment = attachment
        self.setWindowTitle(attachment.get("name") or self.tr("Photo"))
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        self.image = _oriented(self.data) or QImage()  # decoded once, EXIF orientation applied
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setMinimumSize(200, 150)
        if self.image.isNull():
            self.label.setText(
                self.tr("This photo ({name}) cannot be shown here; open it in the system viewer.").format(
                    name=attachment.get("name", "")
                )
            )
            self.label.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.label)
        layout.addWidget(scroll, 1)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.system_button = buttons.addButton(
            self.tr("Open in the system viewer"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.system_button.clicked.connect(self.open_externally)
        self.save_button = buttons.addButton(self.tr("Save as…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_as)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._temp = None
        self._shared = False

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event):
        super().showEvent(event)
        self._fit()

    def _fit(self):
        if self.image.isNull():
            return
        area = self.label.parentWidget().size() if self.label.parentWidget() else self.label.size()
        target = QSize(max(50, area.width() - 4), max(50, area.height() - 4))
        pixmap = QPixmap.fromImage(
            self.image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )
        self.label.setPixmap(pixmap)

    def temp_copy(self):
        """A temporary copy of the photo (kept until the viewer closes) for the system's viewer."""
        if self._temp is None:
            suffix = PHOTO_EXTENSIONS.get(self.attachment.get("mime"), ".img")
            handle, path = tempfile.mkstemp(prefix="gm-photo-", suffix=suffix)
            with os.fdopen(handle, "wb") as out:
                out.write(self.data)
            self._temp = path
        return self._temp

    def open_externally(self):
        # the system viewer may read the copy after this viewer closes: that copy is left to the temp folder
        self._shared = True
        return QDesktopServices.openUrl(QUrl.fromLocalFile(self.temp_copy()))

    def save_as(self):
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the photo"), self.attachment.get("name", ""))
        if path:
            with open(path, "wb") as out:
                out.write(self.data)
        return path

    def done(self, result):
        if self._temp and not self._shared and os.path.exists(self._temp):
            try:
                os.remove(self._temp)
            except OSError:
                pass
            self._temp = None
        super().done(result)


def _oriented(data):
    buffer = QBuffer()
    buffer.setData(QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    image = reader.read()
    return None if image.isNull() else image


def _size_text(n):
    return "%.1f MB" % (n / 1048576.0) if n >= 1048576 else "%d kB" % max(1, round(n / 1024.0))
