"""Opening xlsx files that come from outside: check the archive before any XML is parsed.

An xlsx file is a zip archive of XML parts. openpyxl has no guard against zip bombs, and it
defuses XML attacks (billion laughs, external entities) only when ``defusedxml`` is installed.
:func:`check_xlsx_archive` therefore reads the zip directory first and refuses

* files that are not zip archives (or are password-protected, which makes them OLE files);
* more than :data:`MAX_MEMBERS` members, members with absolute or ``..`` paths;
* a member larger than :data:`MAX_MEMBER_BYTES` or all members together larger than
  :data:`MAX_TOTAL_BYTES` once uncompressed;
* a member over 1 MB that expands more than :data:`MAX_RATIO` times.

Python's ``zipfile`` stops reading a member at its declared size (and checks its CRC), so the
declared sizes checked here bound what openpyxl or calamine may inflate.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.i18n import message
from itsm_assess.loading import check_regular_file, display_path

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 250
_RATIO_MIN_BYTES = 1024 * 1024


#: The most cells a sheet's used area may span (rows x columns, from its first to its last
#: non-empty cell) before it is read: the fast reader holds that area densely, so one stray
#: value at XFD1048576 would ask for 17 billion cells.
MAX_SHEET_CELLS = 40_000_000
MAX_ROWS = 1_048_576  # what an xlsx worksheet can hold
MAX_COLUMNS = 16_384


def check_xlsx_archive(
    path: str | os.PathLike[str],
    *,
    max_members: int = MAX_MEMBERS,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_ratio: float = MAX_RATIO,
) -> None:
    """Raise :class:`InputError` naming the file unless it is a reasonable xlsx zip archive."""
    name = display_path(path)
    p = Path(path)
    check_regular_file(p, message("an xlsx workbook"))
    try:
        with zipfile.ZipFile(p) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        with p.open("rb") as fh:
            magic = fh.read(8)
        hint = (
            " (it is an OLE file: a password-protected or old .xls workbook; save it as an unprotected .xlsx)"
            if magic.startswith(b"\xd0\xcf\x11\xe0")
            else ""
        )
        raise InputError(message("{name}: not an xlsx workbook (not a zip archive){hint}", name=name, hint=hint)) from None
    if len(members) > max_members:
        raise InputError(message("{name}: archive has {count:,} members; the limit is {limit:,}", name=name, count=len(members), limit=max_members))
    total = 0
    for info in members:
        member = info.filename
        parts = member.replace("\\", "/").split("/")
        if member.startswith(("/", "\\")) or ".." in parts or (len(member) > 1 and member[1] == ":"):
            raise InputError(message("{name}: archive member {member!r} has an absolute or parent path; refusing the file", name=name, member=member))
        if info.file_size > max_member_bytes:
            raise InputError(
                message("{name}: archive member {member!r} expands to {size:,} bytes; the limit is {limit:,}", name=name, member=member, size=info.file_size, limit=max_member_bytes)
            )
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputError(
                message("{name}: archive member {member!r} expands {value:,.0f} times (limit {limit:g}); refusing a possible zip bomb", name=name, member=member, value=info.file_size / max(info.compress_size, 1), limit=max_ratio)
            )
        total += info.file_size
    if total > max_total_bytes:
        raise InputError(message("{name}: archive expands to {total:,} bytes; the limit is {limit:,}", name=name, total=total, limit=max_total_bytes))
    if not any(info.filename == "[Content_Types].xml" for info in members):
        raise InputError(message("{name}: not an xlsx workbook ([Content_Types].xml is missing from the archive)", name=name))


def ensure_defused_xml(path: str | os.PathLike[str] | None = None) -> None:
    """Raise :class:`InputError` unless openpyxl parses XML through defusedxml."""
    where = f"{display_path(path)}: " if path is not None else ""
    try:
        import defusedxml  # noqa: F401
        import openpyxl.xml
    except ImportError:
        raise InputError(
            message("{where}refusing to open an untrusted workbook: the package defusedxml is not installed (pip install defusedxml)", where=where)
        ) from None
    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise InputError(
            message("{where}refusing to open an untrusted workbook: openpyxl does not use defusedxml (check that defusedxml is installed and OPENPYXL_DEFUSEDXML is not set to False)", where=where)
        )
    if getattr(openpyxl.xml, "LXML", False):
        # With lxml present openpyxl parses workbook parts with lxml.etree instead of defusedxml.
        raise InputError(
            message("{where}refusing to open an untrusted workbook: openpyxl parses with lxml, bypassing defusedxml; set the environment variable OPENPYXL_LXML=False before openpyxl is imported (the itsm-assess command does this itself)", where=where)
        )


def open_untrusted_workbook(path: str | os.PathLike[str], *, read_only: bool = False) -> Workbook:
    """Check the archive, then load it with openpyxl keeping typed formulas as their text.

    ``data_only=False`` matters: a cell a person typed as ``=HYPERLINK(...)`` comes back as
    that text (``cell.data_type == "f"``) instead of a cached computed value.
    """
    check_xlsx_archive(path)
    ensure_defused_xml(path)
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=False, keep_links=False)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed parts, defusedxml its own
        root: BaseException = exc
        while root.__cause__ is not None or root.__context__ is not None:
            root = root.__cause__ or root.__context__  # type: ignore[assignment]
        detail = str(root).splitlines()[0] if str(root) else ""
        raise InputError(
            message("{path}: cannot read the workbook: {kind}: {detail}", path=display_path(path), kind=type(root).__name__, detail=detail)
        ) from None


def open_calamine(path: str | os.PathLike[str]) -> Any:
    """Check the archive, then open it with python-calamine (values only, fast).

    Take sheets with :func:`calamine_sheet`, which bounds the area read first.
    """
    check_xlsx_archive(path)
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise InputError(message("{path}: cannot read the workbook: {kind}: {error}", path=display_path(path), kind=type(exc).__name__, error=exc)) from None


def calamine_sheet(wb: Any, path: str | os.PathLike[str], sheet: str | int = 0) -> Any:
    """The sheet ``sheet`` (name or index) of a workbook from :func:`open_calamine`, its used
    area checked against :data:`MAX_SHEET_CELLS` before calamine builds it."""
    name = display_path(path)
    names = list(wb.sheet_names)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputError(message("{name}: the workbook has no sheet", name=name))
        title = names[sheet]
    elif sheet in names:
        title = sheet
    else:
        raise InputError(message("{name}: no sheet {sheet!r}; sheets: {names}", name=name, sheet=sheet, names=', '.join(names)))
    check_sheet_extent(path, title)
    try:
        return wb.get_sheet_by_name(title)
    except Exception as exc:
        raise InputError(message("{name}: sheet {title!r} cannot be read: {kind}: {error}", name=name, title=title, kind=type(exc).__name__, error=exc)) from None


#: A cell reference attribute, by the number of column letters and of row digits it has.
_REF_COLS = {n: re.compile(rb' r="([A-Z]{%d})[0-9]' % n) for n in (1, 2, 3)}
_REF_ROWS = {n: re.compile(rb' r="[A-Z]{1,3}([0-9]{%d})"' % n) for n in range(1, 8)}


def _widest(data: bytes, patterns: dict[int, re.Pattern[bytes]]) -> bytes:
    """The greatest capture of the longest pattern that matches: a search per length, then one
    findall of the longest only (cheap: most cells share the data's width)."""
    for n in sorted(patterns, reverse=True):
        if patterns[n].search(data):
            return bytes(max(patterns[n].findall(data)))
    return b""


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> archive member of its XML, from the workbook part and its relationships."""
    from defusedxml import ElementTree

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = target
    out = {}
    for sheet in book.iter(f"{ns_main}sheet"):
        part = targets.get(sheet.get(f"{ns_rel}id"))
        if part:
            out[sheet.get("name", "")] = part
    return out


def check_sheet_extent(path: str | os.PathLike[str], title: str, max_cells: int = MAX_SHEET_CELLS) -> tuple[int, int]:
    """``(rows, columns)`` of the used area of sheet ``title``: from A1 to its last non-empty cell.

    Raises :class:`InputError` naming the farthest cell when that area exceeds ``max_cells``
    (a stray value far below or right of the data). Streams the sheet's XML; nothing is built.
    """
    from openpyxl.utils import column_index_from_string, get_column_letter

    with zipfile.ZipFile(path) as archive:
        part = _sheet_parts(archive).get(title)
        if part is None:
            return (0, 0)
        max_row, max_col = 0, 0
        tail = b""
        with archive.open(part) as fh:
            while chunk := fh.read(1024 * 1024):  # 1 MiB: bounded memory, few regex passes
                data = tail + chunk
                cut = data.rfind(b"<")
                data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                rows, cols = _widest(data, _REF_ROWS), _widest(data, _REF_COLS)
                max_row = max(max_row, int(rows or 0))
                max_col = max(max_col, column_index_from_string(cols.decode()) if cols else 0)
    if max_row * max_col > max_cells:
        raise InputError(
            message("{path}: sheet {title!r}: its cells reach column {column} and row {row:,} ({value:,} cells to read; the limit is {limit:,}); delete the values or formatting far beyond the data (Ctrl+End in Excel shows the farthest cell)", path=display_path(path), title=title, column=get_column_letter(max_col), row=max_row, value=max_row * max_col, limit=max_cells)
        )
    return max_row, max_col


def present_rows(ws: Any, min_row: int, max_col: int) -> Iterator[tuple[Any, ...]]:
    """The rows of an openpyxl worksheet at or below ``min_row`` holding a value in columns
    1..``max_col``, as tuples of ``max_col`` cells, in order.

    Only rows that hold data are visited: a stray value in row 1,048,576 costs one row, not a
    million empty ones (``iter_rows`` creates every cell up to the sheet's maximum).
    """
    wanted = sorted({r for (r, c), cell in ws._cells.items()  # noqa: SLF001 - openpyxl keeps no public index
                     if r >= min_row and c <= max_col and cell.value is not None})
    for r in wanted:
        yield next(ws.iter_rows(min_row=r, max_row=r, min_col=1, max_col=max_col))


#: Control characters a person cannot type into a cell on purpose; xlsx cannot store them.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: Line and page breaks from Word (Shift+Enter gives a vertical tab) and old Mac files.
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def ooxml_unescape(text: str) -> str:
    """Text as typed: Excel stores a character such as Shift+Enter's vertical tab as ``_x000B_``
    (calamine decodes these itself; openpyxl leaves them as they are)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def clean_text(text: str) -> tuple[str, str | None]:
    """``(text with breaks made newlines, None)``, or ``(text, problem)`` when it holds a
    control character (NUL, BEL, ESC...) that no cell or report can carry."""
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
    bad = _CONTROL.search(text)
    if bad is None:
        return text, None
    ch = bad.group()
    return text, message("control character U+{code:04X} at position {position}; remove it (or retype the text)",
                         code=ord(ch), position=bad.start() + 1)


def cell_text(value: Any) -> str | None:
    """A cell value as the text a person typed (formula objects give their formula text)."""
    if value is None:
        return None
    text = getattr(value, "text", None)  # openpyxl ArrayFormula / DataTableFormula
    if isinstance(text, str):
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def typed_text(value: Any) -> str | None:
    """A cell's value as the text a person typed, None for an empty or blank cell: formula objects
    give their formula text, numbers and dates their plain text, Excel's ``_xHHHH_`` escapes are
    decoded (a Word line break pasted into Excel comes back as the break). The one reading of a
    text cell for every workbook the tool takes back (fieldwork, questionnaire, action plan)."""
    text = cell_text(value)
    if text is None or not text.strip():
        return None
    return ooxml_unescape(text)
