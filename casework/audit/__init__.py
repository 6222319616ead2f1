"""The audit trail: who read or changed which case or report, when, in which role. No content."""
