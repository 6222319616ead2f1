"""Who may do what: one central policy over role × organisation subtree × case type × action."""
