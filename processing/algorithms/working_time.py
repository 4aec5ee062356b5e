"""gridmanager:workingtime — load the holiday calendar, the working hours and the time limits into a case store."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from ...grid_manager.cases.working_time import read_calendar_csv, read_time_limits_csv
from ...grid_manager.store import is_case_store_file, open_store
from ..connections import dsn_for_connection
from .base import GridManagerAlgorithm


class WorkingTimeAlgorithm(GridManagerAlgorithm):
    STORE = "STORE"
    STORE_CONNECTION = "STORE_CONNECTION"
    CALENDAR = "CALENDAR"
    WORKING_HOURS = "WORKING_HOURS"
    TIME_LIMITS = "TIME_LIMITS"
    CALENDAR_DAYS = "CALENDAR_DAYS"
    LIMITS_SET = "LIMITS_SET"
    WORKING_HOURS_SET = "WORKING_HOURS_SET"

    def name(self):
        return "workingtime"

    def displayName(self):
        return self.tr("Set working time and time limits of a case store")

    def group(self):
        return self.tr("Cases")

    def groupId(self):
        return "cases"

    def shortHelpString(self):
        return self.tr(
            "Loads into a case store what its deadlines are counted in (处置时限 and the limits of the other "
            "stages, in working hours or working days):\n"
            "- an official holiday list (CSV: date, working, note; e.g. resources/calendars/cn_2026.csv with "
            "the public holidays and the make-up working days 调休); the calendar rows of the years in the "
            "file are replaced, days not listed follow the Monday–Friday week;\n"
            "- the working hours of a working day (e.g. 08:30-12:00,13:30-17:30) in the store's time zone;\n"
            "- time limits (CSV: kind, class_code, urgency, stage, amount, unit[, max_extension_hours]); "
            "class_code * means every class of the kind, urgency * both urgencies; stages: verification, "
            "registration, dispatch, handling, check, closing; units: hours (clock hours), working_hours, "
            "working_days.\n"
            "The store is a GeoPackage case store or the shared PostGIS case store chosen by its QGIS "
            "PostgreSQL connection; there only the command centre (role command) or the store's owner may "
            "change these, and every change is written to the working-time log. Everything given is loaded "
            "in one run; a file with errors is refused with every bad line named, before anything is written."
        )

    def initAlgorithm(self, config=None):
        store = QgsProcessingParameterFile(
            self.STORE, self.tr("GeoPackage case store"), extension="gpkg", optional=True
        )
        store.setHelp(self.tr("A GeoPackage case store. Leave empty for the shared case store."))
        self.addParameter(store)
        connection = QgsProcessingParameterProviderConnection(
            self.STORE_CONNECTION, self.tr("Shared case store (QGIS PostgreSQL connection)"), "postgres", optional=True
        )
        connection.setHelp(self.tr("The QGIS PostgreSQL connection of the shared case store (needs the command role)."))
        self.addParameter(connection)
        calendar = QgsProcessingParameterFile(
            self.CALENDAR, self.tr("Holiday calendar (CSV)"), extension="csv", optional=True
        )
        calendar.setHelp(self.tr("date,working,note: public holidays (false) and make-up working days (true)."))
        self.addParameter(calendar)
        hours = QgsProcessingParameterString(self.WORKING_HOURS, self.tr("Working hours"), optional=True)
        hours.setHelp(self.tr("Periods of a working day, e.g. 08:30-12:00,13:30-17:30. Empty: unchanged."))
        self.addParameter(hours)
        limits = QgsProcessingParameterFile(
            self.TIME_LIMITS, self.tr("Time limits (CSV)"), extension="csv", optional=True
        )
        limits.setHelp(self.tr("kind,class_code,urgency,stage,amount,unit[,max_extension_hours]."))
        self.addParameter(limits)
        self.addOutput(QgsProcessingOutputNumber(self.CALENDAR_DAYS, self.tr("Calendar days loaded")))
        self.addOutput(QgsProcessingOutputNumber(self.LIMITS_SET, self.tr("Time limits set")))
        self.addOutput(QgsProcessingOutputString(self.WORKING_HOURS_SET, self.tr("Working hours")))

    def open_store(self, parameters, context):
        connection = self.parameterAsConnectionName(parameters, self.STORE_CONNECTION, context)
        path = self.parameterAsFile(parameters, self.STORE, context)
        if connection and path:
            raise QgsProcessingException(
                self.tr("Choose either the GeoPackage case store or the shared case store connection, not both.")
            )
        if path:
            if not is_case_store_file(path):
                raise QgsProcessingException(self.tr("{path} is not a case store.").format(path=path))
            store = self.run_core(open_store, path)
            try:
                self.run_core(store.migrate)
            except QgsProcessingException:
                store.close()
                raise
            return store, path
        if not connection:
            raise QgsProcessingException(
                self.tr("Choose the GeoPackage case store or the shared case store connection.")
            )
        dsn = dsn_for_connection(connection)
        if dsn is None:
            raise QgsProcessingException(
                self.tr("The QGIS connection '{name}' does not exist.").format(name=connection)
            )
        return self.run_core(open_store, dsn), "'{}'".format(connection)

    def processAlgorithm(self, parameters, context, feedback):
        calendar_path = self.parameterAsFile(parameters, self.CALENDAR, context)
        limits_path = self.parameterAsFile(parameters, self.TIME_LIMITS, context)
        hours = self.parameterAsString(parameters, self.WORKING_HOURS, context).strip()
        if not (calendar_path or limits_path or hours):
            raise QgsProcessingException(
                self.tr("Give a holiday calendar, working hours or a time-limit file to load.")
            )
        # read and check every file before anything is written
        days = self.run_core(read_calendar_csv, calendar_path) if calendar_path else None
        limits = self.run_core(read_time_limits_csv, limits_path) if limits_path else None
        store, label = self.open_store(parameters, context)
        try:
            loaded = set_limits = 0
            if days is not None:
                loaded = self.run_core(store.load_calendar, days)
                years = ", ".join(sorted({str(day.year) for day, _, _ in days}))
                feedback.pushInfo(
                    self.tr("{n} calendar days loaded for {years} into {store}.").format(
                        n=loaded, years=years, store=label
                    )
                )
            feedback.setProgress(33)
            if hours:
                self.run_core(store.set_working_hours, hours)
            feedback.setProgress(66)
            if limits is not None:
                set_limits = self.run_core(store.set_time_limits, limits)
                feedback.pushInfo(self.tr("{n} time limits set in {store}.").format(n=set_limits, store=label))
            current = self.run_core(store.working_hours)
            feedback.pushInfo(self.tr("Working hours: {hours}.").format(hours=current))
        finally:
            store.close()
        feedback.setProgress(100)
        return {self.CALENDAR_DAYS: loaded, self.LIMITS_SET: set_limits, self.WORKING_HOURS_SET: current}
