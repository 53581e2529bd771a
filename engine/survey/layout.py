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
from .scan import scan

LAYOUTS = ("template", "google", "msforms", "limesurvey", "qualtrics", "qualtrics-legacy", "surveymonkey", "kobo",
           "generic")
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
    "kobo": {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber", "audit",
             "meta/instanceid", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index", "_xform_id", "_attachments", "_geolocation"},
    "template": {"respondent_id"},
}
_META["qualtrics-legacy"] = _META["qualtrics"] | {f"v{i}" for i in range(1, 11)}
_META["generic"] = set()
# The column that identifies a response, per tool, in order of preference. A real id is checked for
# repeats; when a tool writes none (Google Forms, SurveyMonkey exports that start with StartDate), the
# submission time is carried instead, so that results can still be joined back to the export.
_ID = {"google": (), "msforms": ("id",), "limesurvey": ("id", "response id", "antwoord id", "respons-id"),
       "qualtrics": ("responseid", "response id"), "qualtrics-legacy": ("responseid", "response id"),
       "surveymonkey": ("respondent id", "respondentid"), "kobo": ("_uuid", "_id", "meta/instanceid"),
       "template": ("respondent_id",),
       "generic": ("respondent_id", "respondent id", "respondentid", "response id", "responseid", "id", "_uuid")}
_WHEN = ("timestamp", "tijdstempel", "submitdate", "date submitted", "completion time", "tijd van voltooiing",
         "enddate", "end date", "recordeddate", "_submission_time", "startdate", "start date", "start time",
         "begintijd", "submit date (utc)")


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
    id_column: int | None  # position of the respondent id (or of the submission time when there is no id)
    meta: set[int] = field(default_factory=set)  # positions of the tool's metadata columns
    id_is_key: bool = True  # False when id_column is a timestamp: repeats are no error then


@dataclass
class TextFormat:
    encoding: str  # utf-8 | utf-8-sig | cp1252 | utf-16-le | utf-16-be (or what --encoding forced)
    delimiter: str
    bom: int = 0  # bytes of a byte-order mark that the encoding itself does not consume

    @property
    def label(self) -> str:
        """The encoding as the run summary says it (``cp1252 after a UTF-8 BOM``, ``utf-16-le with BOM``)."""
        name = self.encoding if self.encoding == "utf-8-sig" else codecs.lookup(self.encoding).name
        if self.bom == 3:
            return f"{name} after a UTF-8 BOM"
        if self.bom == 2:
            return f"{name} with BOM"
        return name


def norm(text: str) -> str:
    """Heading/label text for comparison: case, spacing, HTML line breaks and Qualtrics suffixes ignored."""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"\s*-\s*selected choice\s*$", "", text, flags=re.I)
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------- encoding and delimiter


def detect_encoding(path: Path, forced: str | None = None) -> str:
    """The encoding of a text export (see :func:`detect_text_encoding`)."""
    return detect_text_encoding(path, forced)[0]


def bom_of(head: bytes, encoding: str) -> int:
    """Bytes of a byte-order mark at the start that ``encoding`` would not consume itself."""
    enc = encoding.lower().replace("_", "-")
    if head.startswith(codecs.BOM_UTF8) and enc not in ("utf-8-sig", "utf8-sig"):
        return 3
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) and enc in ("utf-16-le", "utf-16-be", "utf-16le",
                                                                           "utf-16be"):
        return 2
    return 0


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM shows as NUL bytes at every other position (ASCII-heavy headings)."""
    sample = head[: len(head) // 2 * 2][:4096]
    if len(sample) < 8:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.4 and even < half * 0.05:
        return "utf-16-le"
    if even >= half * 0.4 and odd < half * 0.05:
        return "utf-16-be"
    return None


def looks_utf16(head: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the first bytes are UTF-16 text (a BOM, or NULs at every other byte)."""
    if head[:2] == codecs.BOM_UTF16_LE:
        return "utf-16-le"
    if head[:2] == codecs.BOM_UTF16_BE:
        return "utf-16-be"
    return _utf16_without_bom(head)


def detect_text_encoding(path: Path, forced: str | None = None) -> tuple[str, int]:
    """(encoding, BOM bytes to skip): UTF-16 with a BOM or recognisably without one (Excel's
    "Unicode text"); ``utf-8-sig`` with a UTF-8 BOM when the rest is UTF-8, ``cp1252`` after a UTF-8
    BOM when it is not (a file re-saved by an editor that kept the BOM); ``utf-8`` when the whole
    file decodes, else ``cp1252``."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise UsageError(f"--encoding {forced!r}: unknown encoding; try utf-8, utf-8-sig, cp1252, utf-16 "
                             "or mac_roman") from None
        if forced.lower().replace("_", "-") in ("utf-16", "utf16"):
            forced = "utf-16-be" if head.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
        return forced, bom_of(head, forced)
    if head[:2] == codecs.BOM_UTF16_LE:
        return "utf-16-le", 2
    if head[:2] == codecs.BOM_UTF16_BE:
        return "utf-16-be", 2
    wide = _utf16_without_bom(head)
    if wide:
        return wide, 0
    bom = 3 if head.startswith(codecs.BOM_UTF8) else 0
    if scan(path, bom)[0]:  # counts the quotes on the way, for the reader
        return ("utf-8-sig" if bom else "utf-8"), 0
    _check_cp1252(path, bom)
    return "cp1252", bom


def _check_cp1252(path: Path, skip: int) -> None:
    decoder = codecs.getincrementaldecoder("cp1252")()
    offset = skip
    with open(path, "rb") as fh:
        fh.seek(skip)
        while block := fh.read(_SCAN_BYTES):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise DataError(Problem(str(path), f"byte {offset + exc.start}",
                                        f"got byte 0x{block[exc.start]:02x}, which is neither UTF-8 nor cp1252 "
                                        "(Windows-1252); save the file as CSV UTF-8 or pass --encoding")) from None
            offset += len(block)


def head_text(path: Path, encoding: str) -> str:
    """The first 256 KiB as text, without a byte-order mark that ``encoding`` does not consume."""
    with open(path, "rb") as fh:
        raw = fh.read(_HEAD_BYTES)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw[bom_of(raw, encoding):])


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


_SM_SUBHEADINGS = ("response", "open-ended response", "antwoord", "open antwoord", "reactie")


def _is_import_ids(row: list[str]) -> bool:
    """Qualtrics's third header row: ``{"ImportId":"QID1"}`` (or ``{'ImportId': ...}`` from Insights)."""
    filled = [c.lstrip() for c in row if c.strip()]
    return bool(filled) and sum(c.startswith(('{"ImportId"', "{'ImportId'")) for c in filled) >= len(filled) / 2


