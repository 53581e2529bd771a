"""The ``socialfit`` command line: thin click commands over the :mod:`engine` library."""
