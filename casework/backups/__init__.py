"""Backups: a dump of the database with a manifest of its tables, and a check that restores it."""
