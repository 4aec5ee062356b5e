"""Issue 17 (item 4): a partition whose grid count would take longer than the time budget is refused
before any work, with the estimate and the limit; the budget is a QGIS setting; ordinary runs pass."""

import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsProcessingException, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

SQUARE_A = "POLYGON((0 0, 300 0, 300 300, 0 300, 0 0))"
SQUARE_B = "POLYGON((300 0, 600 0, 600 300, 300 300, 300 0))"
KEY = "gridmanager/time_budget_minutes"


def areas():
    layer = QgsVectorLayer("Polygon?crs=EPSG:32650", "communities", "memory")
    layer.dataProvider().addAttributes([QgsField("code", QVariant.String)])
    layer.updateFields()
    feats = []
    for wkt, code in ((SQUARE_A, "440305001001"), (SQUARE_B, "440305001002")):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes([code])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


@pytest.fixture
def no_partitioning(monkeypatch):
    """Any partition that gets past the checks stops at once (the refusal must come before any work)."""
    from gridmanager.grid_manager.grids import partition

    class Started(Exception):
        pass

    def started(*args, **kwargs):
        raise Started("the partition started")

    from qgis.core import QgsApplication

    monkeypatch.setattr(partition, "_partition_area", started)
    monkeypatch.setattr(partition, "_area_job", started)
    threads = QgsApplication.maxThreads()
    QgsApplication.setMaxThreads(1)  # in this process: the patched functions cannot go to workers
    yield Started
    QgsApplication.setMaxThreads(threads)


@pytest.fixture
def budget_setting():
    settings = QgsSettings()
    before = settings.value(KEY)
    yield settings
    if before is None:
        settings.remove(KEY)
    else:
        settings.setValue(KEY, before)


def test_ninety_thousand_grids_are_refused_with_the_estimate(run_alg, tmp_path, no_partitioning, budget_setting):
    budget_setting.remove(KEY)  # the default budget
    out = tmp_path / "grids.gpkg"
    params = {"AREAS": areas(), "AREA_CODE_FIELD": "code", "BALANCE_BY": 0, "TARGET_AREA": 2, "OUTPUT": str(out)}
    with pytest.raises(QgsProcessingException) as error:
        run_alg("gridmanager:partitiongrids", params)
    message = str(error.value)
    assert "about 90,000 grids (1 worker processes) would take about 75 minutes" in message
    assert "more than the time budget of 10 minutes" in message and "gridmanager/time_budget_minutes" in message
    assert not out.exists()


def test_the_time_budget_is_a_setting(run_alg, tmp_path, no_partitioning, budget_setting):
    params = {"AREAS": areas(), "AREA_CODE_FIELD": "code", "BALANCE_BY": 0, "TARGET_AREA": 20, "OUTPUT": "memory:"}
    budget_setting.setValue(KEY, 3)  # 9,000 grids on one worker: about 7.5 minutes
    with pytest.raises(QgsProcessingException, match="about 8 minutes, more than the time budget of 3 minutes"):
        run_alg("gridmanager:partitiongrids", params)
    budget_setting.setValue(KEY, 10)
    with pytest.raises(QgsProcessingException, match="the partition started"):  # past the check
        run_alg("gridmanager:partitiongrids", params)
    budget_setting.setValue(KEY, 0)  # no time limit
    with pytest.raises(QgsProcessingException, match="the partition started"):
        run_alg("gridmanager:partitiongrids", dict(params, TARGET_AREA=2))


def test_ordinary_partition_is_not_refused(run_alg, budget_setting):
    budget_setting.remove(KEY)
    results, _fb = run_alg(
        "gridmanager:partitiongrids",
        {"AREAS": areas(), "AREA_CODE_FIELD": "code", "BALANCE_BY": 0, "TARGET_AREA": 10000, "OUTPUT": "memory:"},
    )
    assert results["OUTPUT"].featureCount() == 18


def test_a_long_bisection_reports_progress():
    """Issue 17: one big piece showed no progress between 45 % and 85 % (120 s silent for 90,000 grids);
    the bisection now reports as it finishes grids."""
    import shapely

    from gridmanager.grid_manager.common.progress import Progress
    from gridmanager.grid_manager.grids import partition

    seen = []
    options = partition.PartitionOptions(balance_by=partition.AREA, target_area=1000.0, workers=1)
    result = partition.partition(
        [shapely.box(0, 0, 600, 300)], [1], ["440305001001"], options=options, progress=Progress(report=seen.append)
    )
    assert len(result.grids) == 180
    between = sorted({round(v, 3) for v in seen if 45 < v < 85})
    assert len(between) >= 20 and between == sorted(between)
    assert all(b >= a - 1e-9 for a, b in zip(seen, seen[1:]))  # never backwards
