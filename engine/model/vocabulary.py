"""The engine's fixed vocabulary: scales, owners, features. Data files are checked against it."""
from __future__ import annotations

MATURITY_DIMENSIONS = ("goals", "people", "governance", "monitoring", "integration", "content", "management")
READINESS_DIMENSIONS = ("support", "capacity", "budget", "audience", "legal", "culture")
NEEDS = ("depth", "diy", "integration", "campaign", "poe", "go_no_go", "org_change", "strategy", "completeness",
         "memorable", "evaluation")
# Who owns social media. Communication (PR / corporate communication) is an owner of its own: it is the
# most frequent owner in surveys of the field and the usual one in the public sector (domain.md).
OWNERS = ("marketing", "communication", "service", "strategic")
# The source's own three-way question (marketing, customer service or strategic?): where an organisation
# leans among these, whoever owns social media (a communication department leans one way or another).
LEANS = ("marketing", "service", "strategic")
# The primary owner when every owner question is answered "nobody yet" (an option with all shares 0).
UNASSIGNED = "unassigned"
PRIMARY_VALUES = OWNERS + (UNASSIGNED,)
OWNERSHIP = "ownership"

SCALES = (
    tuple(f"maturity.{d}" for d in MATURITY_DIMENSIONS)
    + tuple(f"readiness.{d}" for d in READINESS_DIMENSIONS)
    + tuple(f"needs.{n}" for n in NEEDS)
    + (OWNERSHIP,)
)

# Features of the linear model-fit score, each in 0..1. A need's feature pairs with the catalogue
# attribute of the same name; `maturity_mid` peaks at the middle of the maturity range so that a
# linear score can prefer middle-maturity models.
FEATURES = (
    tuple(f"need_{n}" for n in NEEDS)
    + ("maturity", "maturity_mid", "readiness")
    + tuple(f"own_{o}" for o in OWNERS)
)
# The three outcomes of the exit decision: start; start with a go/no-go moment and named conditions;
# do not start now (a knock-out: the exit).
DECISIONS = ("go", "go_with_conditions", "not_now")
# What a reason for or against a model speaks to: one reason per subject per model. Each feature
# belongs to one subject (both maturity features to "maturity", every owner share to "ownership").
REASON_SUBJECTS = ("maturity", "readiness", "ownership") + tuple(f"needs.{n}" for n in NEEDS)


def feature_subject(feature: str) -> str:
    """The reason subject of a model-fit feature."""
    if feature.startswith("need_"):
        return f"needs.{feature[5:]}"
    if feature.startswith("own_"):
        return "ownership"
    return "maturity" if feature.startswith("maturity") else feature


NEUTRAL = 0.5  # feature value when the underlying score is unknown (all "don't know")
