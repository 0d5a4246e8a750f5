"""Shares: tracked links reps send to buyers, the buyer page, and what buyers read."""
