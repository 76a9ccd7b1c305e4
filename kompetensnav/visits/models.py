"""Visits and needs."""
