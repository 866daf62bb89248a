"""A guard for the XML formats (GPX, TCX): no entity declarations.

Activity files never declare entities; a file that does may be an entity bomb
("billion laughs") or try to read other files. It is refused before any parser
sees it, whatever the parser's own defences.
"""

from __future__ import annotations

from .problems import FileRefused


def refuse_entities(data: bytes, what: str) -> None:
    """Refuse XML bytes that declare entities or a document type with an internal subset."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data[:65536]:
        raise FileRefused("unsupported", f"The {what} file declares a document type or entities, "
                          "which activity files never do; it was not read.")
