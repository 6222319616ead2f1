"""Standard texts (svarsmallar) and the answer to the person who raised a case.

A standard text is written once per purpose (kvittens, svar, APT-sammanfattning), case type,
optionally category, and organisation node, with placeholders such as ``{ärendenummer}`` that
are filled from the case by plain replacement (``casework.replies.placeholders``). The handler
answers from one on the case page: the text is sent by e-mail through the outbox or printed as
a letter, and stored as the case's återkoppling (``casework.replies.answers``).
"""
