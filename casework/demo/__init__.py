"""Demo data: a district with users and realistic cases, to try casework out and to benchmark it."""
