"""Dialogs of the case dock: report a new case, and the details an action needs."""

from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
)

from .case_photos import PhotoStrip, enable_photo_drop


class ReportCaseDialog(QDialog):
    """New case at a clicked location: grid and nearest part are filled in."""

    def __init__(self, classes, location, grid, part, parent=None, max_photo_bytes=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report a case"))
        self._classes = classes
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Event"), "event")
        self.kind.addItem(self.tr("Part"), "part")
        form.addRow(self.tr("Kind"), self.kind)
        self.class_code = QComboBox()
        form.addRow(self.tr("Class"), self.class_code)
        self.source = QComboBox()
        for key, label in (
            ("inspector", self.tr("Inspector")),
            ("public", self.tr("Public")),
            ("hotline", self.tr("Hotline")),
            ("video", self.tr("Video")),
        ):
            self.source.addItem(label, key)
        form.addRow(self.tr("Source"), self.source)
        self.urgent = QCheckBox(self.tr("Urgent"))
        form.addRow("", self.urgent)
        self.part_code = QLineEdit(part[0] if part else "")
        self.part_code.setPlaceholderText(self.tr("no part within 50 m"))
        form.addRow(self.tr("Part code"), self.part_code)
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(80)
        form.addRow(self.tr("Description"), self.description)
        grid_text = grid[0] if grid else self.tr("outside every grid")
        form.addRow(self.tr("Grid"), QLabel(grid_text))
        form.addRow(self.tr("Location"), QLabel("{:.6f}, {:.6f}".format(location[0], location[1])))
        self.photos = PhotoStrip(max_photo_bytes)
        form.addRow(self.tr("Photos"), self.photos)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        enable_photo_drop(self, self.photos)
        self.kind.currentIndexChanged.connect(self._fill_classes)
        if part:
            self.kind.setCurrentIndex(1)
        self._fill_classes()
        if part:
            index = self.class_code.findData(part[1])
            if index >= 0:
                self.class_code.setCurrentIndex(index)

    def _fill_classes(self):
        kind = self.kind.currentData()
        self.class_code.clear()
        for row in self._classes:
            if row["kind"] == kind:
                self.class_code.addItem("{} {}".format(row["code"], row["name_zh"] or row["name"]), row["code"])

    def values(self):
        return {
            "kind": self.kind.currentData(),
            "class_code": self.class_code.currentData(),
            "source": self.source.currentData(),
            "urgency": 1 if self.urgent.isChecked() else 0,
            # a part belongs to part cases only (the store refuses it on an event)
            "part_code": (self.part_code.text().strip() or None) if self.kind.currentData() == "part" else None,
            "description": self.description.toPlainText().strip(),
            "photos": self.photos.photos(),
        }


class ActionDialog(QDialog):
    """Note (always), department (dispatch), hours (extensions) and photos (the on-site steps)."""

    def __init__(self, title, action, departments, parent=None, photos=False, max_photo_bytes=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.department = None
        self.hours = None
        if action == "dispatch":
            self.department = QComboBox()
            for row in departments:
                self.department.addItem("{} {}".format(row["code"], row["name"]), row["code"])
            form.addRow(self.tr("Department"), self.department)
        if action in ("request_extension", "approve_extension"):
            self.hours = QDoubleSpinBox()
            self.hours.setRange(0.0 if action == "approve_extension" else 0.5, 24 * 90)
            self.hours.setValue(0.0 if action == "approve_extension" else 24.0)
            self.hours.setSuffix(self.tr(" h"))
            if action == "approve_extension":
                self.hours.setSpecialValueText(self.tr("as requested"))
            form.addRow(self.tr("Extension"), self.hours)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(80)
        form.addRow(self.tr("Note"), self.note)
        self.photos = None
        if photos:
            self.photos = PhotoStrip(max_photo_bytes)
            form.addRow(self.tr("Photos"), self.photos)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.photos is not None:
            enable_photo_drop(self, self.photos)

    def values(self):
        result = {"note": self.note.toPlainText().strip()}
        if self.photos is not None:
            result["photos"] = self.photos.photos()
        if self.department is not None:
            result["department"] = self.department.currentData()
        if self.hours is not None and self.hours.value() > 0:
            result["hours"] = self.hours.value()
        return result


class CheckDialog(QDialog):
    """The inspector's on-site check (核查): fixed (the case may be closed) or not fixed (核查不通过: back to
    the same department for rework) with a note, which is mandatory when not fixed, and photos (the same
    strip, drag and drop and checks as every on-site step; stored with the step in ``case_attachments``)."""

    def __init__(self, case_code, parent=None, max_photo_bytes=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("On-site check of case {case}").format(case=case_code))
        layout = QVBoxLayout(self)
        self.fixed = QRadioButton(self.tr("Fixed: the problem is solved (the case can be closed)"))
        self.not_fixed = QRadioButton(self.tr("Not fixed: back to the department for rework (核查不通过)"))
        self.fixed.setChecked(True)
        layout.addWidget(self.fixed)
        layout.addWidget(self.not_fixed)
        form = QFormLayout()
        layout.addLayout(form)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(80)
        form.addRow(self.tr("Note"), self.note)
        self.photos = PhotoStrip(max_photo_bytes)
        form.addRow(self.tr("Photos"), self.photos)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #a00000")
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        enable_photo_drop(self, self.photos)
        for signal in (self.fixed.toggled, self.not_fixed.toggled, self.note.textChanged):
            signal.connect(self.update_state)
        self.update_state()

    def action(self):
        return "fail_check" if self.not_fixed.isChecked() else "check"

    def update_state(self):
        missing = self.not_fixed.isChecked() and not self.note.toPlainText().strip()
        self.hint.setText(self.tr("Say what is not fixed (the note is required).") if missing else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)

    def values(self):
        return {"note": self.note.toPlainText().strip(), "photos": self.photos.photos()}
