"""Grid Manager: domain logic (core), case store (store) and widgets (gui)."""
