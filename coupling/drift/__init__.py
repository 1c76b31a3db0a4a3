"""Drift: the code now against the committed reports (`coupling check`), and one revision
against another (`coupling diff`)."""
