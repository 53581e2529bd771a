"""socialfit engine: which social-media implementation model fits an organisation, and should it take
the exit? The library behind the ``socialfit`` command; usable on its own (see :class:`Engine`)."""
from .api import Engine
from .assessment import Assessment
from .errors import DataError, Problem, SocialfitError, UsageError

__all__ = ["Engine", "Assessment", "DataError", "Problem", "SocialfitError", "UsageError"]
__version__ = "0.1.0"
