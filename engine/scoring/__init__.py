"""Scoring answers into a profile and model fits: :mod:`.scalar` for one assessment in plain Python,
:mod:`.vectorised` its numpy twin for batches. A test proves the two give the same numbers."""
