"""The hub as the browser tests serve it: the real app, with its instance folder in a temp dir.

`create_app()` keeps the instance folder next to the code; the browser suite must not read a
developer's `instance/config.py` or write into their instance folder, so it names its own.
Everything else comes from the environment, as in production.
"""

import os

from enablement import create_app

app = create_app({"INSTANCE_PATH": os.environ["HUB_E2E_INSTANCE_PATH"]})
