"""Calling the API as another system does: a bearer token, JSON in and out."""
from datetime import timedelta

from casework.auth import tokens
from casework.core.extensions import db


def make_token(node, scope: str, *, days: int = 30, name: str | None = None) -> str:
    """A committed token of ``scope`` over ``node``; its secret."""
    _token, secret = tokens.create_token(None, name=name or f"System {scope}", node=node,
                                         scope=scope, days=days)
    db.session.commit()
    return secret


def expire(secret: str) -> None:
    token = tokens.authenticate(secret)
    token.expires_at = token.created_at - timedelta(seconds=1)
    db.session.commit()


def call(client, method: str, path: str, secret: str | None = None, json=None, headers=None,
         **kwargs):
    sent = dict(headers or {})
    if secret is not None:
        sent["Authorization"] = f"Bearer {secret}"
    return client.open(path, method=method, json=json, headers=sent, **kwargs)
