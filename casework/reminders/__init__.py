"""Reminders before a deadline, escalations when one is missed, and a weekly digest per handler.

Every message is first a row (``Notification``) with a unique key, made by the due-scan
(``dispatch``) in the database; only after that row has committed is it queued for a worker,
which claims it before sending. So a scan run twice, two beats, a lost queue message or a killed
worker never send a message twice or lose one, and saving a case never waits for Redis.
"""
