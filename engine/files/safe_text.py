"""Text from users made safe for where it is shown: a terminal, a JSON document, markdown.

An organisation name, an answer label or an unknown key in an error message may hold escape
sequences (``ESC ] 0 ; title BEL`` changes the window title, ``ESC [ 2 J`` clears the screen) or
bidirectional overrides that make text read differently from what it is. None of that may reach a
terminal as it is: every such character is shown as a visible escape (``\\x1b``) instead.
"""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embeddings/overrides/isolates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # JSON escapes C0 itself
_MARKDOWN = re.compile(r"[`\[\]<>&]")  # raw HTML, links and images, code spans: what text must not start


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control character (but tab and newline) shown as ``\\x..`` / ``\\u....``."""
    return _UNSAFE.sub(_visible, text)


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(ensure_ascii=False)``) with C1 and bidi controls as ``\\u`` escapes:
    the same data, but nothing a terminal would act on."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def markdown_text(text: str) -> str:
    """User text for markdown: no raw HTML, no links or emphasis of its own, no control characters.

    Brackets and backticks are backslash-escaped and ``<``, ``>``, ``&`` become entities, so a name
    like ``<script>`` or ``[x](javascript:...)`` shows as the text it is (emphasis is left alone: it
    cannot run anything, and escaping it would clutter every model id).
    """
    entities = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
    return _MARKDOWN.sub(lambda m: entities.get(m.group(), "\\" + m.group()), terminal_safe(str(text)))
