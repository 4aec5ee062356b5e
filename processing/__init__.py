"""Processing provider and algorithms: thin adapters over grid_manager.core."""
