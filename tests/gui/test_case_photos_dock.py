"""Photos in the dock (issue 15): dialogs take photos by picker and drag and drop, the detail pane shows
thumbnails without reading the photos, a click opens the full image; on a GeoPackage and on PostGIS."""

import importlib.util
import os
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt, QUrl
from qgis.PyQt.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage

from gridmanager.grid_manager.gui.case_dialogs import ActionDialog, ReportCaseDialog
from gridmanager.grid_manager.gui.case_dock import CaseDock
from gridmanager.grid_manager.gui.case_photos import make_thumbnail, takes_photos
from gridmanager.grid_manager.store.gpkg import GpkgStore
from gridmanager.grid_manager.store.interface import Photo
from gridmanager.grid_manager.store.postgis import PostgisStore
from gridmanager.grid_manager.store.sample import grid_squares, seed_reference

_spec = importlib.util.spec_from_file_location(
    "gm_postgis_cluster", Path(__file__).resolve().parents[1] / "postgis_cluster.py"
)
postgis_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(postgis_cluster)

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module", autouse=True)
def no_modal():
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    yield
    os.environ.pop("GRIDMANAGER_NO_MODAL", None)


def jpeg_file(path, width=640, height=480, color="#c03030"):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "JPEG", 90)
    return str(path)


