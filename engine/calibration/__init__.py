"""Calibration: fit the engine's weights to labelled cases (see docs/calibration.md).

The notebook (notebooks/calibration.ipynb) and ``socialfit calibrate`` only call what is here.
"""
