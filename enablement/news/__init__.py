"""Industry news: feeds.yml, the poller, market tagging, the digest, talking points.

Importing the package registers news items as searchable (see documents.py).
"""

from enablement.news import documents  # noqa: F401  (registers news items with search)
