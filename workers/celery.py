"""Entry point for ``celery -A workers``: builds the Flask app and exposes its Celery app."""
from casework import create_app

flask_app = create_app()
app = flask_app.extensions["celery"]
