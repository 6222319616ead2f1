"""Keeping secrets in paths out of the access log.

The link for a forgotten password carries its token in the path (``/losenord/<token>``), as
does a follow-up question's (``/uppfoljning/<token>``), which werkzeug's request log
(``casework run``) would write out. A filter on the ``werkzeug`` logger writes such paths as
``/losenord/[dold]``. A server in front (a proxy, another WSGI server)
keeps its own log, which its configuration must treat the same way.
"""
import logging
import re

SECRET_PATHS = re.compile(r"(/losenord/|/uppfoljning/)[^\s?\"\x1b]+")
REDACTED = r"\1[dold]"


class RedactSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = SECRET_PATHS.sub(REDACTED, record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(SECRET_PATHS.sub(REDACTED, arg) if isinstance(arg, str) else arg
                                for arg in record.args)
        return True


def register_log_redaction() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSecretPaths) for f in logger.filters):
        logger.addFilter(RedactSecretPaths())
