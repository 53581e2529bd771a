"""The domain model, as loaded and validated from the data files: the questionnaire, an answers file,
the catalogue of the nine models, the weights, and the vocabulary of scores that rules may name."""
