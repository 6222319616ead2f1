"""Attachments on a case: scanned letters, photos, the IVO decision.

A file is taken only when its bytes are one of the allowed kinds and its name agrees
(``sniffing``); photos lose their metadata (``images``); the file is kept under a random key in
a storage backend (``storage``), its row in ``attachments`` (``models``), and the one way in
for every form is ``services.add_files``. The web routes are in ``views``.
"""
