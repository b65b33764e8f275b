"""Thin Reflex states: they resolve who is asking, call services and hold what the page shows."""
