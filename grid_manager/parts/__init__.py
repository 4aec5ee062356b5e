"""City parts (部件): code schemes, class catalogues, GCJ-02/BD-09, survey import, inventory."""
