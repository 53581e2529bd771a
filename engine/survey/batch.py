"""``socialfit batch``: score every response of a survey export, chunk by chunk.

One output row per input row, in input order: the row number, the respondent id and any id columns,
the status (ok / invalid / incomplete) and reason, and for scored rows maturity, stage, ownership
shares and primary owner, readiness, the exit decision (go / go_with_conditions / not_now, and
take_exit for compatibility) and the exit's reasons, the recommended model and the top three with their
fits; with ``stability`` the stability figure of ``socialfit score`` per row (:func:`stability_columns`).
Scoring is vectorised (:mod:`engine.scoring.vectorised`, :mod:`engine.rules.vectorised`);
``engine="durable"`` scores row by row through :meth:`engine.Engine.assess_valid` instead.
Every output file is written to a temporary file and renamed at the end.
"""
from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pyarrow as pa

from ..rules import vectorised as br
from ..files.atomic import atomic_path
from ..scoring.vectorised import values_from_coded
from ..errors import DataError, Problem
from ..i18n import pick
from . import DEFAULT_MIN_ANSWERED, Ragged, Survey, open_survey
from .convert import OK, STATUS_NAMES, Converted
from .groups import AlphaAccumulator, GroupCollector
from .output import Writer, output_format
from .pipeline import BackgroundWriter
from .problems import problem_table
from .report import Summary, summary_format, write_summary
from ..model.vocabulary import DECISIONS, LEANS, OWNERS, PRIMARY_VALUES

ENGINES = ("vector", "durable")
TOP = 3


@dataclass
class BatchOptions:
    """Everything ``socialfit batch`` can be asked; paths are written atomically."""

    output: Path
    source: str | None = None
    mapping: Path | None = None
    encoding: str | None = None
    delimiter: str | None = None
    id_columns: Sequence[str] = ()
    errors: Path | None = None
    strict: bool = False
    summary: Path | None = None
    excel: bool = False
    group_by: str | None = None
    median: bool = False
    engine: str = "vector"
    language: str = "en"
    chunk_rows: int = 100_000
    min_answered: float = DEFAULT_MIN_ANSWERED
    progress: bool = False
    stability: bool = False  # add the stability columns (weight draws and answers moved one step; slower)
    stability_draws: int = 1000  # weight draws per row for the stability columns (engine.explain.stability.DRAWS)


@dataclass
class Scored:
    """The scores of the ok rows of one chunk, from either path (arrays over those rows)."""

    maturity: np.ndarray
    stage: np.ndarray
    readiness: np.ndarray
    shares: np.ndarray
    primary: np.ndarray
    unknown_share: np.ndarray
    take_exit: np.ndarray
    decision: np.ndarray  # (n,) index into DECISIONS
    exits: np.ndarray  # (n, exit rules) bool
    order: np.ndarray  # (n, models)
    fits: np.ndarray  # (n, models) as reported: rounded to 1 decimal, 0.0 when excluded
    leans: np.ndarray  # index into LEANS, -1 for no lean


def score_vector(engine, frame) -> Scored:
    p, _base, out = br.assess_frame(engine, frame)
    exit_cols = [j for j, r in enumerate(engine.rules.rules) if any(a.kind == "take_exit" for a in r.then)]
    return Scored(p.maturity, p.stage, p.readiness, p.shares, p.primary, p.unknown_share, out.take_exit,
                  out.decision, out.fired[:, exit_cols], out.order, np.where(out.excluded, 0.0, br.py_round(out.fits, 1)),
                  p.leans)


