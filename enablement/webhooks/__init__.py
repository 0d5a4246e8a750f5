"""Signed webhooks: events sent to the receivers admins register, through a transactional outbox
(events.py writes deliveries in the transaction that caused them; delivery.py sends them after the
commit, from the worker or, without one, from the web process)."""
