"""Reps say whether an asset helped; its owner and marketing read what they said."""
