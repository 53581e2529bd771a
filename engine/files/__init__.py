"""The file layer: reading data files safely (YAML/JSON with line numbers, size limits), the JSON
Schemas, schema validation, the parse and validation caches, atomic writes, and where the bundled
resources live. It imports nothing of the engine but :mod:`engine.errors`."""
