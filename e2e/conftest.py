"""Serve the app for real (gunicorn, demo data) and drive it in Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps calling Google's hosts, which hangs
# on a closed network (many school networks are closed too).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
START_TIMEOUT = 30.0
# Where a failed test's page is saved (var/ is git-ignored).
SCREENSHOTS = ROOT / "var" / "e2e-screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    cmd = [str(VENV_BIN / "python"), "e2e/pinned_manage.py", *args]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd[1:])} failed ({done.returncode}):\n"
            f"{done.stdout}\n{done.stderr}",
            pytrace=False,
        )


def _status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return str(error)


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    status: int | str = "no answer"
    while time.monotonic() < deadline and server.poll() is None:
        status = _status(url)
        if status == 200:
            return
        time.sleep(0.3)
    ended = "" if server.poll() is None else f", gunicorn exited {server.returncode}"
    pytest.fail(
        f"{url} did not answer 200 within {START_TIMEOUT:.0f} s "
        f"(last: {status}{ended}). gunicorn said:\n{log.read_text()}",
        pytrace=False,
    )


@contextlib.contextmanager
def _served(tmp: Path) -> Iterator[str]:
    """The demo app served by gunicorn on a free port, with its own
    database in ``tmp``."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'e2e.sqlite3'}",
        "PROFILE": "local",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "e2e"), str(ROOT)]),
    }
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "demo")
    _manage(env, "collectstatic", "--noinput", "-v0")

    port = _free_port()
    log = tmp / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                # the app with the clock of clock.py (pinned by TEST_TODAY)
                "--pythonpath",
                str(ROOT / "e2e"),
                "pinned_wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                # No control socket in $HOME: it would clash with a `make run`.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/accounts/login/", server, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo app that the browser tests share."""
    with _served(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def own_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo app of the module's own, for a flow that changes what the
    others rely on (matching forms pairs from the whole support list)."""
    with _served(tmp_path_factory.mktemp("own-server")) as base:
        yield base


@pytest.fixture(scope="session")
def browser_context(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BrowserContext]:
    """One Chromium for the session, with a fresh profile directory.

    Playwright refuses --user-data-dir among the launch arguments, hence the
    persistent context.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make e2e` installs it", pytrace=False)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            locale="ru-RU",
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A new tab with no cookies: every test starts logged out."""
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    yield tab
    tab.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo
) -> Iterator[None]:
    """When a test with a browser tab fails, save the whole page as
    var/e2e-screenshots/<test name>.png and name the file in the report."""
    outcome = yield
    report = outcome.get_result()
    tab = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or tab is None or tab.is_closed():
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", item.name) + ".png")
    try:
        tab.screenshot(path=str(path), full_page=True)
    except Exception as error:  # a crashed tab must not hide the failure
        report.sections.append(("screenshot", f"not saved: {error}"))
    else:
        report.sections.append(("screenshot", f"saved to {path}"))
        print(f"\nscreenshot of the failed page: {path}")
