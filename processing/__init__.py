"""Processing provider and algorithms: thin adapters over the grid_manager packages."""