def detect_tool(records: list[list[str]], item_ids: set[str]) -> str:
    """Which tool wrote these first records (a header row first)."""
    if not records:
        return "generic"
    head = [norm(c) for c in records[0]]
    second = records[1] if len(records) > 1 else []
    third = records[2] if len(records) > 2 else []
    if _is_import_ids(third):
        return "qualtrics"
    if head[:2] == ["v1", "v2"] and any(norm(c) == "responseid" for c in second):
        return "qualtrics-legacy"
    sub = [norm(c) for c in second]
    # a blank first cell alone is no sub-heading row: a "Respondent ID" export whose first id is blank
    # is one header row of some other tool; SurveyMonkey's second row names its "Response" columns
    if (head and head[0] in ("respondent id", "respondentid") and second and not second[0].strip()
            and any(c in _SM_SUBHEADINGS for c in sub)):
        return "surveymonkey"
    if (head and head[0] in _META["surveymonkey"] and sub and not sub[0]
            and any(c in _SM_SUBHEADINGS for c in sub)):
        return "surveymonkey"  # an export that starts with StartDate: no respondent id, a "Response" row
    if head and head[0] in ("timestamp", "tijdstempel"):
        return "google"
    if head[:2] in (["id", "start time"], ["id", "begintijd"]):
        return "msforms"
    if head and head[0] in ("id", "response id") and len({"submitdate", "lastpage", "startlanguage", "date submitted",
                                                        "last page", "start language"} & set(head)) >= 2:
        return "limesurvey"
    if len({"_uuid", "_submission_time", "_index", "_id"} & set(head)) >= 2:
        return "kobo"
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
            m = re.search(r"""ImportId['"]\s*:\s*['"]([^'"]+)""", records[2][pos]) if len(records) > 2 and pos < len(
                records[2]) else None
            if m:
                texts.append(m.group(1))  # QID12: a mapping file may name the column by it
        elif tool == "qualtrics-legacy" and len(records) > 1 and pos < len(records[1]):
            texts.append(records[1][pos])
            if re.fullmatch(r"V\d+", name):
                name = records[1][pos]  # V1..V10 are placeholders; the label row names them
        elif tool == "surveymonkey":
            question = name if name.strip() else question  # the text stands over the first of its columns
            sub = records[1][pos] if len(records) > 1 and pos < len(records[1]) else ""
            if sub.strip() and norm(sub) not in _SM_SUBHEADINGS:
                texts = [f"{question} [{sub}]", sub]
                name = f"{question} [{sub}]"
            else:
                texts = [question]
                name = question
        elif tool == "limesurvey":
            m = re.fullmatch(r"\s*([^\s.]+)\.\s+(.*)", name, flags=re.S)  # "code. text [sub]"
            if m:
                texts += [m.group(1), m.group(2)]
        elif tool == "kobo" and "/" in name:
            texts.append(name.rsplit("/", 1)[1])  # group/field: the field name
        columns.append(Column(pos, name, tuple(texts)))
    meta = {c.position for c in columns if _is_meta(tool, c)}
    id_column, is_key = find_id_column(tool, columns)
    return Layout(tool=tool, header_rows=rows, columns=columns, id_column=id_column, meta=meta, id_is_key=is_key)


def find_id_column(tool: str, columns: list[Column]) -> tuple[int | None, bool]:
    """(position, is a real id): the tool's respondent id, else its submission (or start) time."""
    names = [norm(c.name) for c in columns]
    for wanted in _ID[tool]:
        if wanted in names:
            return names.index(wanted), True
    for wanted in _WHEN:
        if wanted in names:
            return names.index(wanted), False
    return None, True


def _is_meta(tool: str, column: Column) -> bool:
    name = norm(column.name)
    if name in _META[tool]:
        return True
    if tool == "limesurvey":
        # timings ("Total time", "Group time: …", "Question time: …", also in Dutch) and equation
        # questions, whose full-text heading is the expression itself ("{if(age.NAOK > 65, 1, 0)}")
        return (name in {"total time", "totale tijd"} or name.startswith(("group time:", "question time:",
                "groepstijd:", "vraagtijd:")) or (name.startswith("{") and name.endswith("}")))
    return tool == "msforms" and (name.startswith("points - ") or name.startswith("feedback - ")
                                  or name.startswith("punten - ") or name.startswith("feedback - "))
