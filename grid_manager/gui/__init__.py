"""Widgets of Grid Manager (qgis.PyQt only)."""
