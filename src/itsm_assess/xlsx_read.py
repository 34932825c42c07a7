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
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsm_assess.errors import InputError
from itsm_assess.loading import display_path

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 250
_RATIO_MIN_BYTES = 1024 * 1024


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
    if not p.is_file():
        raise InputError(f"{name}: no such file")
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
        raise InputError(f"{name}: not an xlsx workbook (not a zip archive){hint}") from None
    if len(members) > max_members:
        raise InputError(f"{name}: archive has {len(members):,} members; the limit is {max_members:,}")
    total = 0
    for info in members:
        member = info.filename
        parts = member.replace("\\", "/").split("/")
        if member.startswith(("/", "\\")) or ".." in parts or (len(member) > 1 and member[1] == ":"):
            raise InputError(f"{name}: archive member {member!r} has an absolute or parent path; refusing the file")
        if info.file_size > max_member_bytes:
            raise InputError(
                f"{name}: archive member {member!r} expands to {info.file_size:,} bytes; "
                f"the limit is {max_member_bytes:,}"
            )
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputError(
                f"{name}: archive member {member!r} expands {info.file_size / max(info.compress_size, 1):,.0f} times "
                f"(limit {max_ratio:g}); refusing a possible zip bomb"
            )
        total += info.file_size
    if total > max_total_bytes:
        raise InputError(f"{name}: archive expands to {total:,} bytes; the limit is {max_total_bytes:,}")
    if not any(info.filename == "[Content_Types].xml" for info in members):
        raise InputError(f"{name}: not an xlsx workbook ([Content_Types].xml is missing from the archive)")


def ensure_defused_xml(path: str | os.PathLike[str] | None = None) -> None:
    """Raise :class:`InputError` unless openpyxl parses XML through defusedxml."""
    where = f"{display_path(path)}: " if path is not None else ""
    try:
        import defusedxml  # noqa: F401
        import openpyxl.xml
    except ImportError:
        raise InputError(
            f"{where}refusing to open an untrusted workbook: the package defusedxml is not installed "
            "(pip install defusedxml)"
        ) from None
    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise InputError(
            f"{where}refusing to open an untrusted workbook: openpyxl does not use defusedxml "
            "(check that defusedxml is installed and OPENPYXL_DEFUSEDXML is not set to False)"
        )
    if getattr(openpyxl.xml, "LXML", False):
        # With lxml present openpyxl parses workbook parts with lxml.etree instead of defusedxml.
        raise InputError(
            f"{where}refusing to open an untrusted workbook: openpyxl parses with lxml, bypassing "
            "defusedxml; set the environment variable OPENPYXL_LXML=False before openpyxl is imported "
            "(the itsm-assess command does this itself)"
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
            f"{display_path(path)}: cannot read the workbook: {type(root).__name__}: {detail}"
        ) from None


def open_calamine(path: str | os.PathLike[str]) -> Any:
    """Check the archive, then open it with python-calamine (values only, fast)."""
    check_xlsx_archive(path)
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise InputError(f"{display_path(path)}: cannot read the workbook: {type(exc).__name__}: {exc}") from None


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
