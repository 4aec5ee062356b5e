"""Shared by the administration algorithms (managedepartments, manageclasses, manageusers): the case store
parameters (a QGIS PostgreSQL connection or a GeoPackage case store) and opening the store.  The store itself
checks who may administer it (the administrator or the command centre) and audits every change."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...grid_manager.common.errors import GridManagerError
from ...grid_manager.store import is_case_store_file, open_store
from ..connections import dsn_for_connection

STORE_CONNECTION = "STORE_CONNECTION"
STORE_FILE = "STORE_FILE"


def add_store_parameters(alg, postgis_only=False):
    connection = QgsProcessingParameterProviderConnection(
        STORE_CONNECTION,
        QCoreApplication.translate("StoreAdministration", "Shared case store (QGIS PostgreSQL connection)"),
        "postgres",
        optional=not postgis_only,
    )
    connection.setHelp(
        QCoreApplication.translate(
            "StoreAdministration",
            "The QGIS PostgreSQL connection of the shared case store (the connection of the case dock); its login "
            "must be the store's administrator or a user of the command centre. No password is asked or stored.",
        )
    )
    alg.addParameter(connection)
    if not postgis_only:
        path = QgsProcessingParameterFile(
            STORE_FILE,
            QCoreApplication.translate("StoreAdministration", "GeoPackage case store"),
            extension="gpkg",
            optional=True,
        )
        path.setHelp(
            QCoreApplication.translate(
                "StoreAdministration", "A single-desk case store (GeoPackage); leave empty for the shared store."
            )
        )
        alg.addParameter(path)


def open_admin_store(alg, parameters, context, postgis_only=False):
    """``(store, label)`` of the chosen case store; refuses both or neither, a file that is no case store and a
    database without one."""
    connection = alg.parameterAsConnectionName(parameters, STORE_CONNECTION, context)
    path = "" if postgis_only else alg.parameterAsFile(parameters, STORE_FILE, context)
    if connection and path:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "StoreAdministration",
                "Choose either the GeoPackage case store or the shared case store connection, not both.",
            )
        )
    if not connection and not path:
        raise QgsProcessingException(
            QCoreApplication.translate("StoreAdministration", "Choose the shared case store connection.")
            if postgis_only
            else QCoreApplication.translate(
                "StoreAdministration", "Choose the GeoPackage case store or the shared case store connection."
            )
        )
    try:
        if path:
            if not is_case_store_file(path):
                raise QgsProcessingException(
                    QCoreApplication.translate(
                        "StoreAdministration",
                        "{path} is not a case store (a GeoPackage made by the case dock or the store administration).",
                    ).format(path=path)
                )
            store = open_store(path)
            store.migrate()
            return store, path
        dsn = dsn_for_connection(connection)
        if dsn is None:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "StoreAdministration", "The QGIS connection '{name}' does not exist."
                ).format(name=connection)
            )
        store = open_store(dsn)
        if store.schema_version() == 0:
            store.close()
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "StoreAdministration",
                    "The database of '{name}' holds no case store; ask its administrator to create it.",
                ).format(name=connection)
            )
        return store, connection
    except GridManagerError as error:
        raise QgsProcessingException(str(error)) from None