def score_durable(engine, frame, language: str) -> Scored:
    ids = engine.catalogue.ids
    exit_ids = [r.id for r in br.exit_rules(engine.rules)]
    rows = values_from_coded(engine.questionnaire, frame)
    n = len(rows)
    s = Scored(*(np.full(n, np.nan) for _ in range(3)), np.zeros((n, len(OWNERS))), np.zeros(n, dtype=np.int64),
               np.zeros(n), np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64), np.zeros((n, len(exit_ids)), dtype=bool),
               np.zeros((n, len(ids)), dtype=np.int64), np.zeros((n, len(ids))), np.zeros(n, dtype=np.int64))
    for i, values in enumerate(rows):
        a = engine.assess_valid(values, language=language)
        p = a.profile
        s.maturity[i] = np.nan if p.maturity is None else p.maturity
        s.stage[i] = np.nan if p.stage is None else p.stage
        s.readiness[i] = np.nan if p.readiness is None else p.readiness
        s.shares[i] = [p.shares[o] for o in OWNERS]
        s.primary[i] = PRIMARY_VALUES.index(p.primary_owner)
        s.leans[i] = -1 if p.leans is None else LEANS.index(p.leans)
        s.unknown_share[i] = p.unknown_share
        s.take_exit[i] = a.take_exit
        s.decision[i] = DECISIONS.index(a.decision)
        fired = {r["rule"] for r in a.exit_reasons}
        s.exits[i] = [r in fired for r in exit_ids]
        s.order[i] = [ids.index(m.model) for m in a.ranking]
        s.fits[i] = [next(m.fit for m in a.ranking if m.model == mid) for mid in ids]
    return s


def score(engine, frame, *, how: str, language: str) -> Scored:
    return score_durable(engine, frame, language) if how == "durable" else score_vector(engine, frame)


# ---------------------------------------------------------------- the output table


def _expand(values: np.ndarray, ok: np.ndarray, n: int, fill=np.nan) -> np.ndarray:
    if fill is np.nan and len(values) == n:  # every row was scored: nothing to spread (and no copy to make)
        return np.asarray(values, dtype=float)
    out = np.full((n,) + values.shape[1:], fill, dtype=values.dtype if fill is not np.nan else float)
    out[ok] = values
    return out


def _num(values: np.ndarray, digits: int) -> pa.Array:
    return pa.array(br.py_round(values, digits), mask=np.isnan(values), type=pa.float64())


def _dict(codes: np.ndarray, labels: list, present: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32), mask=~present), pa.array(labels, pa.string()))


def result_table(engine, s: Scored | None, ok: np.ndarray, lang: str) -> dict[str, pa.Array]:
    """The score columns for all rows of a chunk (null where the row was not scored)."""
    n = len(ok)
    q, cat = engine.questionnaire, engine.catalogue
    cols: dict[str, pa.Array] = {}
    if s is None or not ok.any():
        empty = np.zeros(0)
        s = Scored(empty, empty, empty, np.zeros((0, len(OWNERS))), np.zeros(0, dtype=np.int64), empty,
                   np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64),
                   np.zeros((0, len(br.exit_rules(engine.rules))), dtype=bool), np.zeros((0, len(cat.ids)), dtype=np.int64),
                   np.zeros((0, len(cat.ids))), np.zeros(0, dtype=np.int64))
    maturity = _expand(s.maturity, ok, n)
    cols["maturity"] = _num(maturity, 1)
    stage = _expand(s.stage, ok, n)
    cols["stage"] = pa.array(np.nan_to_num(stage).astype(np.int64), mask=np.isnan(stage))
    names = [pick(st.name, lang) for st in q.stages]
    cols["stage_name"] = _dict(np.nan_to_num(stage - 1).astype(int), names, ~np.isnan(stage))
    cols["readiness"] = _num(_expand(s.readiness, ok, n), 1)
    shares = _expand(s.shares, ok, n)
    for i, o in enumerate(OWNERS):
        cols[f"share_{o}"] = _num(shares[:, i], 4)
    primary = _expand(s.primary.astype(float), ok, n)
    cols["primary_owner"] = _dict(np.nan_to_num(primary).astype(int), list(PRIMARY_VALUES), ok)
    leans = _expand(s.leans.astype(float), ok, n)
    cols["leans"] = _dict(np.maximum(np.nan_to_num(leans), 0).astype(int), list(LEANS), ok & (leans >= 0))
    cols["unknown_share"] = _num(_expand(s.unknown_share, ok, n), 4)
    take_exit = _expand(s.take_exit.astype(float), ok, n)
    decision = _expand(s.decision.astype(float), ok, n)
    cols["decision"] = _dict(np.nan_to_num(decision).astype(int), list(DECISIONS), ok)
    cols["take_exit"] = pa.array(take_exit == 1.0, mask=~ok)
    rules = br.exit_rules(engine.rules)
    combo = np.zeros(len(s.exits), dtype=np.int64)
    for k in range(len(rules)):
        combo |= s.exits[:, k].astype(np.int64) << k
    uniq, inv = np.unique(combo, return_inverse=True)
    ids_txt = ["; ".join(r.id for k, r in enumerate(rules) if c >> k & 1) for c in uniq]
    texts = [" | ".join(pick(a.text, lang) for k, r in enumerate(rules) if c >> k & 1
                        for a in r.then if a.kind == "take_exit") for c in uniq]
    codes = _expand(inv.astype(float), ok, n)
    cols["exit_rules"] = _dict(np.nan_to_num(codes).astype(int), ids_txt or [""], ok)
    cols["exit_reasons"] = _dict(np.nan_to_num(codes).astype(int), texts or [""], ok)
    order = _expand(s.order.astype(float), ok, n)
    fits = _expand(np.take_along_axis(s.fits, s.order, axis=1), ok, n)
    model_ids = list(cat.ids)
    cols["recommended"] = _dict(np.nan_to_num(order[:, 0]).astype(int), model_ids, ok)
    for k in range(TOP):
        cols[f"model_{k + 1}"] = _dict(np.nan_to_num(order[:, k]).astype(int), model_ids, ok)
        cols[f"fit_{k + 1}"] = _num(fits[:, k], 1)
    return cols


