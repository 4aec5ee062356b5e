"""Export of the case list: the visible columns, in the visible order, with their headers.

CSV is written as UTF-8 with a byte-order mark (Excel then reads Chinese correctly); XLSX with openpyxl when
it is installed, otherwise through GDAL/OGR's XLSX driver (shipped with QGIS).
"""

import csv
import os

from qgis.PyQt.QtCore import QCoreApplication

from ..common.errors import InputError


def write_csv(path, headers, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


def write_xlsx(path, headers, rows, sheet="cases"):
    try:
        import openpyxl
    except ImportError:
        openpyxl = None
    if openpyxl is not None:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
        ws.freeze_panes = "A2"
        for n, header in enumerate(headers, start=1):
            width = max([len(str(header))] + [len(str(r[n - 1])) for r in rows[:200]]) + 2
            ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width = min(60, width * 1.2)
        book.save(path)
        return
    _write_xlsx_ogr(path, headers, rows, sheet)


def _write_xlsx_ogr(path, headers, rows, sheet):
    from osgeo import ogr

    driver = ogr.GetDriverByName("XLSX")
    if driver is None:
        raise InputError(
            QCoreApplication.translate(
                "CaseExport", "Neither openpyxl nor GDAL's XLSX driver is available to write {path}."
            ).format(path=path)
        )
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    source = driver.CreateDataSource(path)
    layer = source.CreateLayer(sheet, geom_type=ogr.wkbNone)
    names = []
    for header in headers:
        name = str(header)
        while name in names:  # OGR needs unique field names
            name += "_"
        names.append(name)
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    definition = layer.GetLayerDefn()
    for row in rows:
        feature = ogr.Feature(definition)
        for i, value in enumerate(row):
            feature.SetField(i, "" if value is None else str(value))
        layer.CreateFeature(feature)
    feature = layer = definition = None
    source.FlushCache()
    source = None  # closing the data source writes the file


def export_rows(path, headers, rows):
    """Write ``rows`` (lists of display texts) under ``headers`` to ``path`` (.csv or .xlsx); a failure
    raises :class:`InputError` naming the file, and leaves no half-written file behind."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in (".csv", ".xlsx"):
        raise InputError(
            QCoreApplication.translate(
                "CaseExport", "Cannot export to {path}: choose a file ending in .csv or .xlsx."
            ).format(path=os.path.basename(path))
        )
    # written aside, then moved in place (no half-written file under the chosen name); the extension is kept
    # once and last: GDAL reads "list.xlsx.part.xlsx" as a member of an archive "list.xlsx"
    temp = os.path.splitext(path)[0] + ".partial" + ext
    try:
        if ext == ".csv":
            write_csv(temp, headers, rows)
        else:
            write_xlsx(temp, headers, rows)
        os.replace(temp, path)
    except OSError as error:
        if os.path.exists(temp):
            os.remove(temp)
        raise InputError(
            QCoreApplication.translate("CaseExport", "Cannot write {path}: {error}").format(
                path=path, error=error.strerror or error
            )
        ) from None
