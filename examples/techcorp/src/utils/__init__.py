"""Shared helpers for every TechCorp unit.

Rule of thumb: nothing in ``utils`` may import from another unit. If a helper
needs to know about users, invoices or sessions it belongs in that unit, not here.
"""
