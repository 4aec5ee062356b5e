"""The dock 案件处理 opens a case with 4 photos (issue 15), on both stores.

Makes 4 camera-sized JPEGs (noise, so they do not compress: ~3 MB each, 3000 × 2248 px), reports a case
with 3 of them and verifies it with the 4th (through the store API, thumbnails made by the dock's own
``make_thumbnail``), among 200 other cases, then opens the dock offscreen on the store and times
``select_case``: the case, its history, its photos' thumbnails (never the photos' bytes), the HTML and one
paint of the detail pane (the thumbnails are decoded when drawn).  Also times opening one full photo.

Usage:  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/cases/photos.py [--repeat 7]
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REPO, load_modules


def camera_jpegs(n=4, size=(3000, 2248), quality=90):
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(15)
    out = []
    for i in range(n):
        base = rng.integers(0, 255, (size[1] // 8, size[0] // 8, 3), dtype=np.uint8)
        noise = rng.integers(0, 60, (size[1], size[0], 3), dtype=np.uint8)
        pixels = np.repeat(np.repeat(base, 8, axis=0), 8, axis=1) // 2 + noise
        buffer = io.BytesIO()
        Image.fromarray(pixels.astype(np.uint8)).save(buffer, "JPEG", quality=quality)
        out.append(("IMG_%04d.jpg" % (1001 + i), buffer.getvalue()))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--json", default=str(REPO / "bench" / "out" / "case_photos.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GRIDMANAGER_NO_MODAL"] = "1"
    postgis_cluster = load_modules()
    import random
    import tempfile

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from gridmanager.grid_manager.gui.case_dock import CaseDock
    from gridmanager.grid_manager.gui.case_photos import make_thumbnail
    from gridmanager.grid_manager.store.gpkg import GpkgStore
    from gridmanager.grid_manager.store.interface import Photo
    from gridmanager.grid_manager.store.postgis import PostgisStore
    from gridmanager.grid_manager.store.sample import grid_squares, seed_cases, seed_reference

    files = camera_jpegs()
    start = time.perf_counter()
    photos = [Photo(name, data, make_thumbnail(data)) for name, data in files]
    results = {
        "photo_mb": [round(len(d) / 1048576, 2) for _, d in files],
        "thumbnail_kb": [round(len(p.thumbnail) / 1024, 1) for p in photos],
        "make 4 thumbnails (ms)": round(1000 * (time.perf_counter() - start), 1),
    }
    wkt = grid_squares()[3][2]
    coords = [[float(v) for v in p.split()] for p in wkt.split("((")[1].rstrip(")").split(",")]
    x, y = (coords[0][0] + coords[2][0]) / 2, (coords[0][1] + coords[2][1]) / 2

    def measure(store, label):
        seed_cases(store, args.cases, rng=random.Random(5))
        start = time.perf_counter()
        case = store.report_case("event", "0102", "inspector", x, y, description="photos", photos=photos[:3])
        case = store.apply(case["case_code"], "verify", "inspector", case["version"], photos=photos[3:])
        results[label + ": store report + verify with 4 photos (ms)"] = round(1000 * (time.perf_counter() - start), 1)
        others = [c["case_code"] for c in store.list_cases(limit=50) if c["case_code"] != case["case_code"]]
        dock = CaseDock(None)
        dock.store = store
        dock._fill_choices()
        dock._set_enabled(True)
        dock.apply_filters()
        dock.detail.resize(560, 700)
        values = []
        for i in range(args.repeat):
            dock.select_case(others[i % len(others)])  # come from another case each time
            dock.detail.grab()
            start = time.perf_counter()
            dock.select_case(case["case_code"])
            dock.detail.grab()  # one paint: the 4 thumbnails are decoded and drawn
            values.append(1000 * (time.perf_counter() - start))
            assert len(dock.detail.loaded) == 4, dock.detail.loaded
        results[label + ": open a case with 4 photos, median (ms)"] = round(statistics.median(values), 1)
        results[label + ": open a case with 4 photos, max (ms)"] = round(max(values), 1)
        viewer_times = []
        for _ in range(3):
            start = time.perf_counter()
            viewer = dock.open_photo(dock.current_photos[0]["id"])
            app.processEvents()
            viewer_times.append(1000 * (time.perf_counter() - start))
            viewer.close()
        results[label + ": open one full 3 MB photo in the viewer, median (ms)"] = round(
            statistics.median(viewer_times), 1
        )
        dock.store = None
        dock.unload()

    folder = tempfile.mkdtemp(prefix="gm-photos-bench-")
    gpkg = GpkgStore(os.path.join(folder, "cases.gpkg"), user="bench")
    gpkg.migrate()
    seed_reference(gpkg)
    measure(gpkg, "GeoPackage")
    gpkg.close()
    with postgis_cluster.LocalCluster() as cluster:
        store = PostgisStore(cluster.create_database("photos"))
        store.migrate()
        seed_reference(store)
        measure(store, "PostGIS")
        store.close()
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
