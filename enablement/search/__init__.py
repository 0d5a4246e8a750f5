"""Search: the index, the outbox that feeds it, and its maintenance commands."""
