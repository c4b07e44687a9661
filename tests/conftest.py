import os
import signal
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Run as a background job (`cmd &`, nohup), the suite inherits SIGINT ignored, and so would
# every `fanjian serve` and `fanjian run` it starts: the tests that stop them with SIGINT, as
# Ctrl-C does, would wait forever. Children of a process with a handler get the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6c292aaa073e0d9c.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for every flow test in the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the page tests; skipped where it is missing, except under CI."""
    from .browser import CHROMIUM, Chromium

    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run installs chromium and fonts-noto-cjk")
        pytest.skip(f"headless Chromium not installed at {CHROMIUM} (make install or .ci/run installs it; CI runs these)")
    chromium = Chromium()
    yield chromium
    chromium.close()
