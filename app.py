"""Entry point for `flask --app app` and WSGI servers."""

from enablement import create_app

app = create_app()
