"""Signing in and out, users and their roles, and API tokens."""