def chunk_table(survey: Survey, conv: Converted, first_row: int, score_cols: dict[str, pa.Array],
                id_names: list[str]) -> pa.Table:
    n = len(conv.status)
    cols: dict[str, pa.Array] = {"row": pa.array(np.arange(first_row, first_row + n, dtype=np.int64))}
    for name, values in zip(id_names, conv.ids):
        cols[name] = values
    cols["status"] = _dict(conv.status, list(STATUS_NAMES), np.ones(n, dtype=bool))
    cols["reason"] = conv.reason
    cols.update(score_cols)
    return pa.table(cols)


# ---------------------------------------------------------------- the run


@dataclass
class _Run:
    summary: Summary
    alpha: AlphaAccumulator | None
    groups: GroupCollector | None
    problems: list = field(default_factory=list)


def _id_names(survey: Survey) -> list[str]:
    names, seen = [], {"row", "status", "reason"}
    for name in survey.id_names():
        name = name if name not in seen else f"{name}_"
        seen.add(name)
        names.append(name)
    return names


def _progress_bar(survey: Survey, show: bool):
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=survey.source.size, unit="B", unit_scale=True, file=sys.stderr, leave=False,
                desc=survey.path.name, dynamic_ncols=True)


def run_batch(engine, input_path: str | Path, opts: BatchOptions) -> Summary:
    """Score ``input_path`` into ``opts.output``; returns the run summary (also written to
    ``opts.summary`` when given). Raises :class:`DataError` with ``strict`` when a row is invalid."""
    fmt = check_options(input_path, opts)
    survey = open_survey(input_path, engine.questionnaire, source=opts.source, mapping=opts.mapping,
                         encoding=opts.encoding, delimiter=opts.delimiter, id_columns=opts.id_columns,
                         group_by=opts.group_by, min_answered=opts.min_answered)
    start = time.perf_counter()
    failure: DataError | None = None
    with atomic_path(opts.errors) if opts.errors else contextlib.nullcontext() as err_tmp:
        try:
            with atomic_path(opts.output) as out_tmp:
                try:
                    run = _stream(engine, survey, opts, fmt, out_tmp, err_tmp, tolerant=False)
                except Ragged:
                    run = _stream(engine, survey, opts, fmt, out_tmp, err_tmp, tolerant=True)
                s = run.summary
                s.seconds = time.perf_counter() - start
                marks = {survey.layout.columns[p].name: m for p, m in survey.converter.decimal.items() if m != "."}
                if marks:  # said, so that a column that mixes 16.25 and 12,5 is no surprise
                    s.detected["decimal_marks"] = marks
                s.alpha = run.alpha.result(engine.questionnaire) if run.alpha is not None else {}
                for v in s.alpha.values():  # alpha means something for a scale of agreement statements only
                    v["statements_only"] = all(engine.questionnaire.by_id[i].type == "likert5" for i in v["items"])
                if opts.strict and s.invalid:
                    raise _Strict(_strict_error(survey, s, run.problems))
        except _Strict as exc:  # the output is discarded; the errors file is kept
            failure = exc.error
    if failure is not None:
        raise failure
    if opts.summary:
        write_summary(s, opts.summary, engine)
    return s


