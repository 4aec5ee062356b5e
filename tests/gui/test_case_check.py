"""The dock's on-site check (issue 15, item 5): one "On-site check…" button for the inspector; the dialog
offers fixed / not fixed, requires a note when not fixed and passes the photos as attachments."""

import os

import pytest
from qgis.PyQt.QtGui import QColor, QImage
from qgis.PyQt.QtWidgets import QDialogButtonBox

from gridmanager.grid_manager.gui.case_dialogs import CheckDialog
from gridmanager.grid_manager.gui.case_dock import CaseDock
from gridmanager.grid_manager.store import CaseFilter
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

pytestmark = pytest.mark.gui


@pytest.fixture
def desk(qgis_iface, tmp_path):
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    path = str(tmp_path / "desk.gpkg")
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    wkt = grid_squares()[0][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    x, y = (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2
    case = store.report_case("event", "0102", "inspector", x, y, description="rubbish")
    for action, role, extra in (
        ("verify", "inspector", {}),
        ("register", "supervision", {}),
        ("dispatch", "command", {"department": "sz"}),
        ("report_back", "department", {}),
    ):
        case = store.apply(case["case_code"], action, role, case["version"], **extra)
    widget = CaseDock(qgis_iface.mapCanvas())
    assert widget.connect_to("gpkg:" + path)
    yield widget, store, case
    widget.unload()
    widget.deleteLater()
    store.close()
    os.environ.pop("GRIDMANAGER_NO_MODAL", None)


def jpeg_file(path, width=320, height=240, color="#c03030"):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "JPEG", 90)
    return str(path)


def select_role(dock, role):
    dock.role.setCurrentIndex(dock.role.findData(role))


def test_check_dialog_requires_a_note_when_not_fixed(qgis_iface, tmp_path):
    dialog = CheckDialog("20261201000001")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.action() == "check" and ok.isEnabled()
    dialog.not_fixed.setChecked(True)
    assert dialog.action() == "fail_check" and not ok.isEnabled()
    assert dialog.hint.text()
    dialog.note.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.note.setPlainText("垃圾仍未清运")
    refusals = dialog.photos.add_files([jpeg_file(tmp_path / "after.jpg"), str(tmp_path / "missing.jpg")])
    assert len(refusals) == 1 and "missing.jpg" in refusals[0]
    assert ok.isEnabled() and not dialog.hint.text()
    values = dialog.values()
    assert values["note"] == "垃圾仍未清运"
    assert [(p.name, p.mime) for p in values["photos"]] == [("after.jpg", "image/jpeg")]


def test_failed_check_keeps_its_photo_with_the_step(desk, tmp_path):
    dock, store, case = desk
    select_role(dock, "inspector")
    dock.select_case(case["case_code"])
    dialog = CheckDialog(case["case_code"])
    dialog.not_fixed.setChecked(True)
    dialog.note.setPlainText("still dirty")
    assert not dialog.photos.add_files([jpeg_file(tmp_path / "still.jpg")])
    dock.ask_check_outcome = lambda: (dialog.action(), dialog.values())
    dock.action_buttons["check"].click()
    after = store.get_case(case["case_code"])
    assert (after["state"], after["rework_count"]) == ("dispatched", 1)
    photos = store.attachments(case["case_code"])
    assert [(p["name"], p["stage"]) for p in photos] == [("still.jpg", "fail_check")]


def test_inspector_fails_the_check_from_the_dock(desk):
    dock, store, case = desk
    select_role(dock, "inspector")
    dock.select_case(case["case_code"])
    assert set(dock.action_buttons) == {"check"}
    assert "…" in dock.action_buttons["check"].text()
    dock.ask_check_outcome = lambda: ("fail_check", {"note": "still dirty", "attachments": ["after.jpg"]})
    dock.action_buttons["check"].click()
    after = store.get_case(case["case_code"])
    assert (after["state"], after["department"], after["rework_count"]) == ("dispatched", "sz", 1)
    last = store.events(case["case_code"])[-1]
    assert (last["action"], last["note"]) == ("fail_check", "still dirty")
    # the department sees it again; other roles never get the check button
    for role in ("supervision", "command", "viewer"):
        select_role(dock, role)
        assert "check" not in dock.action_buttons and "fail_check" not in dock.action_buttons


def test_refused_failed_check_without_note_is_a_sentence(desk):
    dock, store, case = desk
    select_role(dock, "inspector")
    dock.select_case(case["case_code"])
    dock.ask_check_outcome = lambda: ("fail_check", {"note": "", "attachments": []})
    assert dock.run_action("check") is None
    assert "note" in dock.status.text()
    assert store.get_case(case["case_code"])["state"] == "handled"
    # fixed: the check passes and the supervision centre may close
    dock.ask_check_outcome = lambda: ("check", {"note": "ok", "attachments": []})
    dock.action_buttons["check"].click()
    assert store.get_case(case["case_code"])["checked"]
    select_role(dock, "supervision")
    assert "close" in dock.action_buttons
    assert store.list_cases(CaseFilter(states=("handled",)))


def test_detail_shows_the_stage_deadline_from_the_store(desk):
    dock, store, case = desk
    store.set_time_limit("event", "0102", 0, 4, stage="check", unit="working_hours")
    dock.select_case(case["case_code"])
    due = store.add_working_time(store.get_case(case["case_code"])["handled_at"], 4, "working_hours")
    text = dock.detail.toPlainText()
    assert "check (核查)" in text and due.astimezone(dock._zone).strftime("%Y-%m-%d %H:%M") in text
    store.set_time_limit("event", "0102", 0, 0.001, stage="check", unit="working_hours")
    # the dock marks the stage overdue exactly when the store says so
    dock.select_case(case["case_code"])
    row = store.case_deadline(case["case_code"])
    assert row["stage"] == "check"
    assert ("OVERDUE" in dock.detail.toPlainText()) == row["overdue"]
