"""Slack: the `/hub` slash command, link unfurls for hub assets, and channel notices (sent through
the webhook outbox). Every request from Slack is checked against SLACK_SIGNING_SECRET first."""
