"""Three-way merge of gettext PO files, for git (a merge driver).

Every branch that adds a message touches the one Finnish PO file, so two branches that each add a
message conflict on every rebase although they changed different entries. This driver merges by
entry instead of by line: an entry added, changed or removed on one side only is taken from that
side; an entry changed differently on both sides keeps ours and the merge is reported as a
conflict (exit 1, the entry listed on stderr) so that a person decides. The result is written
sorted, unwrapped and without locations, as ``make i18n-update`` writes it.

Set up once per clone (the attribute is committed in .gitattributes):

    git config merge.po.name "PO files, entry by entry"
    git config merge.po.driver "python3 tools/po_merge.py %O %A %B"

Uses Babel's PO reader and writer (a development dependency of the project); run it with the
project's virtual environment if the system Python has no Babel:
``.venv/bin/python tools/po_merge.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _read(path: str):  # noqa: ANN202 - babel is untyped
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return read_po(handle)


def _key(message) -> tuple[str, str | None]:  # noqa: ANN001
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (msgid, message.context)


def _value(message) -> tuple:  # noqa: ANN001
    if message is None:
        return ("<absent>",)
    return (message.id, message.string, tuple(sorted(message.flags)))


def merge(base_path: str, ours_path: str, theirs_path: str) -> list[str]:
    """Merge THEIRS into OURS (in place), returning the keys that conflict."""
    from babel.messages.pofile import write_po

    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    index = {name: {_key(m): m for m in cat if m.id} for name, cat in
             (("base", base), ("ours", ours), ("theirs", theirs))}
    conflicts: list[str] = []
    for key in sorted(set(index["ours"]) | set(index["theirs"]) | set(index["base"]),
                      key=lambda k: (k[0], k[1] or "")):
        b, o, t = (index[name].get(key) for name in ("base", "ours", "theirs"))
        if _value(o) == _value(t) or _value(t) == _value(b):
            continue  # same on both sides, or theirs did not touch it: ours stands
        if _value(o) == _value(b):  # only theirs changed it: take theirs
            if o is not None:
                ours.delete(o.id, context=o.context)
            if t is not None:
                ours[t.id] = t
            continue
        conflicts.append(key[0] if key[1] is None else f"{key[1]}|{key[0]}")
    with open(ours_path, "wb") as handle:
        write_po(handle, ours, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    return conflicts


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: po_merge.py BASE OURS THEIRS", file=sys.stderr)
        return 2
    conflicts = merge(*argv)
    for key in conflicts:
        print(f"{Path(argv[1]).name}: both sides changed the entry {key!r}; kept ours", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
