"""Admin pages for users, roles and API tokens."""
