"""Telling people what happened: a notification in the hub (services.py) and an email after the
commit (mail.py). Any feature may use them; the page that lists a user's notifications is
views.py."""
