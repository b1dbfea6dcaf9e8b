"""What the exports share: one type per attribute, values as text, text safe for XML."""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from netpipe.outputs.table_text import json_ready

__all__ = ["as_text", "attribute_types", "number_text", "tag", "xml_text"]

#: Characters XML 1.0 does not allow in a document.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Escapes for element text; a carriage return is escaped, or parsers would drop it.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
#: Escapes for attribute values; whitespace is escaped, or parsers would turn it into spaces.
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
#: The attribute type of the common Python types, looked up before slower checks.
_KINDS = {str: "string", bool: "boolean", int: "long", float: "double"}


def xml_text(text: str) -> str:
    """Text with the characters that XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def tag(name: str, attributes: Mapping[str, str], text: str | None = None, depth: int = 0) -> str:
    """One XML element on one indented line: an empty element, or one holding ``text``.

    >>> tag("spell", {"start": "1912-04-01", "note": 'a "b"'}, depth=1)
    '  <spell start="1912-04-01" note="a &quot;b&quot;" />'
    >>> tag("data", {"key": "d0"}, "A & B")
    '<data key="d0">A &amp; B</data>'
    """
    fields = "".join(f' {k}="{xml_text(v).translate(_ATTRIBUTE)}"' for k, v in attributes.items())
    if text is None:
        return f"{'  ' * depth}<{name}{fields} />"
    return f"{'  ' * depth}<{name}{fields}>{xml_text(text).translate(_TEXT)}</{name}>"


def _kind(value: Any) -> str:
    """The attribute type of one value: boolean, long, double or string."""
    kind = _KINDS.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, bool | np.bool_):
        return "boolean"
    if isinstance(value, numbers.Integral):
        return "long"
    if isinstance(value, numbers.Real):
        return "double"
    return "string"


def attribute_types(records: Iterable[Mapping[Any, Any]], skip: Iterable[str] = ()) -> dict[str, str]:
    """One type per attribute over all records, in order of first appearance.

    Integers mixed with floats are ``double``; any other mix is ``string``, so that no
    reader meets an attribute with two types. ``None`` values and names in ``skip``
    are left out.
    """
    left_out = set(skip)
    types: dict[str, str] = {}
    for record in records:
        for name, value in record.items():
            name = str(name)
            if value is None or name in left_out:
                continue
            kind, seen = _kind(value), types.get(name)
            if seen is None or seen == kind:
                types[name] = kind
            elif {seen, kind} == {"long", "double"}:
                types[name] = "double"
            else:
                types[name] = "string"
    return types


def number_text(value: float) -> str:
    """A float as XML Schema writes a double (``NaN``, ``INF``, ``-INF`` for the others)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def as_text(value: Any, kind: str) -> str:
    """A value as the text of an attribute of type ``kind``; dicts and lists as JSON (not escaped)."""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "long":
        return str(int(value))
    if kind == "double":
        return number_text(float(value))
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(json_ready(value), ensure_ascii=False, allow_nan=False, default=str)
    return str(value)
