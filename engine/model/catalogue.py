"""The catalogue of the nine implementation models (``data/models.yaml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from ..errors import DataError, Problem
from ..files.loading import field_path, locate
from ..files.schemas import ATTRIBUTE_IDS, CATALOGUE
from ..files.cache import load_valid_document

Text = Mapping[str, str]


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    character: Text
    description: Text
    origin: Mapping[str, Any]
    structure: Mapping[str, Any]
    steps: tuple[Mapping[str, Any], ...]
    attributes: Mapping[str, int]
    maturity_fit: tuple[str, ...]
    ownership_fit: tuple[str, ...]
    when_it_fits: Text
    first_actions: Mapping[str, list[str]]
    sources: tuple[str, ...]
    # The trait that defines the model in its source: {trait: {nl, en}, needs: {need: high|low}, source: url}
    signature: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Catalogue:
    attribute_labels: Mapping[str, Text]
    models: tuple[Model, ...]
    source: str = ""

    @cached_property
    def by_id(self) -> Mapping[str, Model]:
        return {m.id: m for m in self.models}

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.models)

    def get(self, model_id: str) -> Model:
        """The model with this id; ``KeyError`` naming the known ids otherwise."""
        try:
            return self.by_id[model_id]
        except KeyError:
            raise KeyError(f"unknown model {model_id!r}; known: {', '.join(self.ids)}") from None


def load_catalogue(path: str | Path) -> Catalogue:
    """Load and validate the catalogue; raises :class:`DataError` listing every problem."""
    source = str(path)
    doc = load_valid_document(path, CATALOGUE)
    problems: list[Problem] = []
    models = []
    seen: set[str] = set()
    for i, raw in enumerate(doc["models"]):
        if raw["id"] in seen:
            problems.append(Problem(locate(source, doc, ["models", i, "id"]), field_path(["models", i, "id"]),
                                    f"duplicate model id {raw['id']!r}"))
        seen.add(raw["id"])
        models.append(Model(
            id=raw["id"], name=raw["name"], character=raw["character"], description=raw["description"],
            origin=raw["origin"], structure=raw["structure"], steps=tuple(raw["steps"]),
            attributes={a: raw["attributes"][a] for a in ATTRIBUTE_IDS},
            maturity_fit=tuple(raw["maturity_fit"]), ownership_fit=tuple(raw["ownership_fit"]),
            when_it_fits=raw["when_it_fits"], first_actions=raw["first_actions"], sources=tuple(raw["sources"]),
            signature=raw.get("signature"),
        ))
    if problems:
        raise DataError(problems)
    return Catalogue(attribute_labels=doc["attributes"], models=tuple(models), source=source)
