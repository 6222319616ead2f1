"""The organisation tree: förvaltning → avdelning → område → enhet."""