def check_options(input_path: str | Path, opts: BatchOptions) -> str:
    """Every option that can be checked without reading the export, checked before reading it (a
    wrong ``--summary`` suffix must not be found after an hour of scoring); returns the output format."""
    from ..errors import UsageError
    from ..files.outputs import check_outputs

    fmt = output_format(opts.output, "-o")
    if opts.errors:
        output_format(opts.errors, "--errors")
    if opts.summary:
        summary_format(opts.summary)
    if opts.engine not in ENGINES:
        raise UsageError(f"--engine {opts.engine!r}: expected one of {', '.join(ENGINES)}")
    if opts.stability_draws < 1:
        raise UsageError(f"--stability-draws {opts.stability_draws}: expected a whole number of at least 1")
    if not 0 < opts.min_answered <= 1:
        raise UsageError(f"--min-answered {opts.min_answered}: expected a fraction above 0 and at most 1")
    check_outputs([("-o", opts.output), ("--errors", opts.errors), ("--summary", opts.summary)],
                  [("EXPORT", Path(input_path)), ("--map", opts.mapping)])
    return fmt


class _Strict(Exception):
    def __init__(self, error: DataError):
        self.error = error


def _strict_error(survey: Survey, s: Summary, problems: list) -> DataError:
    first = [Problem(f"{survey.path}: row {p.row}", p.column, f"{p.code}: {p.message}") for p in problems[:20]]
    more = [Problem(str(survey.path), "", "... and more problems (see --errors)")] if len(problems) > 20 else []
    return DataError([Problem(str(survey.path), "", f"--strict: {s.invalid} of {s.rows} rows are invalid; "
                                                    "nothing was written")] + first + more)


