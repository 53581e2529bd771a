"""Explanations built on one assessment: why the other models lost (:mod:`.whynot`), which answer
changes would change the advice (:mod:`.whatif`), how firm the advice is (:mod:`.stability`), and
how often each rule fires over many responses (:mod:`.coverage`).

Everything here works off ``weights.features``, the catalogue's ids and the rule set as loaded, never a
fixed list of owners, needs or features, so that a new owner or need in the data files is explained
without a code change.
"""
