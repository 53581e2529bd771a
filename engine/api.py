"""The library's front door: load the questionnaire, catalogue, weights and rules once, then assess.

    from engine import Engine
    engine = Engine.load()                       # the bundled files
    result = engine.assess({"org_size": "small", ...}, language="nl")
    result.recommended, result.take_exit, result.to_dict()
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .files import resources
from .model.answers import Answers, load_answers, validate_answers
from .assessment import Assessment, ModelResult, apply_rules, rank, rule_fact, tied
from .reasons import feature_reasons, merge
from .model.catalogue import Catalogue, load_catalogue
from .rules.durable import DurableRuleRunner
from .errors import DataError, Problem
from .i18n import DEFAULT_LANGUAGE, pick
from .model.questionnaire import Questionnaire, load_questionnaire
from .rules.model import RuleSet, load_rules
from .explain.whynot import why_not_all
from .rules.fitscale import ceiling
from .scoring.scalar import Profile, base_fits, features, linear_scores, profile
from .model.weights import Weights, load_weights


@dataclass
class Engine:
    """A loaded, validated configuration that assesses organisations."""

    questionnaire: Questionnaire
    catalogue: Catalogue
    weights: Weights
    rules: RuleSet

    def __post_init__(self) -> None:
        self._runner: DurableRuleRunner | None = None
        self._item_types = {i.id: i.type for i in self.questionnaire.items}

    @classmethod
    def load(cls, *, questionnaire: str | Path | None = None, catalogue: str | Path | None = None,
             weights: str | Path | Weights | None = None, rules: str | Path | None = None) -> "Engine":
        """Load and validate the given files, or the bundled ones where a path is not given."""
        q = load_questionnaire(questionnaire or resources.default_questionnaire_path())
        cat = load_catalogue(catalogue or resources.default_catalogue_path())
        if not isinstance(weights, Weights):
            weights = load_weights(weights or resources.default_weights_path(), model_ids=cat.ids,
                                   item_scales={i.id: i.feeds for i in q.items})
        ruleset = load_rules(Path(rules) if rules else resources.default_rules_dir(), q, cat, weights)
        return cls(q, cat, weights, ruleset)

    @classmethod
    def check(cls, *, questionnaire=None, catalogue=None, weights=None, rules=None) -> tuple["Engine | None", list[Problem]]:
        """Load every file and collect every problem instead of stopping at the first file.

        Files that depend on a broken one (rules need the questionnaire, catalogue and weights) are
        checked as far as they can be.
        """
        problems: list[Problem] = []

        def attempt(load):
            try:
                return load()
            except DataError as exc:
                problems.extend(exc.problems)
                return None

        q = attempt(lambda: load_questionnaire(questionnaire or resources.default_questionnaire_path()))
        cat = attempt(lambda: load_catalogue(catalogue or resources.default_catalogue_path()))
        w = attempt(lambda: load_weights(weights or resources.default_weights_path(),
                                         model_ids=cat.ids if cat else None,
                                         item_scales={i.id: i.feeds for i in q.items} if q else None))
        if q and cat and w:
            ruleset = attempt(lambda: load_rules(Path(rules) if rules else resources.default_rules_dir(), q, cat, w))
            if ruleset:
                return cls(q, cat, w, ruleset), problems
        return None, problems

    def with_weights(self, weights: Weights) -> "Engine":
        """The same questionnaire, catalogue and rules with other weights (rules are re-resolved)."""
        return Engine(self.questionnaire, self.catalogue, weights,
                      load_rules(sorted({Path(r.source) for r in self.rules.rules}), self.questionnaire,
                                 self.catalogue, weights))

    @property
    def runner(self) -> DurableRuleRunner:
        if self._runner is None:  # built on first use: a Host starts threads
            self._runner = DurableRuleRunner(self.rules)
        return self._runner

    # ------------------------------------------------------------ assessing

    def validate(self, answers: Mapping[str, Any], *, source: str = "answers") -> tuple[dict, list[str]]:
        """Validate an ``{item_id: value}`` mapping; returns (visible answers, warnings)."""
        return validate_answers(self.questionnaire, answers, source=source)

    def read_answers(self, path: str | Path) -> Answers:
        """Read and validate an answers file."""
        return load_answers(self.questionnaire, path)

    def assess(self, answers: Mapping[str, Any], *, language: str | None = None,
               organisation: str | None = None) -> Assessment:
        """Assess one organisation from an ``{item_id: value}`` mapping (validated here)."""
        values, warnings = self.validate(answers)
        return self.assess_valid(values, language=language or DEFAULT_LANGUAGE, organisation=organisation,
                                 warnings=warnings)

    def assess_file(self, path: str | Path, *, language: str | None = None) -> Assessment:
        """Assess the organisation of an answers file; ``language`` overrides the file's."""
        a = self.read_answers(path)
        return self.assess_valid(a.values, language=language or a.language or DEFAULT_LANGUAGE,
                                 organisation=a.organisation, warnings=a.warnings)

    def profile(self, values: Mapping[str, Any]) -> Profile:
        return profile(self.questionnaire, self.weights, values)

    def assess_valid(self, values: Mapping[str, Any], *, language: str = DEFAULT_LANGUAGE,
                     organisation: str | None = None, warnings: list[str] | None = None) -> Assessment:
        """Assess already validated answers to visible items."""
        p = self.profile(values)
        x = features(p)
        z = linear_scores(self.weights, self.catalogue.ids, x)
        base = base_fits(z)
        fired = self.runner.matching_rules(rule_fact(p, values, self._item_types))
        out = apply_rules(self.catalogue, base, fired, language, top=ceiling(self.rules))
        ranking = []
        order = rank(self.catalogue, out.fits, out.excluded)
        ties = tied(out.fits, out.excluded)
        gaps = why_not_all(self.catalogue, self.weights, self.rules, p, x, z, base, out.scores, out.fits,
                           out.excluded, order, [r["rule"] for r in out.trace], language)
        for model_id in order:
            own = feature_reasons(self.catalogue, model_id, self.weights.model_fit[model_id], x, p, language)
            pros, cons = merge(out.reasons[model_id], own)
            excluded = model_id in out.excluded
            ranking.append(ModelResult(
                model=model_id, name=self.catalogue.by_id[model_id].name,
                fit=0.0 if excluded else round(out.fits[model_id], 1), tied=model_id in ties,
                base_fit=round(base[model_id], 1), excluded=excluded,
                reasons_for=[r.text for r in pros], reasons_against=[r.text for r in cons],
                subjects_for=[r.subjects for r in pros], subjects_against=[r.subjects for r in cons],
                why_not=gaps.get(model_id)))
        stage = self.questionnaire.stage_for(p.maturity)
        return Assessment(
            questionnaire=self.questionnaire.ref, language=language, profile=p,
            stage_name=pick(stage.name, language) if stage else None, take_exit=bool(out.exit_reasons),
            exit_reasons=out.exit_reasons, fix_first=out.fix_first, conditions=out.conditions, ranking=ranking,
            advice=out.advice, trace=out.trace, warnings=list(warnings or []), organisation=organisation,
            catalogue=self.catalogue)

    # ------------------------------------------------------------ explaining

    def stability(self, values: Mapping[str, Any], assessment: Assessment | None = None, **kwargs):
        """How firm the advice for ``values`` is (see :mod:`engine.explain.stability`); attached to
        ``assessment`` (its JSON gains ``stability``) when one is given."""
        from .explain.stability import stability

        result = stability(self, values, **kwargs)
        if assessment is not None:
            assessment.stability = result
        return result

    def what_if(self, values: Mapping[str, Any], **kwargs):
        """The smallest answer changes that change the advice (see :mod:`engine.explain.whatif`)."""
        from .explain.whatif import what_if

        return what_if(self, values, **kwargs)
