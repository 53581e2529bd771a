"""The web workspace (``socialfit serve``): a thin front end on the engine, beside the CLI.

Several colleagues of one organisation answer the intake through their own invitation link; a
consultant sees progress, the combined result (the same aggregation as ``batch --group-by``), the
agreement between colleagues and the report (the same report as ``socialfit report``).
Storage is SQLAlchemy 2 with Alembic migrations (SQLite by default, PostgreSQL for a shared server).
"""
