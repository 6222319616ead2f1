"""The outbox: e-mail to the people who raised cases (receipts, answers, follow-up questions).

A mail is a row written with the change it is about, in the same transaction, and sent after the
commit by a worker (in-process on the embedded default); a failed send is retried by beat's
scan, and the case page shows each mail's state. Staff notifications are the reminders'.
"""
