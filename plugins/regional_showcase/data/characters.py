"""Characters no page or feed can carry: refused with file, line and the character's name.

XML 1.0, the language of the feeds and the sitemap, cannot carry C0 control characters
(other than tab, line feed and carriage return) nor U+FFFE/U+FFFF: one of them in a post and
every feed that lists the post stops being XML, so feed readers drop the whole feed. C1
controls (U+0080–U+009F) and the other noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF of every
plane) are allowed there but mean nothing in a text; the social-card renderer fails on them.
U+2028/U+2029 (line and paragraph separator) break lines in Python, JavaScript and the card
renderer, but not in Markdown, so each part of the site would see other lines. A numeric
character reference standing for one of them (`&#x1b;`) is refused as well: the HTML parser
of the sanitizer turns it into the character.

All of them are refused, none is removed. A removed character would need a warning, and
`make publish` stops on every warning anyway; removing would also make the page differ from
the file while the web editor kept saving the character back. Refusing names the line and
the character, so the editor deletes it once, in the file.

Text is NFC-normalised as well: a macOS keyboard or a PDF may give 'ä' as 'a' plus a
combining diaeresis, which looks the same but would not match in slugs, search and sorting.
"""

from __future__ import annotations

import re
import unicodedata

from .problems import Problem

_NONCHARACTERS = "".join(
    chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
)
# Tab, line feed and carriage return are whitespace and stay; DEL (U+007F) counts as C0.
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
# The same characters for a fast first look: one class over the BMP scans a text about ten
# times faster than _REFUSED, whose noncharacters of the other planes make the regex test
# every character against a long list. Any character beyond the BMP sends the text to
# _REFUSED (rare: an emoji).
_REFUSED_BMP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]"
)
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_SEPARATORS = ("\u2028", "\u2029")
# The ';' is optional: Markdown and HTML parsers read '&#x1b' as a reference too.
_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")
_CONTEXT = 20  # characters before the refused one shown to find it (it is often invisible)


def character_name(character: str) -> str:
    """'U+2028 (LINE SEPARATOR)'; 'U+0085 (Steuerzeichen)' for a character without a name."""
    name = unicodedata.name(character, "")
    if not name:
        name = "Steuerzeichen" if unicodedata.category(character) == "Cc" else "Nichtzeichen"
    return f"U+{ord(character):04X} ({name})"


def character_problems(text: str, shown: str) -> list[Problem]:
    """One problem per line holding refused characters, naming the first and its column."""
    if not may_hold_refused(text):
        return []
    problems: list[Problem] = []
    last_line = 0
    for match in _REFUSED.finditer(text):
        start = match.start()
        # Counted by line feeds only: splitlines() would also break at U+2028 and U+0085.
        line = text.count("\n", 0, start) + 1
        if line == last_line:
            continue
        last_line = line
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        rest = text[start + 1 : line_end if line_end >= 0 else len(text)]
        problems.append(Problem(shown, line, "", _message(text, line_start, start, rest)))
    return problems


def may_hold_refused(text: str) -> bool:
    """False when `text` certainly holds no refused character (the fast look)."""
    return bool(_REFUSED_BMP.search(text) or _BEYOND_BMP.search(text))


def _message(text: str, line_start: int, start: int, rest: str) -> str:
    character = text[start]
    before = _REFUSED.sub("", text[max(line_start, start - _CONTEXT) : start]).strip()
    where = f"in Spalte {start - line_start + 1}" + (f", nach „{before}“" if before else "")
    more = len(_REFUSED.findall(rest))
    others = f"; in dieser Zeile folgen noch {more} solche Zeichen" if more else ""
    fix = (
        "ersetzen Sie es durch einen normalen Zeilenumbruch mit der Eingabetaste"
        if character in _SEPARATORS
        else "löschen Sie es"
    )
    return (
        f"unzulässiges Zeichen {character_name(character)} {where}: Webseiten und Feeds "
        f"können es nicht enthalten; es ist meist unsichtbar und beim Kopieren aus einer "
        f"anderen Anwendung mitgekommen ({fix}){others}"
    )


def reference_problems(text: str, shown: str) -> list[Problem]:
    """Numeric character references ('&#x1b;', '&#8232;') that stand for a refused character.

    Markdown passes them on as HTML, and the sanitizer's HTML parser turns them into the
    character itself: in a feed as fatal as a typed one."""
    problems = []
    for match in _REFERENCE.finditer(text):
        character = _referenced(match[0])
        if not _REFUSED.fullmatch(character):
            continue
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(
            Problem(
                shown,
                line,
                "",
                f"'{match[0]}' in Spalte {column} steht für das Zeichen "
                f"{character_name(character)}: Webseiten und Feeds können es nicht enthalten "
                "(löschen Sie die Angabe)",
            )
        )
    return problems


def _referenced(reference: str) -> str:
    """The character an HTML parser (nh3, as the sanitizer uses) makes of '&#…;'.

    HTML5 reads 0x80–0x9F as Windows-1252 ('&#133;' is '…') where that code page has a
    character; 0, surrogates and numbers past Unicode become U+FFFD. (html.unescape drops
    the controls instead, unlike the parser.)"""
    digits = reference[2:].rstrip(";")
    number = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            pass  # 0x81, 0x8D, 0x8F, 0x90, 0x9D stay C1 controls
    return chr(number)


def first_refused(text: str) -> str | None:
    """The first refused character in `text`, or None."""
    if not may_hold_refused(text):
        return None
    match = _REFUSED.search(text)
    return match[0] if match else None


def normalized(text: str) -> str:
    """The text in Unicode normal form C (composed: 'ä' as one character)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)
