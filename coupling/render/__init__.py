"""Assessment → the report files (markdown, JSON) and the terminal views.

Nothing is imported here: `coupling check` loads only the renderer it needs.
"""