def centre(i=0):
    wkt = grid_squares()[i][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    return (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2


def drop(widget, paths, target=None):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = target or widget
    enter = QDragEnterEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QCoreApplication.sendEvent(target, enter)
    accepted = enter.isAccepted()
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QCoreApplication.sendEvent(target, event)
    return accepted and event.isAccepted()


def test_thumbnail_is_a_small_jpeg(tmp_path):
    data = Path(jpeg_file(tmp_path / "big.jpg", 3000, 2000)).read_bytes()
    thumb = make_thumbnail(data)
    image = QImage.fromData(thumb)
    assert thumb[:3] == b"\xff\xd8\xff" and max(image.width(), image.height()) == 256 and len(thumb) < 20000
    assert make_thumbnail(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100) is None


def test_dialogs_take_dropped_photos_and_refuse_what_is_not_one(qgis_iface, tmp_path):
    one, two = jpeg_file(tmp_path / "before.jpg"), jpeg_file(tmp_path / "after.JPG", color="#30c030")
    fake = tmp_path / "scan.jpg"
    fake.write_bytes(b"%PDF-1.7\n" + b"x" * 200)
    big = tmp_path / "huge.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\x00" * 70000)
    assert takes_photos("report_back", "department") and not takes_photos("dispatch", "command")
    dialog = ActionDialog("Report back", "report_back", [], photos=True, max_photo_bytes=60000)
    assert drop(dialog, [one, two])
    assert [p.name for p in dialog.photos.photos()] == ["before.jpg", "after.JPG"]
    assert dialog.photos.list.count() == 2 and dialog.photos.photos()[0].thumbnail[:3] == b"\xff\xd8\xff"
    # dropped on the note field: still photos, not text
    assert drop(dialog, [fake, big], target=dialog.note.viewport())
    assert dialog.note.toPlainText() == ""
    errors = dialog.photos.errors.text()
    assert "'scan.jpg' is not a JPEG, PNG or HEIC photo (its content is PDF" in errors
    assert "The photo 'huge.jpg' is too large" in errors
    assert len(dialog.photos.photos()) == 2
    # remove before sending
    dialog.photos.list.item(0).setSelected(True)
    dialog.photos.remove_selected()
    values = dialog.values()
    assert [p.name for p in values["photos"]] == ["after.JPG"] and values["photos"][0].mime == "image/jpeg"
    report = ReportCaseDialog(
        [{"kind": "event", "code": "0102", "name": "Rubbish", "name_zh": "暴露垃圾"}],
        (116.4, 39.9),
        ("110101001001001", "110101001001", "110101001"),
        None,
    )
    assert drop(report, [one])
    assert [p.name for p in report.values()["photos"]] == ["before.jpg"]
    # a drag of plain text is left to the text field
    mime = QMimeData()
    mime.setText("just text")
    event = QDragEnterEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    assert report._photo_drop.eventFilter(report, event) is False


@pytest.fixture(scope="module")
def cluster():
    with postgis_cluster.LocalCluster() as running:
        yield running


@pytest.fixture(params=["gpkg", "postgis"])
def store_with_photos(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    files = [
        jpeg_file(folder / "p{}.jpg".format(i), 800, 600, color)
        for i, color in enumerate(("#c03030", "#30c030", "#3030c0", "#c0c030"))
    ]
    photos = [Photo(os.path.basename(f), Path(f).read_bytes()) for f in files]
    for photo in photos:
        photo.thumbnail = make_thumbnail(photo.data)
    if request.param == "gpkg":
        path = str(folder / "desk.gpkg")
        store = GpkgStore(path, user="desk")
        key = "gpkg:" + path
        store.migrate()
        seed_reference(store)
        cleanup = store.close
    else:
        cluster = request.getfixturevalue("cluster")
        dsn = cluster.create_database("dockphotos")
        store = PostgisStore(dsn)
        store.migrate()
        seed_reference(store)
        key = None

        def cleanup():
            store.close()
            cluster.drop_database("dockphotos")

    case = store.report_case("event", "0102", "inspector", *centre(2), photos=photos[:3])
    case = store.apply(case["case_code"], "verify", "inspector", case["version"], photos=photos[3:])
    yield store, key, case, photos
    cleanup()


def test_detail_shows_thumbnails_and_opens_the_photo(qgis_iface, store_with_photos, monkeypatch):
    store, key, case, photos = store_with_photos
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        if key:
            assert dock.connect_to(key)
        else:  # the shared store: the dock's own connection path is tested elsewhere
            dock.store = store
            dock._set_enabled(True)
        reads = []
        original = type(store).attachment_data
        monkeypatch.setattr(type(store), "attachment_data", lambda self, i: reads.append(i) or original(self, i))
        dock.load_case(case["case_code"])
        html = dock.detail.toHtml()
        assert html.count("gmthumb:") == 4 and html.count("gmphoto:") == 4
        dock.detail.resize(600, 800)
        dock.detail.grab()  # draw: the thumbnails are decoded now
        assert dock.detail.loaded == {int(p["id"]) for p in dock.current_photos}
        assert reads == []  # opening a case never reads a photo's bytes
        viewer = dock.open_photo(dock.current_photos[1]["id"])
        assert reads == [dock.current_photos[1]["id"]]
        assert viewer.data == photos[1].data and (viewer.image.width(), viewer.image.height()) == (800, 600)
        assert "p1.jpg" in viewer.caption.text()
        path = viewer.temp_copy()
        assert Path(path).read_bytes() == photos[1].data
        viewer.close()
        assert not os.path.exists(path)
        # the dock sends the photos of a step with the step (one transaction)
        dock.role.clear()
        dock.role.addItem("supervision", "supervision")
        dock.run_action("register", {"note": "", "photos": []})
        assert len(store.attachments(case["case_code"])) == 4
    finally:
        dock.store = None if not key else dock.store
        dock.unload()


def test_zh_cn_photo_strip_and_refusals(qgis_iface, tmp_path, zh_cn):
    fake = tmp_path / "现场.jpg"
    fake.write_bytes(b"GIF89a" + b"\x00" * 100)
    dialog = ActionDialog("核查", "check", [], photos=True)
    assert dialog.photos.add_button.text() == "添加照片…"
    drop(dialog, [fake])
    assert dialog.photos.errors.text() == "“现场.jpg”不是 JPEG、PNG 或 HEIC 照片（无论文件名如何，其内容是 GIF）。"


def test_a_step_sends_its_photos_in_its_transaction(qgis_iface, tmp_path, monkeypatch):
    from gridmanager.grid_manager.gui import case_dock

    path = str(tmp_path / "desk.gpkg")
    store = GpkgStore(path, user="desk")
    store.migrate()
    seed_reference(store)
    case = store.report_case("event", "0102", "inspector", *centre(1))
    store.close()
    files = [jpeg_file(tmp_path / "a.jpg"), jpeg_file(tmp_path / "b.jpg", color="#3030c0")]
    opened = []
    shrink = []

    class Accepting(ActionDialog):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            opened.append((args[1], kwargs))
            if self.photos is not None:
                assert drop(self, files)
            if shrink:  # the store's limit changes after the dialog checked the photos
                dock.store.set_attachment_settings(max_bytes=shrink.pop())

        def exec(self):
            return ActionDialog.DialogCode.Accepted

    monkeypatch.setattr(case_dock, "ActionDialog", Accepting)
    dock = CaseDock(qgis_iface.mapCanvas())
    try:
        assert dock.connect_to("gpkg:" + path)
        dock.role.setCurrentIndex(dock.role.findData("inspector"))
        dock.select_case(case["case_code"])
        # a photo the store refuses (its limit changed after the dialog checked it) refuses the whole step
        shrink.append(2048)
        assert dock.run_action("verify") is None
        size = round(os.path.getsize(files[0]) / 1024)
        assert dock.status.text() == (
            "<span style='color:#a00000'>The photo &#x27;a.jpg&#x27; is too large ({} kB); this case store takes "
            "photos up to 2 kB.</span>".format(size)
        )
        assert dock.store.get_case(case["case_code"])["state"] == "reported"
        assert dock.store.attachments(case["case_code"]) == []
        dock.store.set_attachment_settings(max_bytes=10 * 1024 * 1024)
        done = dock.run_action("verify")
        assert done["state"] == "verified"
        rows = dock.store.attachments(case["case_code"])
        assert [(r["seq"], r["stage"], r["name"]) for r in rows] == [(2, "verify", "a.jpg"), (2, "verify", "b.jpg")]
        assert dock.detail.toHtml().count("gmthumb:") == 2
        # the command centre works at its desk: its dialogs offer no photos
        dock.role.setCurrentIndex(dock.role.findData("supervision"))
        dock.run_action("register")
        assert opened[0][1]["photos"] is True and opened[-1][1]["photos"] is False
        assert len(dock.store.attachments(case["case_code"])) == 2
    finally:
        dock.unload()


def test_a_photo_without_thumbnail_shows_a_tile(qgis_iface):
    from gridmanager.grid_manager.gui.case_photos import CaseBrowser

    browser = CaseBrowser()
    browser.set_photos([{"id": 7, "mime": "image/heic", "thumbnail": None}])
    browser.setHtml("<img src='gmthumb:7' height='66'/>")
    browser.resize(200, 120)
    browser.grab()
    assert browser.loaded == {7}
    image = browser.loadResource(2, QUrl("gmthumb:7"))
    assert not image.isNull() and image.width() == 96
