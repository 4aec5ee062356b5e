"""Read part surveys robustly: CSV (UTF-8, UTF-8 with BOM, UTF-16, GBK/GB18030 detected), XLSX,
Shapefile (with or without .cpg), GeoPackage, GeoJSON.

Every reader returns a :class:`SurveyTable`: text columns (``''`` for a missing value), optional
point coordinates from the geometry, the coordinate system if the file has one, and one entry per
data row — nothing is dropped silently (empty rows in the middle are kept and marked).
"""

import contextlib
import csv
import datetime
import io
import itertools
import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..common.errors import InputError
from ..common.i18n import translate
from ..common.progress import NULL_PROGRESS

CSV_EXTENSIONS = (".csv", ".txt", ".tsv", ".tab")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
MAX_FIELD = 32767  # longest cell kept (Excel's own limit); longer values are cut and reported


@dataclass
class SurveyTable:
    """A survey as text columns.  ``rows`` holds the 1-based data row numbers shown to the user."""

    source: str
    columns: list
    data: dict
    n: int
    empty: np.ndarray
    x: np.ndarray = None  # point coordinates from the geometry (NaN where missing)
    y: np.ndarray = None
    crs: str = None  # anything pyproj.CRS() accepts (WKT, "EPSG:4326"), None when unknown
    encoding: str = None
    lossy: bool = False  # undecodable bytes were replaced
    notes: list = field(default_factory=list)  # translated remarks for the log

    @property
    def rows(self):
        return np.arange(1, self.n + 1)

    @property
    def has_geometry(self):
        return self.x is not None

    def column(self, name):
        return self.data[name]


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------
def decode_bytes(data):
    """Decode ``data``; returns ``(text, encoding, lossy)``.

    BOMs decide first (UTF-8, UTF-16); then strict UTF-8; then strict GB18030 (a superset of GBK
    and GB2312).  Bytes valid in neither are replaced (``lossy``) using whichever of the two
    needs fewer replacements."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
        return text, "UTF-8 (BOM)", "\ufffd" in text
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
        return text, "UTF-16", "\ufffd" in text
    try:
        return data.decode("utf-8"), "UTF-8", False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030", False
    except UnicodeDecodeError:
        pass
    utf8 = data.decode("utf-8", errors="replace")
    gbk = data.decode("gb18030", errors="replace")
    if utf8.count("\ufffd") <= gbk.count("\ufffd"):
        return utf8, "UTF-8", True
    return gbk, "GBK/GB18030", True


def _cpg_encoding(path):
    """Encoding named by a shapefile's .cpg, or None."""
    stem = os.path.splitext(path)[0]
    for ext in (".cpg", ".CPG"):
        if os.path.exists(stem + ext):
            with open(stem + ext, "rb") as handle:
                name = handle.read(64).decode("ascii", errors="ignore").strip().upper()
            if name in ("UTF-8", "UTF8", "65001"):
                return "UTF-8"
            if name in ("936", "CP936", "GBK", "GB2312", "GB18030", "ANSI 936"):
                return "GB18030"
            if name:
                return name
    return None


def _dbf_encoding(path):
    """Guess a .dbf's encoding without a .cpg: the language driver byte, else the bytes."""
    stem = os.path.splitext(path)[0]
    dbf = next((stem + e for e in (".dbf", ".DBF") if os.path.exists(stem + e)), None)
    if dbf is None:
        return None
    with open(dbf, "rb") as handle:
        data = handle.read(8 * 1024 * 1024)
    if len(data) > 29 and data[29] == 0x4D:  # LDID 77 = code page 936
        return "GB18030"
    header_len = int.from_bytes(data[8:10], "little") if len(data) > 10 else 0
    _text, encoding, _lossy = decode_bytes(data[header_len:])
    return "UTF-8" if encoding.startswith("UTF-8") else "GB18030"


