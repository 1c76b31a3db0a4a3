"""Customers: accounts and their history."""
