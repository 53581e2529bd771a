"""Rules: :mod:`.model` reads and validates the rule files, :mod:`.durable` evaluates them for one
assessment through durable-rules, :mod:`.vectorised` compiles the same rules to numpy masks for
batches. A test proves both back-ends fire the same rules."""
