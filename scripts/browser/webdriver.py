"""A small W3C WebDriver client over HTTP, for the browser test (Python standard library only).

It starts `chromedriver` on a free loopback port in its own process group, opens one session of
headless Chromium with a throwaway profile, and speaks the few commands of the W3C WebDriver
specification (https://www.w3.org/TR/webdriver2/) the test needs: New Session, Navigate To, Get
Current URL, Find Element(s), Element Clear / Send Keys / Click, Get Element Text / Attribute,
Execute Script, Take Screenshot, Delete Session. `close()` ends the session and stops chromedriver
and everything it started, and is safe to call more than once.
"""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

# The key of a web element reference in the specification's JSON.
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--password-store=basic",
    "--lang=en-US",
]


class WebDriverError(Exception):
    """A command the driver refused or that failed: the spec's error code and message."""

    def __init__(self, command, code, message):
        first_line = (message or "").strip().splitlines()[0] if (message or "").strip() else ""
        super().__init__(f"{command}: {code}: {first_line}")
        self.code = code


def free_port():
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Element:
    def __init__(self, driver, element_id, selector):
        self.driver = driver
        self.id = element_id
        self.selector = selector

    def _cmd(self, method, path, body=None):
        return self.driver.command(method, f"/element/{self.id}{path}", body)

    def clear(self):
        self._cmd("POST", "/clear", {})

    def send_keys(self, text):
        self._cmd("POST", "/value", {"text": text})

    def click(self):
        self._cmd("POST", "/click", {})

    @property
    def text(self):
        return self._cmd("GET", "/text")

    def attribute(self, name):
        return self._cmd("GET", f"/attribute/{name}")

    def find(self, selector):
        return self.driver._find(f"/element/{self.id}/element", selector)

    def find_all(self, selector):
        return self.driver._find_all(f"/element/{self.id}/elements", selector)


class Chromium:
    """One headless Chromium session driven through chromedriver."""

    def __init__(self, chromedriver, chromium=None, log_path=None, start_timeout=30):
        self.process = None
        self.session = None
        self.profile = tempfile.mkdtemp(prefix="stationkeeper-chromium-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path or os.path.join(self.profile, "chromedriver.log")
        self._log = open(self.log_path, "wb")
        try:
            self.process = subprocess.Popen(
                [chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1", "--log-level=INFO"],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so close() stops Chromium too
            )
            self._wait_ready(start_timeout)
            options = {"args": CHROMIUM_ARGS + [f"--user-data-dir={self.profile}"]}
            if chromium:
                options["binary"] = chromium
            value = self._request(
                "POST",
                "/session",
                {
                    "capabilities": {
                        "alwaysMatch": {
                            "browserName": "chrome",
                            "pageLoadStrategy": "normal",
                            "goog:chromeOptions": options,
                        }
                    }
                },
                timeout=start_timeout + 30,
            )
            self.session = value["sessionId"]
            self.command("POST", "/timeouts", {"pageLoad": 30000, "script": 10000, "implicit": 0})
        except BaseException:
            self.close()
            raise

    # -- transport

    def _request(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json; charset=utf-8")
        # Errors name the command as the spec does, without the session id: "POST /element".
        command = f"{method} {re.sub(r'^/session/[^/]+', '', path) or path}"
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                value = json.loads(payload)["value"]
                raise WebDriverError(command, value.get("error"), value.get("message")) from None
            except (ValueError, KeyError, TypeError, AttributeError):
                raise WebDriverError(command, f"HTTP {error.code}", payload[:200].decode(errors="replace")) from None
        except (urllib.error.URLError, OSError) as error:
            raise WebDriverError(command, "no answer from chromedriver", str(error)) from None
        return json.loads(payload)["value"]

    def _wait_ready(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise WebDriverError("start chromedriver", f"exited with {self.process.returncode}", self._log_tail())
            try:
                if self._request("GET", "/status", timeout=2).get("ready"):
                    return
            except WebDriverError:
                pass
            time.sleep(0.1)
        raise WebDriverError("start chromedriver", "not ready", f"no answer on port {self.port} within {seconds} s")

    def _log_tail(self, lines=5):
        try:
            with open(self.log_path, "rb") as log:
                return " | ".join(log.read().decode(errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return ""

    def command(self, method, path, body=None):
        return self._request(method, f"/session/{self.session}{path}", body)

    # -- commands

    def get(self, url):
        self.command("POST", "/url", {"url": url})

    @property
    def current_url(self):
        return self.command("GET", "/url")

    def _find(self, path, selector):
        value = self.command("POST", path, {"using": "css selector", "value": selector})
        return Element(self, value[ELEMENT_KEY], selector)

    def _find_all(self, path, selector):
        values = self.command("POST", path, {"using": "css selector", "value": selector})
        return [Element(self, value[ELEMENT_KEY], selector) for value in values]

    def find(self, selector):
        """The first element matching the CSS selector; WebDriverError 'no such element' if none."""
        return self._find("/element", selector)

    def find_all(self, selector):
        return self._find_all("/elements", selector)

    def execute(self, script, *args):
        """Runs the body of a JavaScript function in the page and returns what it returns."""
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def set_viewport(self, width, height):
        """Resizes the window (Set Window Rect) so that the page itself is WIDTH x HEIGHT."""
        inner = self.execute("return [window.innerWidth, window.innerHeight];")
        rect = self.command("GET", "/window/rect")
        self.command(
            "POST", "/window/rect", {"width": rect["width"] + width - inner[0], "height": rect["height"] + height - inner[1]}
        )

    def screenshot(self):
        """The current viewport as PNG bytes."""
        return base64.b64decode(self.command("GET", "/screenshot"))

    def close(self):
        if self.session:
            session, self.session = self.session, None
            try:
                self._request("DELETE", f"/session/{session}", timeout=15)
            except WebDriverError:
                pass
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)
        if self.process:
            # Chromium's helpers may outlive chromedriver in its group: stop what is left of it.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not self._log.closed:
            self._log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
