"""WSGI entry point for an external server, e.g.
`gunicorn -k gevent -w 1 wsgi:app` (Socket.IO needs one worker per process
unless CIPS_MESSAGE_QUEUE points at Redis). `cips serve` is the simple way."""

from app import create_app

app = create_app()
