"""Grid Manager QGIS plugin entry point."""


def classFactory(iface):
    from .plugin import GridManagerPlugin

    return GridManagerPlugin(iface)