def _stream(engine, survey: Survey, opts: BatchOptions, fmt: str, out_tmp: Path, err_tmp: Path | None,
            *, tolerant: bool) -> _Run:
    id_names = _id_names(survey)
    summary = Summary.start(survey, engine, opts)
    # Cronbach's alpha is shown in a summary file and with --group-by: computed only then (a fifth of a run)
    wants_alpha = bool(opts.summary or opts.group_by)
    run = _Run(summary, AlphaAccumulator(engine.questionnaire, engine.weights) if wants_alpha else None,
               GroupCollector(engine.questionnaire, engine.weights, survey.group_position, median=opts.median)
               if opts.group_by else None)
    text_cols = tuple(id_names)
    tab = opts.output.suffix.lower() == ".tsv"
    writer = None if run.groups else Writer(out_tmp, fmt, excel=opts.excel, text_columns=text_cols, tab=tab)
    errors = Writer(err_tmp, output_format(opts.errors, "--errors"), excel=opts.excel, text_columns=("respondent_id", "value"),
                    tab=opts.errors.suffix.lower() == ".tsv") if err_tmp else None
    bar = _progress_bar(survey, opts.progress)
    position = [0]  # bytes read: set by the reading thread, shown by this one
    score, result_table = _scorers(opts)
    # the results are written by a background thread while the next chunk is scored (.pipeline)
    background = BackgroundWriter(writer.write) if writer is not None else None
    chunks = survey.chunks(opts.chunk_rows, tolerant=tolerant, read_ahead=True,
                           progress=(lambda b: position.__setitem__(0, b)) if bar else None)
    try:
        for raw, conv in chunks:
            ok = conv.status == OK
            frame = conv.frame if ok.all() else conv.frame[ok]  # selected once: a copy of the chunk's answers
            scored = score(engine, frame, how=opts.engine, language=opts.language) if len(frame) else None
            if run.alpha is not None:
                run.alpha.add(frame)
            if run.groups:
                run.groups.add(raw, frame, ok)
            else:
                table = chunk_table(survey, conv, raw.first_row, result_table(engine, scored, ok, opts.language), id_names)
                background.put(table)
            summary.add(conv, scored, engine)
            if errors and conv.has_problems:
                errors.write(conv.problem_table())
            if len(run.problems) < 21:
                run.problems += conv.first_problems(21 - len(run.problems))
            if bar:
                bar.update(position[0] - bar.n)
                bar.set_postfix(rows=f"{summary.rows:,}", rows_s=f"{summary.rows / max(bar.format_dict['elapsed'], 1e-9):,.0f}",
                                refresh=False)
        if background is not None:  # every chunk written before anything else is
            background, last = None, background
            last.close()
        if run.groups:
            from .groups import group_table

            writer = Writer(out_tmp, fmt, excel=opts.excel, text_columns=("group",), tab=tab)
            writer.write(group_table(engine, run.groups, how=opts.engine, lang=opts.language,
                                     result_table=result_table, score=score))
        elif writer.rows == 0:
            empty = Converted(frame=survey_empty_frame(engine), status=np.zeros(0, dtype=np.int8),
                              reason=pa.nulls(0, pa.string()), problems=[],
                              ids=[pa.array([], pa.string()) for _ in id_names], answered_share=np.zeros(0))
            writer.write(chunk_table(survey, empty, 0, result_table(engine, None, np.zeros(0, dtype=bool), opts.language),
                                     id_names))
        if errors and errors.rows == 0:
            errors.write(problem_table([], None, 0, None))
    finally:
        chunks.close()  # stops the reading thread
        if background is not None:  # an exception is on its way: stop writing
            background.close(abort=True)
        if bar:
            bar.close()
        for w in (writer, errors):
            if w is not None:
                w.close()
    return run


STABILITY_COLUMNS = ("stability_top", "stability_top_verdict", "stability_exit", "stability_exit_verdict")


def stability_columns(engine, frame, ok: np.ndarray, *, draws: int = 1000) -> dict[str, pa.Array]:
    """The stability figure of ``socialfit score`` for every scored row
    (:func:`engine.explain.stability.figure_shares`: the lower of the share of ``draws`` seeded weight
    perturbations and the share of answers moved one step that keep the outcome), for the top model and
    the exit decision, each with its verdict (``firm`` / ``sensitive``)."""
    from ..explain.stability import FIRM, figure_shares

    n = len(ok)
    if frame is None or not len(frame) or not ok.any():
        top = ex = np.zeros(0)
    else:
        top, ex = figure_shares(engine, frame.reset_index(drop=True), draws=draws)
    cols: dict[str, pa.Array] = {}
    for name, share in (("stability_top", top), ("stability_exit", ex)):
        full = _expand(share, ok, n)
        cols[name] = _num(full, 3)
        cols[f"{name}_verdict"] = _dict((np.nan_to_num(full) < FIRM).astype(int), ["firm", "sensitive"], ok)
    return cols


def _scorers(opts: BatchOptions):
    """``score`` and ``result_table``, with the stability columns added when asked for."""
    if not opts.stability:
        return score, result_table
    last: dict = {}

    def score_keeping(engine, frame, *, how: str, language: str):
        last["frame"] = frame
        return score(engine, frame, how=how, language=language)

    def table_with_stability(engine, s, ok, lang):
        cols = result_table(engine, s, ok, lang)
        cols.update(stability_columns(engine, last.pop("frame", None) if s is not None else None, ok,
                                       draws=opts.stability_draws))
        return cols

    return score_keeping, table_with_stability


def survey_empty_frame(engine):
    import pandas as pd

    from ..scoring.vectorised import coded_columns

    return pd.DataFrame({c: np.zeros(0) for c in coded_columns(engine.questionnaire)})
