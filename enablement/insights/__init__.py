"""/insights for marketing: what reps use, rate, ask for and fail to find, coverage, freshness,
the shared metrics with their targets, and the weekly reminders about stale assets."""
