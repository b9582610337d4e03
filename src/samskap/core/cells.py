"""Table cells and rows written in Python, escaped as the template engine escapes them.

Pages with many rows (the budget page's postings, the meeting agenda's requests, issue 14)
write their rows as f-strings instead of some forty template nodes per row. What goes
into a row must come out exactly as `{{ value }}` and `{{ value|linebreaksbr }}` wrote it
(tests/core/test_cells.py compares these with Django's own for every kind of value). They
are Django's `conditional_escape` and `linebreaksbr` without the wrappers that make those
accept lazy text and return safe strings (`keep_lazy`, `stringfilter`, `SafeString`): a
row is joined into one string and marked safe once, by its tag.
"""

import re
from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeData

# django.utils.text.normalize_newlines' pattern.
_NEWLINES = re.compile(r"\r\n|\r")


def escaped(value) -> str:
    """`{{ value }}`: safe text (`__html__`) as it is, anything else as text, escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def with_breaks(value) -> str:
    """`{{ value|linebreaksbr }}`: the text escaped (unless it is safe already), its line
    breaks (CRLF, CR or LF) as `<br>`."""
    safe = isinstance(value, SafeData)
    text = _NEWLINES.sub("\n", str(value))
    if not safe:
        text = escape(text)
    return text.replace("\n", "<br>")
