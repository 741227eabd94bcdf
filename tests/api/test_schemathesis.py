"""Schemathesis against the live schema: every check, a fixed seed, bounded examples.

The seed data is loaded and the schemathesis CLI runs against the live test server, in a
subprocess: the schema it fetches holds the real slugs as enums, so generated requests reach
real rows. `--seed` fixes the run, `--max-examples` bounds each operation; all phases run
(examples, coverage, fuzzing, stateful). The run must end with no failure at all.
It runs on SQLite only: the API's answers are the same on both databases (tests/api/ and the
parity tests run on both), and one run takes about a minute and a half.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the API's contract is checked on SQLite (about 90 s a run); once is enough",
    ),
]

SEED = 20240607
EXAMPLES = 40
TIMEOUT = 600


def test_schemathesis_finds_nothing(live_server, seeded, tmp_path):
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
        "PYTHONPATH": os.getcwd(),
        "NO_COLOR": "1",
    }
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{live_server.url}/api/schema/",
        "--checks=all",
        "--mode=all",
        f"--seed={SEED}",
        f"--max-examples={EXAMPLES}",
        "--workers=1",
        "--request-timeout=30",
    ]
    # From an empty folder: the CLI keeps a cache of past crashes (.schemathesis/) in its
    # working directory and would replay them; each run starts clean instead.
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    print(output)  # shown by pytest when the test fails
    assert result.returncode == 0, output[-6000:]
    assert "No issues found" in output or "0 failures" in output, output[-3000:]
