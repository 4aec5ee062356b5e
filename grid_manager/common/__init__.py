"""Shared helpers of every capability: errors, the i18n hook, progress, CRS choice, workers, reports."""