# --------------------------------------------------------------------------------------------
# Cells and headers
# --------------------------------------------------------------------------------------------
def cell_text(value):
    """One cell as text: integers without '.0', dates as ISO dates, None as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


def _unique_headers(header):
    names, seen = [], {}
    for i, raw in enumerate(header):
        name = cell_text(raw).replace("\ufeff", "").strip() or "column_{}".format(i + 1)
        base, k = name, 1
        while name in seen:
            k += 1
            name = "{}_{}".format(base, k)
        seen[name] = True
        names.append(name)
    return names


def _header_index(records, limit=50):
    """Index of the header row: the first row with at least two non-empty cells (a one-cell title
    such as '东城区部件普查表' above the table is skipped); None when there is no data at all."""
    first_nonempty = None
    for i, row in enumerate(records[:limit]):
        count = sum(1 for c in row if cell_text(c))
        if count >= 2:
            return i
        if count and first_nonempty is None:
            first_nonempty = i
    if first_nonempty is not None:
        return first_nonempty
    if any(cell_text(c) for r in records for c in r):
        return 0
    return None


def table_from_records(records, source, **kwargs):
    """Build a SurveyTable from a list of rows (lists of cells): header detected, ragged rows
    padded, trailing empty rows dropped, long cells cut (and noted)."""
    start = _header_index(records)
    if start is None:
        raise InputError(translate("SurveyIO", "{source}: the file has no data (no header row).").format(source=source))
    header = records[start]
    body = records[start + 1 :]
    while body and not any(cell_text(c) for c in body[-1]):
        body.pop()
    width = max([len(header)] + [len(r) for r in body])
    names = _unique_headers(list(header) + [None] * (width - len(header)))
    notes = []
    if start:
        notes.append(
            translate("SurveyIO", "{source}: {n} line(s) above the header row were skipped.").format(
                source=source, n=start
            )
        )
    ragged = sum(1 for r in body if len(r) > len(header))
    if ragged:
        notes.append(
            translate(
                "SurveyIO",
                "{source}: {n} row(s) have more cells than the header; the extra cells are kept as {column}.",
            ).format(source=source, n=ragged, column=names[len(header)])
        )
    n = len(body)
    data = {}
    cut = []
    for j, name in enumerate(names):
        column = np.empty(n, dtype=object)
        for i, r in enumerate(body):
            text = cell_text(r[j]) if j < len(r) else ""
            if len(text) > MAX_FIELD:
                cut.append((i + 1, name, len(text)))
                text = text[:MAX_FIELD]
            column[i] = text
        data[name] = column
    if cut:
        row, name, length = min(cut)
        notes.append(
            translate(
                "SurveyIO",
                "{source}: {n} cell(s) longer than {max} characters were cut to {max} (the first: row {row}, "
                "field '{field}', {length} characters).",
            ).format(source=source, n=len(cut), max=f"{MAX_FIELD:,}", row=row, field=name, length=f"{length:,}")
        )
    empty = _empty_mask(data, n)
    return SurveyTable(source, names, data, n, empty, notes=notes, **kwargs)


def _empty_mask(data, n):
    """Rows whose every cell is '' (cells are already text)."""
    empty = np.ones(n, dtype=bool)
    for column in data.values():
        empty &= np.asarray(column, dtype=object) == ""
    return empty


_SPACES = (" ", "\t", "\r", "\n", "\u3000", "\xa0", "\x0b", "\x0c")


def needs_strip(joined):
    """Does any cell of ``"\\x00".join(cells)`` start or end with white space?  (Substring tests
    run at memchr speed; a regex over a million cells does not.)"""
    if not joined:
        return False
    if joined[0].isspace() or joined[-1].isspace():
        return True
    return any(("\x00" + ws) in joined or (ws + "\x00") in joined for ws in _SPACES)


def _strip_column(column):
    """Strip the cells of an object array of str — only when some cell needs it."""
    if len(column) and needs_strip("\x00".join(column)):
        return np.array([v.strip() for v in column], dtype=object)
    return column


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------
def _delimiter(text):
    first = text[:65536].splitlines()[:20]
    best, best_score = ",", -1
    for delim in (",", "\t", ";", "|"):
        counts = [line.count(delim) for line in first if line.strip()]
        score = max(counts) if counts else 0
        if score > best_score:
            best, best_score = delim, score
    return best


@contextlib.contextmanager
def _no_field_limit():
    """Lift the csv module's field size limit (131,072 characters, which raises ``_csv.Error``) while a
    survey is read; the limit is global to the process, so it is put back afterwards."""
    previous = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)  # the largest a C long holds everywhere (Windows included)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(path, progress=NULL_PROGRESS):
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise InputError(
            translate("SurveyIO", "Cannot read {source}: {error}").format(source=path, error=error)
        ) from None
    text, encoding, lossy = decode_bytes(raw)
    del raw
    progress.set(0.3)
    text = text.replace("\x00", "")
    delim = _delimiter(text)
    table = _read_csv_fast(text, delim, path)
    if table is None:
        with _no_field_limit():  # cells over csv's 131,072 characters are read, then cut and reported
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
        table = table_from_records(records, path)
    table.encoding = encoding
    table.lossy = lossy
    if lossy:
        table.notes.append(
            translate("SurveyIO", "{source}: some bytes are neither UTF-8 nor GBK and were replaced.").format(
                source=path
            )
        )
    progress.set(1.0)
    return table


def _read_csv_fast(text, delim, source):
    """pandas' C parser for the common, well-formed case; None when the rows are ragged or the
    header is not on the first line (then the tolerant csv module path is used)."""
    head = list(csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delim))[:20]
    if not head or _header_index(head) != 0:
        return None
    table = _read_csv_plain(text, delim, source)
    if table is not None:
        return table
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delim,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quotechar='"',
            skipinitialspace=False,
        )
    except (pd.errors.ParserError, ValueError, UnicodeError, csv.Error):
        return None
    if frame.shape[0] == 0:
        return None
    header = [cell_text(v) for v in frame.iloc[0].tolist()]
    body = frame.iloc[1:]
    # Drop trailing empty rows (a final blank line, Excel's trailing separators).
    values = body.fillna("").to_numpy(dtype=object)
    nonempty = (values != "").any(axis=1) if values.size else np.zeros(len(body), dtype=bool)
    last = np.flatnonzero(nonempty)
    n = int(last[-1]) + 1 if last.size else 0
    values = values[:n]
    names = _unique_headers(header)
    data = {}
    for j, name in enumerate(names):
        column = _strip_column(np.ascontiguousarray(values[:, j]) if n else np.empty(0, dtype=object))
        if n and max(map(len, column)) > MAX_FIELD:
            return None  # the tolerant path cuts and reports long cells
        data[name] = column
    return SurveyTable(source, names, data, n, _empty_mask(data, n))


def _read_csv_plain(text, delim, source):
    """The plainest CSV — no quotes, every line with the header's number of cells, none longer than
    MAX_FIELD — split with str methods (3-4× faster than building pandas' frame); None for
    anything else.  Same cells, header, trailing-row and stripping rules as the other paths."""
    if '"' in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 2:
        return None
    k = lines[0].count(delim) + 1
    if k < 2:
        return None
    count = np.fromiter(map(str.count, lines, itertools.repeat(delim)), dtype=np.int64, count=len(lines))
    if (count != k - 1).any():
        return None
    length = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    if length.max() > MAX_FIELD:
        return None
    body_nonempty = np.flatnonzero(length[1:] > k - 1)  # a line of separators only is an empty row
    n = int(body_nonempty[-1]) + 1 if len(body_nonempty) else 0
    names = _unique_headers([cell_text(v) for v in lines[0].split(delim)])
    flat = delim.join(lines[1 : n + 1]).split(delim) if n else []
    cells = np.fromiter(flat, dtype=object, count=len(flat)).reshape(n, k)
    del flat
    spaces = [ws for ws in _SPACES if ws not in "\r\n" and ws in text]
    data = {}
    stripped = False
    for j, name in enumerate(names):
        column = np.ascontiguousarray(cells[:, j])
        if n and (spaces or column[0][:1].isspace() or column[-1][-1:].isspace()):
            column = _strip_column(column)
            stripped = True
        data[name] = column
    empty = _empty_mask(data, n) if stripped else length[1 : n + 1] == k - 1
    return SurveyTable(source, names, data, n, empty)


def _xlsx_records(path, sheet, data_only):
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=data_only)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError) as error:
        raise InputError(
            translate("SurveyIO", "Cannot read {source} as an Excel workbook: {error}").format(source=path, error=error)
        ) from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError(
                    translate("SurveyIO", "{source} has no sheet '{sheet}'.").format(source=path, sheet=sheet)
                )
            names = [sheet]
        else:
            names = list(workbook.sheetnames)
        records, title, merged = [], None, []
        for name in names:
            ws = workbook[name]
            try:
                records = [list(row) for row in ws.iter_rows(values_only=True)]
                merged = _merged_ranges(ws)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
                raise InputError(
                    translate("SurveyIO", "Cannot read {source}, sheet '{sheet}': {error}").format(
                        source=path, sheet=name, error=error
                    )
                ) from None
            title = name
            if any(cell_text(c) for r in records for c in r):
                break
        return records, title, merged
    finally:
        workbook.close()


_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)\"")


def _merged_ranges(ws):
    """The merged cell ranges of a sheet as (min_col, min_row, max_col, max_row), 1-based.  A read-only
    worksheet does not parse them: they are read from the sheet's XML (``<mergeCell ref="A3:A7"/>``,
    after the cell data), streamed in chunks."""
    from openpyxl.utils import range_boundaries

    source = getattr(ws, "_get_source", None)
    if source is None:  # an ordinary worksheet
        return [tuple(r.bounds) for r in getattr(ws, "merged_cells", ())]
    refs = []
    handle = source()
    try:
        tail = b""
        while True:
            chunk = handle.read(1 << 20)
            if not chunk:
                break
            block = tail + chunk
            cut = block.rfind(b"<")  # a tag may straddle two chunks: keep its start for the next one
            cut = cut if cut > 0 else len(block)
            refs += _MERGE_CELL.findall(block[:cut])
            tail = block[cut:]
        refs += _MERGE_CELL.findall(tail)
    finally:
        handle.close()
    ranges = []
    for ref in refs:
        text = ref.decode("ascii")
        bounds = range_boundaries(text if ":" in text else text + ":" + text)
        if bounds[3] > bounds[1] or bounds[2] > bounds[0]:
            ranges.append(bounds)
    return ranges


def _fill_merged(records, merged):
    """Cells covered by a merged range spanning several rows read as the range's value (Excel keeps it
    in the top-left cell only): down its first column, so that a merged 所属社区 reads on every row it
    spans, while a title merged across the top stays one cell (and is still skipped as a title).
    Returns the ranges filled as (A1 reference, value)."""
    from openpyxl.utils import get_column_letter

    filled = []
    for min_col, min_row, max_col, max_row in merged:
        if max_row <= min_row or min_row > len(records):
            continue
        top = records[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        for r in range(min_row, min(max_row, len(records))):
            row = records[r]
            if len(row) < min_col:
                row.extend([None] * (min_col - len(row)))
            if row[min_col - 1] is None or (isinstance(row[min_col - 1], str) and not row[min_col - 1].strip()):
                row[min_col - 1] = value
        ref = "{}{}:{}{}".format(get_column_letter(min_col), min_row, get_column_letter(max_col), max_row)
        filled.append((ref, cell_text(value)))
    return filled


def read_xlsx(path, sheet=None, progress=NULL_PROGRESS):
    """The first sheet with data (or ``sheet``).  Formulas count with their saved value; a formula
    without one (a workbook never opened in Excel) is kept as its text, so the row is rejected
    with a visible reason instead of looking empty."""
    records, title, merged = _xlsx_records(path, sheet, True)
    progress.set(0.5)
    formulas = 0
    if any(c is None for r in records for c in r):
        raw, _title, _merged = _xlsx_records(path, title, False)
        for r, (row, raw_row) in enumerate(zip(records, raw)):
            for c, (value, formula) in enumerate(zip(row, raw_row)):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    records[r][c] = formula
                    formulas += 1
    filled = _fill_merged(records, merged)
    progress.set(0.8)
    table = table_from_records(records, path, encoding="XLSX")
    if filled:
        table.notes.append(
            translate(
                "SurveyIO",
                "{source}: {n} merged cell range(s) were read as their value on every row they span (e.g. "
                "{range}: '{value}').",
            ).format(source=path, n=len(filled), range=filled[0][0], value=filled[0][1][:40])
        )
    if formulas:
        table.notes.append(
            translate(
                "SurveyIO", "{source}: {n} cell(s) hold formulas without a saved value; they are read as text."
            ).format(source=path, n=formulas)
        )
    return table


def read_ogr(path, layer=None, progress=NULL_PROGRESS):
    """Shapefile, GeoPackage, GeoJSON and anything else GDAL reads, through pyogrio."""
    import pyogrio
    import shapely

    kwargs = {}
    if path.lower().endswith(".shp"):
        kwargs["encoding"] = _cpg_encoding(path) or _dbf_encoding(path)
    try:
        layers = pyogrio.list_layers(path)
        if layer is None and len(layers):
            points = [str(name) for name, kind in layers if kind and "Point" in str(kind)]
            layer = points[0] if points else str(layers[0][0])
        frame = pyogrio.read_dataframe(path, layer=layer, **kwargs)
    except Exception as error:  # pyogrio raises DataSourceError, DataLayerError, ValueError…
        raise InputError(
            translate("SurveyIO", "Cannot read {source}: {error}").format(source=path, error=error)
        ) from None
    progress.set(0.7)
    geometry = getattr(frame, "geometry", None) if "geometry" in frame.columns else None
    columns = [c for c in frame.columns if c != "geometry"]
    n = len(frame)
    data = {}
    for name in columns:
        data[str(name)] = np.array([cell_text(v) for v in frame[name].tolist()], dtype=object)
    names = _unique_headers(list(data))
    data = dict(zip(names, data.values()))
    table = SurveyTable(
        path if layer is None else "{}|{}".format(path, layer),
        names,
        data,
        n,
        _empty_mask(data, n),
        encoding=kwargs.get("encoding") or "UTF-8",
    )
    if geometry is not None:
        geoms = np.asarray(geometry.values, dtype=object)
        table.x, table.y, note = points_of(geoms, table.source)
        if note:
            table.notes.append(note)
        table.empty &= shapely.is_missing(geoms) | shapely.is_empty(geoms)
        crs = geometry.crs
        table.crs = crs.to_wkt() if crs is not None else None
    return table


def points_of(geoms, source):
    """x, y of point geometries; other shapes are placed by a point on their surface."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return x, y, None
    kinds = shapely.get_type_id(geoms[present])
    pts = geoms[present].copy()
    non_point = kinds != 0
    if non_point.any():
        pts[non_point] = shapely.point_on_surface(pts[non_point])
    x[present] = shapely.get_x(pts)
    y[present] = shapely.get_y(pts)
    note = None
    if non_point.any():
        note = translate(
            "SurveyIO", "{source}: {n} feature(s) are not points and are placed by a point on their surface."
        ).format(source=source, n=int(non_point.sum()))
    return x, y, note


