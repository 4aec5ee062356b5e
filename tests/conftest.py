"""Test set-up: the plugin is imported as the package ``gridmanager`` from an isolated QGIS
profile (the checkout is linked into it), never with the repository root on sys.path."""

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLUGINS = REPO / "build" / "qgis" / "profiles" / "default" / "python" / "plugins"
SAMPLE = REPO / "resources" / "sample"


def _keep_repo_root_off_path():
    """`python -m pytest` puts the working directory on sys.path; our `processing/` folder would then
    shadow QGIS's own `processing` package."""
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and Path(p).resolve() != REPO]


def _link_plugin():
    PLUGINS.mkdir(parents=True, exist_ok=True)
    link = PLUGINS / "gridmanager"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))


_keep_repo_root_off_path()
_link_plugin()


def _check_numpy():
    import numpy

    if int(numpy.__version__.split(".")[0]) >= 2:
        raise SystemExit(
            "numpy %s in the venv: Debian's GDAL/SciPy/QGIS need numpy 1.x. Always install with "
            "`pip install -c constraints.txt …` (fix: .venv/bin/pip install -c constraints.txt -r requirements.txt)"
            % numpy.__version__
        )


_check_numpy()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def provider(qgis_processing):
    """The Grid Manager provider registered in the session's Processing registry.  Tests that load the
    plugin itself replace it (``without_session_provider``), so this handle looks the provider up on
    every use and registers a new one when none is there."""
    handle = _ProviderHandle()
    handle.id()  # registered now
    return handle


class _ProviderHandle:
    def __getattr__(self, name):
        from qgis.core import QgsApplication

        from gridmanager.processing.provider import GridManagerProvider

        registry = QgsApplication.processingRegistry()
        if registry.providerById("gridmanager") is None:
            _PROVIDERS.append(GridManagerProvider())  # a Python provider must outlive its registration
            registry.addProvider(_PROVIDERS[-1])
        return getattr(registry.providerById("gridmanager"), name)


_PROVIDERS = []


@pytest.fixture
def without_session_provider(qgis_processing):
    """For tests that load the plugin itself: the session provider is removed first (a second provider
    with the same id would be refused and deleted by QGIS) and a new one is registered afterwards."""
    from qgis.core import QgsApplication

    from gridmanager.processing.provider import GridManagerProvider

    registry = QgsApplication.processingRegistry()
    before = registry.providerById("gridmanager")
    if before is not None:
        registry.removeProvider(before)
    yield
    if before is not None and registry.providerById("gridmanager") is None:
        _PROVIDERS.append(GridManagerProvider())
        registry.addProvider(_PROVIDERS[-1])


@pytest.fixture(scope="session")
def sample_gpkg():
    return str(SAMPLE / "helsinki_sample.gpkg")


@pytest.fixture
def zh_cn():
    """Chinese UI for one test: installs the zh_CN translator (and the core hook), then removes it."""
    from gridmanager.grid_manager.gui.translation import PluginTranslator

    translator = PluginTranslator("zh_CN")
    assert translator.translator is not None, "i18n/gridmanager_zh_CN.qm missing: run `make transcompile`"
    yield translator
    translator.remove()


@pytest.fixture
def run_alg(provider):
    """``run_alg(id, params)`` runs an algorithm through QGIS Processing and returns
    ``(results, feedback)``; ``feedback.log`` holds every message the algorithm pushed."""
    return _run_algorithm


def _run_algorithm(algorithm_id, params, context=None, feedback=None):
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.log = []

        def pushInfo(self, text):
            self.log.append(text)

        def pushWarning(self, text):
            self.log.append(text)

        def reportError(self, text, fatal=False):
            self.log.append(text)

    feedback = feedback or Feedback()
    context = context or QgsProcessingContext()
    results = processing.run(algorithm_id, params, context=context, feedback=feedback)
    return results, feedback


_EXIT = {}


def pytest_sessionfinish(session, exitstatus):
    _EXIT["status"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without Python's interpreter teardown: destroying Qt/QGIS objects after QgsApplication
    has exited segfaults in QGIS 3.22's bindings, which would turn a green run into exit code 139.
    Everything (results, summary, temporary clusters) is finished and flushed by now."""
    if "status" in _EXIT and not os.environ.get("GRIDMANAGER_NORMAL_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT["status"])
