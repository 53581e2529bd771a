"""Figures of a calibration run: used by the HTML report and the notebook (``display(fig)``).

Figures are built with ``matplotlib.figure.Figure``, not pyplot: no global backend state, nothing to
close, and they work headless (the report) as well as inline (the notebook).
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from ..model.vocabulary import FEATURES


def _figure(width: float, height: float):
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def confusion_figure(metrics: dict, title: str):
    labels = metrics["confusion"]["labels"]
    m = np.array(metrics["confusion"]["matrix"])
    fig, ax = _figure(6.5, 5.5)
    ax.imshow(m, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if m[i, j]:
                ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if m[i, j] > m.max() / 2 else "black")
    ax.set_xlabel("engine's recommendation")
    ax.set_ylabel("expert's label")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def weights_figure(prior, calibrated, model_ids):
    """Fitted weight against prior weight, one point per (model, feature)."""
    fig, ax = _figure(5.5, 5)
    for m in model_ids:
        _, p = prior.coefficients(m)
        _, c = calibrated.coefficients(m)
        ax.scatter(p, c, s=14, label=m)
    lo = min(ax.get_xlim()[0], ax.get_ylim()[0])
    hi = max(ax.get_xlim()[1], ax.get_ylim()[1])
    ax.plot([lo, hi], [lo, hi], color="grey", lw=0.8)
    ax.set_xlabel("prior weight")
    ax.set_ylabel("calibrated weight")
    ax.set_title(f"Model-fit weights ({len(FEATURES)} features x {len(model_ids)} models)")
    ax.legend(fontsize=6, loc="upper left")
    fig.tight_layout()
    return fig


def calibration_figure(prior_metrics: dict, calibrated_metrics: dict):
    fig, ax = _figure(5, 4.5)
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, label="perfectly calibrated")
    for name, met in (("prior", prior_metrics), ("calibrated", calibrated_metrics)):
        curve = met["calibration_curve"]
        ax.plot(curve["confidence"], curve["accuracy"], marker="o", label=f"{name} (Brier {met['brier']:.3f})")
    ax.set_xlabel("confidence of the top model (softmax of z)")
    ax.set_ylabel("share of cases where it is the expert's label")
    ax.set_title("Calibration curve (held-out folds)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def svg(fig) -> str:
    """The figure as inline SVG text."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.index("<svg"):]