def split_source(value):
    """``'file.gpkg|layername=parts'`` → ('file.gpkg', 'parts')."""
    path, _, rest = str(value).partition("|")
    match = re.search(r"layername=([^|]+)", rest)
    return path, (match.group(1) if match else None)


def read_survey(source, progress=NULL_PROGRESS):
    """Read a survey file; the format follows the extension, the encoding is detected."""
    path, layer = split_source(source)
    if not os.path.isfile(path):
        raise InputError(translate("SurveyIO", "The survey file {source} does not exist.").format(source=path))
    ext = os.path.splitext(path)[1].lower()
    if ext in CSV_EXTENSIONS:
        return read_csv(path, progress)
    if ext in XLSX_EXTENSIONS:
        return read_xlsx(path, layer, progress)
    if ext == ".xls":
        raise InputError(
            translate("SurveyIO", "{source} is an old Excel 97-2003 workbook: save it as .xlsx or .csv first.").format(
                source=path
            )
        )
    return read_ogr(path, layer, progress)


HEAD_BYTES = 1 << 20


def survey_columns(source):
    """``(columns, encoding)`` of a survey file, named exactly as ``read_survey`` names them (encoding
    detected, title rows skipped, duplicates numbered), reading only the head of a text file: what a
    field drop-down offers for a file QGIS itself would open with the wrong encoding."""
    path, layer = split_source(source)
    if not os.path.isfile(path):
        raise InputError(translate("SurveyIO", "The survey file {source} does not exist.").format(source=path))
    ext = os.path.splitext(path)[1].lower()
    if ext in CSV_EXTENSIONS:
        try:
            with open(path, "rb") as handle:
                raw = handle.read(HEAD_BYTES)
                more = bool(handle.read(1))
        except OSError as error:
            raise InputError(
                translate("SurveyIO", "Cannot read {source}: {error}").format(source=path, error=error)
            ) from None
        if more and raw.rfind(b"\n") > 0:
            raw = raw[: raw.rfind(b"\n") + 1]  # whole lines only (never half a GBK character)
        text, encoding, _lossy = decode_bytes(raw)
        text = text.replace("\x00", "")
        with _no_field_limit():
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
        return table_from_records(records, path).columns, encoding
    if ext in XLSX_EXTENSIONS or ext == ".xls":
        table = read_survey(source)
        return table.columns, table.encoding
    import pyogrio

    kwargs = {}
    if ext == ".shp":
        kwargs["encoding"] = _cpg_encoding(path) or _dbf_encoding(path)
    try:
        if layer is None:
            layers = pyogrio.list_layers(path)
            points = [str(name) for name, kind in layers if kind and "Point" in str(kind)]
            layer = points[0] if points else (str(layers[0][0]) if len(layers) else None)
        info = pyogrio.read_info(path, layer=layer, **kwargs)
    except Exception as error:  # pyogrio raises DataSourceError, DataLayerError, ValueError…
        raise InputError(
            translate("SurveyIO", "Cannot read {source}: {error}").format(source=path, error=error)
        ) from None
    return _unique_headers([str(name) for name in info["fields"]]), kwargs.get("encoding") or "UTF-8"


