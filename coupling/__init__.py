"""coupling: which module of a Python monolith to extract first, from the code alone."""

__version__ = "0.1.0"
