"""Loaded as a pytest plugin (`-p tests.environment` in pyproject.toml) before Django starts.

Tests run with DEBUG off, as in production, and a throwaway secret key.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ["DEBUG"] = "0"
