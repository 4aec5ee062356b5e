"""File readers and writers: survey files, the GeoPackage point writer."""
