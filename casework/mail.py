"""Sending e-mail: through SMTP when ``SMTP_HOST`` is set, else into the instance's outbox folder.

The outbox lets the embedded default show what would be sent without a mail server. Logs name
the message file or id, never the recipient or the content.
"""
import logging
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> str:
    """Send one plain-text e-mail and return its Message-ID. SMTP errors propagate to the caller,
    which decides about retrying."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@casework>"
    message.set_content(body)
    if config.get("SMTP_HOST"):
        with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=30) as smtp:
            smtp.send_message(message)
        log.info("e-mail %s sent through SMTP", message["Message-ID"])
    else:
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{message['Message-ID'].strip('<>')}.eml"
        path.write_bytes(message.as_bytes())
        log.info("e-mail written to the outbox as %s (no SMTP_HOST configured)", path.name)
    return message["Message-ID"]
