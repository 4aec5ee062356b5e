"""Balanced grid partitioning: atoms, graph partition, straightening, grid codes, quality, revise."""
