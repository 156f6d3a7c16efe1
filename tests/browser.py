"""Headless Chromium from Debian, driven by Selenium, for the browser tests and the view benchmark.

Selenium Manager is told to download nothing: the browser and its driver are Debian's
(``chromium``, ``chromium-driver``), which ``make test`` installs when missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: Flags for a quiet, isolated headless browser: no sandbox (root in CI), no background traffic.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def headless_chromium(profile: Path, extra: Iterable[str] = (), capabilities: dict | None = None):
    """A Selenium Chrome driver on Debian's Chromium with a fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*FLAGS, *extra, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    for name, value in (capabilities or {}).items():
        options.set_capability(name, value)
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
