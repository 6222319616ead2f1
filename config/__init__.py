"""Settings classes and the data that configures the domain (taxonomy, report templates)."""
