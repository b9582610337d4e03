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

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString

# django.utils.text.normalize_newlines' pattern.
_NEWLINES = re.compile(r"\r\n|\r")


def escaped(value) -> str:
    """`{{ value }}`: safe text (`__html__`) as it is, anything else as text, escaped."""
    if type(value) is str:  # plain text, most of a row (safe text is a subclass)
        return escape(value)
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


class IdAddress:
    """The address of a page named by one id, reversed once for a whole list of rows (a
    `reverse()` for each row cost about 0.03 ms): `IdAddress("support:request_detail")(7)`
    is `reverse("support:request_detail", args=[7])`, escaped for an attribute (and safe
    text, so a template does not escape it again)."""

    # Any id would do; this one is long enough to appear in the address only once.
    _STAND_IN = 987654321

    def __init__(self, viewname: str):
        address = reverse(viewname, args=[self._STAND_IN])
        before, found, after = address.partition(str(self._STAND_IN))
        if not found or str(self._STAND_IN) in after:
            raise ValueError(f"{viewname} does not take its id once in its address: {address}")
        self._before = escaped(before)
        self._after = escaped(after)

    def __call__(self, pk: int) -> SafeString:
        return SafeString(f"{self._before}{int(pk)}{self._after}")
