"""Fixed metadata for the files we write, so that the same facts give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

# Every document's creation and modification time, and every zip entry's: a constant, since a memo's
# content is a function of the facts and the rules, and a clock in it would make every run differ.
FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def fixed_zip(data: bytes) -> bytes:
    """The same zip (a .docx) with every entry's timestamp and attributes fixed, entries in their order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def fix_core_properties(properties, title: str, language: str) -> None:
    """A python-docx CoreProperties: the memo's title and language, secretlaw as author, fixed times."""
    properties.title = title
    properties.subject = ""
    properties.author = "secretlaw"
    properties.last_modified_by = "secretlaw"
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = language
    properties.revision = 1
    properties.created = FIXED_TIME.replace(tzinfo=None)
    properties.modified = FIXED_TIME.replace(tzinfo=None)
    properties.last_printed = FIXED_TIME.replace(tzinfo=None)
