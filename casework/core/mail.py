"""Sending e-mail: through SMTP when ``SMTP_HOST`` is set, else into the instance's outbox folder.

The outbox lets the embedded default show what would be sent without a mail server. Logs name
the message file or id, never the recipient or the content.
"""
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

#: Sends one plain-text e-mail (to, subject, body) and returns its Message-ID.
Send = Callable[[str, str, str], str]


def send_mail(to: str, subject: str, body: str) -> str:
    """Send one plain-text e-mail and return its Message-ID. SMTP errors propagate to the caller,
    which decides about retrying."""
    with mail_session() as send:
        return send(to, subject, body)


@contextmanager
def mail_session() -> Iterator[Send]:
    """Send several e-mails over one SMTP connection, opened at the first one and opened again
    after a failure; SMTP errors propagate from each send."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        yield _to_outbox
        return
    connection: smtplib.SMTP | None = None

    def send(to: str, subject: str, body: str) -> str:
        nonlocal connection
        message = _message(to, subject, body)
        if connection is None:
            connection = smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=30)
        try:
            connection.send_message(message)
        except smtplib.SMTPResponseException:
            # The server refused this message; the connection goes on unless the reset fails.
            if not _reset(connection):
                connection = None
            raise
        except (smtplib.SMTPException, OSError):
            _close(connection)
            connection = None
            raise
        log.info("e-mail %s sent through SMTP", message["Message-ID"])
        return message["Message-ID"]

    try:
        yield send
    finally:
        if connection is not None:
            _close(connection)


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@casework>"
    message.set_content(body)
    return message


def _to_outbox(to: str, subject: str, body: str) -> str:
    message = _message(to, subject, body)
    outbox = Path(current_app.instance_path) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{message['Message-ID'].strip('<>')}.eml"
    path.write_bytes(message.as_bytes())
    log.info("e-mail written to the outbox as %s (no SMTP_HOST configured)", path.name)
    return message["Message-ID"]


def _reset(connection: smtplib.SMTP) -> bool:
    try:
        connection.rset()
        return True
    except (smtplib.SMTPException, OSError):
        connection.close()
        return False


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
