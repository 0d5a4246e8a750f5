"""The weekly email a person opts in to: this week's news for their markets with talking points,
assets newly published for them, and their open requests.

services.py keeps the choice (and the one-click unsubscribe), schedule.py says which week it is,
content.py gathers what to say, compose.py writes the email, sending.py claims and sends it once
per person per week (the worker and `flask weekly-email` call it), unsubscribe.py signs links.
"""
