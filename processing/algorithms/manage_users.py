"""gridmanager:manageusers — create a login of the shared store, change its role, disable or enable it."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)

from ...grid_manager.common.errors import GridManagerError
from ...grid_manager.store.interface import STORE_ROLES
from .base import GridManagerAlgorithm
from .store_admin import add_store_parameters, open_admin_store


class ManageUsersAlgorithm(GridManagerAlgorithm):
    OPERATION = "OPERATION"
    LOGIN = "LOGIN"
    ROLE = "ROLE"
    DEPARTMENT = "DEPARTMENT"
    STREETS = "STREETS"
    STATE = "STATE"

    def name(self):
        return "manageusers"

    def displayName(self):
        return self.tr("Manage users and roles")

    def group(self):
        return self.tr("Case store administration")

    def groupId(self):
        return "storeadmin"

    def shortHelpString(self):
        return self.tr(
            "Creates a login of the shared case store acting in one role (inspector, supervision, command, "
            "department, viewer, planner or surveyor), changes the role of a login (the previous one is revoked), "
            "disables a login (it can no longer connect nor act; its open sessions are ended) or enables it again. "
            "A department user needs its department, a surveyor the street codes (separated by commas) whose grids "
            "they edit. Only the store's administrator or a user of the command centre may do it; the command "
            "centre manages only the store's own users, never the administrator nor its own login. Every change is "
            "audited. Passwords are never asked here: set one with the store administration command line "
            "(--password) or use the database's own authentication."
        )

    def operations(self):
        return [self.tr("Create or change role"), self.tr("Disable"), self.tr("Enable")]

    def initAlgorithm(self, config=None):
        add_store_parameters(self, postgis_only=True)
        self.addParameter(
            QgsProcessingParameterEnum(self.OPERATION, self.tr("Operation"), options=self.operations(), defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterString(self.LOGIN, self.tr("Login")))
        self.addParameter(
            QgsProcessingParameterEnum(self.ROLE, self.tr("Role"), options=list(STORE_ROLES), defaultValue=0)
        )
        self.addParameter(
            QgsProcessingParameterString(self.DEPARTMENT, self.tr("Department (role department)"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(self.STREETS, self.tr("Street codes (role surveyor)"), optional=True)
        )
        self.addOutput(QgsProcessingOutputString(self.STATE, self.tr("The login's role and state")))

    def processAlgorithm(self, parameters, context, feedback):
        operation = self.parameterAsEnum(parameters, self.OPERATION, context)
        login = self.parameterAsString(parameters, self.LOGIN, context).strip()
        role = STORE_ROLES[self.parameterAsEnum(parameters, self.ROLE, context)]
        department = self.parameterAsString(parameters, self.DEPARTMENT, context).strip() or None
        streets = [s.strip() for s in self.parameterAsString(parameters, self.STREETS, context).split(",") if s.strip()]
        if not login:
            raise QgsProcessingException(self.tr("Give the login (field Login)."))
        store, label = open_admin_store(self, parameters, context, postgis_only=True)
        try:
            if operation == 0:
                store.create_user(login, role, department, streets=streets)
                feedback.pushInfo(
                    self.tr("{login} acts as {role} in {store}.").format(login=login, role=role, store=label)
                )
            else:
                store.set_user_enabled(login, operation == 2)
                text = self.tr("{login} is enabled.") if operation == 2 else self.tr("{login} is disabled.")
                feedback.pushInfo(text.format(login=login))
            user = next((u for u in store.users() if u["login"] == login), None)
        except GridManagerError as error:
            raise QgsProcessingException(str(error)) from None
        finally:
            store.close()
        state = ""
        if user is not None:
            state = "{} {}".format(user["role"], "enabled" if user["enabled"] and user["can_login"] else "disabled")
        return {self.STATE: state}
