"""Content requests: reps ask marketing for what they couldn't find and hear when it's out.

Importing the package registers what publishing an asset does to the requests it answers (see
services.asset_published and assets/hooks.py).
"""

from enablement.requests import services  # noqa: F401  (registers the publish hook)
