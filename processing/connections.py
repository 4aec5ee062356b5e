"""Where the dock finds its stores: QGIS PostgreSQL connections (credentials through the QGIS auth
manager, resolved at runtime and never stored by the plugin) and GeoPackage files."""

from qgis.core import QgsDataSourceUri, QgsProviderRegistry, QgsSettings

SETTINGS_RECENT = "gridmanager/cases/recent_gpkg"
SETTINGS_LAST = "gridmanager/cases/last_connection"


def postgres_connection_names():
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        return []
    return sorted(metadata.connections().keys())


def postgres_uri(name):
    """The QgsDataSourceUri of a saved QGIS PostgreSQL connection (None if it does not exist)."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        return None
    connection = metadata.connections().get(name)
    if connection is None:
        return None
    return QgsDataSourceUri(connection.uri())


def dsn_for_connection(name):
    """A libpq connection string for a QGIS connection: user/password come from the connection or,
    when it uses an authentication configuration, from the QGIS auth manager at this moment."""
    uri = postgres_uri(name)
    if uri is None:
        return None
    return dsn_for_uri(uri)


def dsn_for_uri(uri):
    """``connectionInfo(True)`` expands an ``authcfg`` through the QGIS auth manager (in memory only)."""
    return uri.connectionInfo(True)


def recent_geopackages():
    value = QgsSettings().value(SETTINGS_RECENT, [])
    if isinstance(value, str):
        value = [value] if value else []
    return [v for v in (value or []) if v]


def remember_geopackage(path):
    paths = [path] + [p for p in recent_geopackages() if p != path]
    QgsSettings().setValue(SETTINGS_RECENT, paths[:8])
