"""The citizen languages: the configured ones, plus every language whose catalogue is
present in the citizen page shell (src/samskap/core/citizen/locale/<code>/).

Adding a language (Somali "so", Tigrinya "ti", ...) needs only its catalogues: the
catalogue names its language in itself (the header ``X-Language-Name: Soomaali``) and, for
a right-to-left script Django does not know, says so (``X-Text-Direction: rtl``). No code
and no settings change; see docs/languages.md. Plain Python: settings import it before
Django is set up.
"""

import re
from pathlib import Path

from django.conf.locale import LANG_INFO

CITIZEN_SHELL_LOCALE = Path(__file__).resolve().parents[1] / "core" / "citizen" / "locale"

# The languages every citizen page speaks, each named in itself (English is the source).
CONFIGURED = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]

_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
_HEADER = re.compile(r'^"X-(Language-Name|Text-Direction):\s*(.*?)\\n"$', re.MULTILINE)
# The header sits at the top of a catalogue; no need to read the whole file.
_HEADER_BYTES = 4096


def catalogue_header(path: Path) -> dict[str, str]:
    """The X-Language-Name and X-Text-Direction of a .po file's header ({} if none)."""
    try:
        with path.open(encoding="utf-8") as file:
            head = file.read(_HEADER_BYTES)
    except OSError:
        return {}
    return {key: value.strip() for key, value in _HEADER.findall(head)}


def _name_in_itself(code: str, header: dict[str, str]) -> str:
    if header.get("Language-Name"):
        return header["Language-Name"]
    return LANG_INFO.get(code, {}).get("name_local", code)


def citizen_languages(
    *, configured=CONFIGURED, locale_dir: Path = CITIZEN_SHELL_LOCALE
) -> tuple[list[tuple[str, str]], list[str]]:
    """(LANGUAGES, the codes among them written right to left per their catalogue).

    The configured languages come first, in their order; then every other language with a
    catalogue (django.po) in `locale_dir`, by code."""
    languages = list(configured)
    known = {code for code, _name in languages}
    right_to_left = []
    found = sorted(locale_dir.glob("*/LC_MESSAGES/django.po")) if locale_dir.is_dir() else []
    for po in found:
        code = po.parts[-3].lower().replace("_", "-")  # pt_BR -> pt-br, as Django names it
        if code in known or not _CODE.match(code):
            continue
        header = catalogue_header(po)
        languages.append((code, _name_in_itself(code, header)))
        known.add(code)
        if header.get("Text-Direction", "").lower() == "rtl":
            right_to_left.append(code)
    return languages, right_to_left
