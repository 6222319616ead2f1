"""E-mail goes through a real SMTP server (aiosmtpd on 127.0.0.1), or to the outbox folder."""
import email
import logging
from email.header import decode_header, make_header

from casework import create_app
from casework.core.mail import send_mail
from tests.smtp import smtp_server


def test_sends_through_smtp(tmp_path):
    with smtp_server() as (port, inbox):
        app = create_app({"ENV_NAME": "testing", "SMTP_HOST": "127.0.0.1",
                          "SMTP_PORT": port, "SMTP_FROM": "casework@stad.example"},
                         instance_path=str(tmp_path))
        with app.app_context():
            message_id = send_mail("handlaggare@stad.example", "Påminnelse 2025-0042", "Hej")
    [received] = inbox.messages
    assert received["To"] == "handlaggare@stad.example"
    assert received["From"] == "casework@stad.example"
    assert received["Message-ID"] == message_id
    assert str(make_header(decode_header(received["Subject"]))) == "Påminnelse 2025-0042"
    assert not (tmp_path / "outbox").exists()


def test_without_smtp_host_writes_to_the_outbox_and_logs_no_address(tmp_path, caplog):
    app = create_app({"ENV_NAME": "testing"}, instance_path=str(tmp_path))
    with app.app_context(), caplog.at_level(logging.INFO, logger="casework.core.mail"):
        send_mail("person@stad.example", "Ämne", "Innehåll")
    [path] = (tmp_path / "outbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == "person@stad.example"
    assert "person@stad.example" not in caplog.text and path.name in caplog.text
