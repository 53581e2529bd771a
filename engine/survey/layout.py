"""Recognise a survey export: its encoding, delimiter and the layout of the survey tool that wrote it
(how many header rows, what each column's headings say, which column holds the respondent id).

Layouts (``--source`` forces one): ``template`` (ours), ``google``, ``msforms``, ``limesurvey``,
``qualtrics`` (three header rows), ``qualtrics-legacy`` (two), ``surveymonkey`` (two) and ``generic``
(one header row from any other tool). Header rows are recognised by what they hold, never guessed.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem, UsageError

LAYOUTS = ("template", "google", "msforms", "limesurvey", "qualtrics", "qualtrics-legacy", "surveymonkey", "generic")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_HEAD_BYTES = 1 << 18
_SCAN_BYTES = 1 << 24

# Metadata columns per tool: recognised, never reported as unexpected.
_META = {
    "google": {"timestamp", "tijdstempel", "email address", "e-mailadres", "score", "punten"},
    "msforms": {"id", "start time", "completion time", "email", "name", "total points", "quiz feedback",
                "last modified time", "begintijd", "tijd van voltooiing", "e-mail", "naam", "totaal aantal punten",
                "tijdstip van laatste wijziging"},
    "limesurvey": {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "token",
                   "ipaddr", "refurl", "response id", "date submitted", "last page", "start language",
                   "date started", "date last action", "ip address", "referrer url", "interviewtime"},
    "qualtrics": {"startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
                  "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
                  "externalreference", "locationlatitude", "locationlongitude", "distributionchannel",
                  "userlanguage", "responseset", "name", "externaldatareference", "emailaddress",
                  "locationaccuracy"},
    "surveymonkey": {"respondent id", "respondentid", "collector id", "collectorid", "start date", "startdate",
                     "end date", "enddate", "ip address", "ipaddress", "email address", "emailaddress",
                     "first name", "firstname", "last name", "lastname", "custom data 1", "customdata"},
    "template": {"respondent_id"},
}
_META["qualtrics-legacy"] = _META["qualtrics"] | {f"v{i}" for i in range(1, 11)}
_META["generic"] = set()
_ID = {"google": None, "msforms": "id", "limesurvey": "id", "qualtrics": "responseid", "qualtrics-legacy": "responseid",
       "surveymonkey": "respondent id", "template": "respondent_id", "generic": None}


@dataclass(frozen=True)
class Column:
    """One column of the export: its position, its name (the first heading) and every heading text
    that may identify it (export tag, question text, ``question [sub-heading]``)."""

    position: int
    name: str
    texts: tuple[str, ...]


@dataclass
class Layout:
    tool: str
    header_rows: int
    columns: list[Column]
    id_column: int | None  # position of the respondent id
    meta: set[int] = field(default_factory=set)  # positions of the tool's metadata columns


@dataclass
class TextFormat:
    encoding: str  # utf-8 | utf-8-sig | cp1252 (or what --encoding forced)
    delimiter: str


def norm(text: str) -> str:
    """Heading/label text for comparison: case, spacing, HTML line breaks and Qualtrics suffixes ignored."""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"\s*-\s*selected choice\s*$", "", text, flags=re.I)
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------- encoding and delimiter


def detect_encoding(path: Path, forced: str | None = None) -> str:
    """``utf-8-sig`` with a BOM, else ``utf-8`` when the whole file decodes, else ``cp1252``."""
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise UsageError(f"--encoding {forced!r}: unknown encoding; try utf-8, utf-8-sig, cp1252 or mac_roman") from None
        return forced
    with open(path, "rb") as fh:
        head = fh.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        try:
            while block := fh.read(_SCAN_BYTES):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        offset = 0
        while block := fh.read(_SCAN_BYTES):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise DataError(Problem(str(path), f"byte {offset + exc.start}",
                                        f"got byte 0x{block[exc.start]:02x}, which is neither UTF-8 nor cp1252 "
                                        "(Windows-1252); save the file as CSV UTF-8 or pass --encoding")) from None
            offset += len(block)
    return "cp1252"


def head_text(path: Path, encoding: str) -> str:
    with open(path, "rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw)


def detect_delimiter(text: str, forced: str | None = None) -> str:
    """The delimiter of the first record: the most frequent of , ; tab outside quotes (, on a tie).

    Qualtrics's JSON header row fools :class:`csv.Sniffer`, so only the first record is counted.
    """
    if forced:
        forced = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(forced, forced)
        if forced not in DELIMITERS:
            raise UsageError(f"--delimiter {forced!r}: expected one of , ; tab")
        return forced
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
        elif not quoted and ch in "\r\n":
            break
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best


def first_records(text: str, delimiter: str, n: int = 4) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    for record in reader:
        out.append(record)
        if len(out) >= n:
            break
    return out


# ---------------------------------------------------------------- layouts


def detect_tool(records: list[list[str]], item_ids: set[str]) -> str:
    """Which tool wrote these first records (a header row first)."""
    if not records:
        return "generic"
    head = [norm(c) for c in records[0]]
    second = records[1] if len(records) > 1 else []
    third = records[2] if len(records) > 2 else []
    filled = [c for c in third if c.strip()]
    if filled and sum(c.lstrip().startswith('{"ImportId"') for c in filled) >= len(filled) / 2:
        return "qualtrics"
    if head[:2] == ["v1", "v2"] and any(norm(c) == "responseid" for c in second):
        return "qualtrics-legacy"
    if head and head[0] in ("respondent id", "respondentid") and second and not second[0].strip():
        return "surveymonkey"
    if head and head[0] in ("timestamp", "tijdstempel"):
        return "google"
    if head[:2] in (["id", "start time"], ["id", "begintijd"]):
        return "msforms"
    if head and head[0] in ("id", "response id") and len({"submitdate", "lastpage", "startlanguage", "date submitted",
                                                        "last page", "start language"} & set(head)) >= 2:
        return "limesurvey"
    bare = {re.sub(r"\[.*\]$", "", c) for c in head}
    if "respondent_id" in head or len(bare & item_ids) >= max(1, len(bare) // 2):
        return "template"
    return "generic"


def build_layout(tool: str, records: list[list[str]]) -> Layout:
    """Columns and header rows of ``tool``'s layout, from the first records."""
    if tool not in LAYOUTS:
        raise UsageError(f"--source {tool!r}: unknown layout; known: {', '.join(LAYOUTS)}")
    first = records[0] if records else []
    rows = {"qualtrics": 3, "qualtrics-legacy": 2, "surveymonkey": 2}.get(tool, 1)
    if len(records) < rows:
        rows = len(records)
    columns = []
    question = ""
    for pos, name in enumerate(first):
        texts = [name]
        if tool == "qualtrics" and len(records) > 1 and pos < len(records[1]):
            texts.append(records[1][pos])
        elif tool == "qualtrics-legacy" and len(records) > 1 and pos < len(records[1]):
            texts.append(records[1][pos])
            if re.fullmatch(r"V\d+", name):
                name = records[1][pos]  # V1..V10 are placeholders; the label row names them
        elif tool == "surveymonkey":
            question = name if name.strip() else question  # the text stands over the first of its columns
            sub = records[1][pos] if len(records) > 1 and pos < len(records[1]) else ""
            if sub.strip() and norm(sub) not in ("response", "open-ended response", "antwoord"):
                texts = [f"{question} [{sub}]", sub]
                name = f"{question} [{sub}]"
            else:
                texts = [question]
                name = question
        elif tool == "limesurvey":
            m = re.fullmatch(r"\s*([^\s.]+)\.\s+(.*)", name, flags=re.S)  # "code. text [sub]"
            if m:
                texts += [m.group(1), m.group(2)]
        columns.append(Column(pos, name, tuple(texts)))
    meta = {c.position for c in columns if _is_meta(tool, c)}
    id_name = _ID[tool]
    id_column = next((c.position for c in columns if norm(c.name) == id_name
                      or (tool == "surveymonkey" and norm(c.name) == "respondentid")), None)
    return Layout(tool=tool, header_rows=rows, columns=columns, id_column=id_column, meta=meta)


def _is_meta(tool: str, column: Column) -> bool:
    name = norm(column.name)
    if name in _META[tool]:
        return True
    return tool == "msforms" and (name.startswith("points - ") or name.startswith("feedback - ")
                                  or name.startswith("punten - ") or name.startswith("feedback - "))
