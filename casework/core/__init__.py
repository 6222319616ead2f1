"""The layer below the domains: extensions, database types, the clock, errors, case types, the
domain configuration (taxonomy), shared form fields, the unit of work and CLI helpers. Nothing
here imports a domain package or the web layer (tests/test_layers.py checks it)."""
