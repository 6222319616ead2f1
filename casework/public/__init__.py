"""The public e-service: residents and relatives send a klagomål, synpunkt or beröm without an
account (``/lamna-synpunkt``), in Swedish or English.

The case is made by the one case service and validator (``casework.cases.services.create_case``)
with the channel "e-tjänst"; abuse is held off without third parties (a honeypot, a minimum fill
time, limits per client address and per enhet, size limits, nothing that looks cases up by
number); a receipt goes to the sender through the outbox and a notice to the unit's handler
through the reminders.
"""
