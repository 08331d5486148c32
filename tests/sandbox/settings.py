"""tests.settings with a database file of its own, so parallel runs do not collide."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    _name = os.path.join(os.path.dirname(__file__), "sandbox-test.sqlite3")
    DATABASES["default"]["NAME"] = _name
    DATABASES["default"]["TEST"] = {"NAME": _name}