# --------------------------------------------------------------------------------------------
# Header guessing
# --------------------------------------------------------------------------------------------
HEADER_GUESSES = {
    "x": (
        "x",
        "lon",
        "lng",
        "long",
        "longitude",
        "经度",
        "横坐标",
        "x坐标",
        "东坐标",
        "point_x",
        "coord_x",
        "easting",
        "东向坐标",
        "jd",
    ),
    "y": (
        "y",
        "lat",
        "latitude",
        "纬度",
        "纵坐标",
        "y坐标",
        "北坐标",
        "point_y",
        "coord_y",
        "northing",
        "北向坐标",
        "wd",
    ),
    "code": (
        "code",
        "part_code",
        "部件编码",
        "部件编号",
        "部件代码",
        "标识码",
        "编码",
        "编号",
        "bjbm",
        "objcode",
        "bm",
    ),
    "name": ("name", "部件名称", "名称", "bjmc", "mc"),
    "status": ("status", "state", "部件状态", "状态", "zt"),
    "owner": (
        "owner",
        "owner_dept",
        "department",
        "dept",
        "主管部门",
        "权属单位",
        "管理单位",
        "养护单位",
        "责任单位",
        "zgbm",
        "qsdw",
    ),
    "date": ("survey_date", "date", "普查日期", "调查日期", "采集日期", "日期", "pcrq", "cjrq"),
}


def _norm_header(name):
    return re.sub(r"[\s_\-()（）:：]", "", str(name).lower())


def guess_field(columns, kind):
    """The column that most likely holds ``kind`` ('x', 'y', 'code', 'name', 'status', 'owner',
    'date'), or None: an exact (normalised) match first, then a header starting with a candidate
    (such as '经度(GCJ02)')."""
    candidates = [_norm_header(c) for c in HEADER_GUESSES[kind]]
    normed = [_norm_header(c) for c in columns]
    for cand in candidates:
        for col, n in zip(columns, normed):
            if n == cand:
                return col
    for cand in candidates:
        if len(cand) < 2:
            continue
        for col, n in zip(columns, normed):
            if n.startswith(cand):
                return col
    return None
