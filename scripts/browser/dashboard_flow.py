#!/usr/bin/env python3
"""The dashboard in a real browser: what an admin does, checked step by step.

Over a throwaway config and store it adds an account and signs users in with the real stationctl
(names and a block message carrying script payloads), starts `stationctl dashboard` on a free
loopback port, and in headless Chromium: is sent to the login page, is refused with a wrong
password, logs in, opens a computer's grid, blocks a station with a message through the preview
and its confirmation, and sees a tile change without reloading after `stationctl sign-out` in
another process. Payloads must show as text and never run. Screenshots go to a folder printed at
the end and, with SCREENSHOTS=1, to docs/images/dashboard-*.png.

Run by scripts/browser-test (which finds chromium and chromedriver); environment: STATIONCTL (the
binary), CHROMEDRIVER, CHROMIUM, SCREENSHOTS. Exit status 0 when every step passed, 1 otherwise,
with one line `browser-test: FAIL: STEP: WHY` first.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import Chromium, WebDriverError, free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATIONCTL = os.path.abspath(os.path.join(ROOT, os.environ.get("STATIONCTL", ".build/debug/stationctl")))
ACCOUNT, PASSWORD = "rivera", "pw-long-enough"
COMPUTER = "LAB-1"
# Names allow anything but whitespace, control characters, '/' and '@'. One payload for text
# (an element and an entity: rendered as HTML it would make a <b> and show "x&y"), one for a
# double-quoted attribute (unescaped there it would add an onfocus handler and autofocus).
TEXT_NAME = "<b>x&amp;y<b>"
ATTRIBUTE_NAME = 'x"onfocus="window.__xss=1"autofocus="'
USERS = {f"{COMPUTER}/1": "alice", f"{COMPUTER}/2": TEXT_NAME, f"{COMPUTER}/3": ATTRIBUTE_NAME}
BLOCKED = f"{COMPUTER}/4"
# A block text may hold anything; rendered as HTML the <img> would run its onerror at once.
MESSAGE = 'Back at 10:00 <img src=x onerror="window.__xss=1"><script>window.__xss=2</script> & <b>not bold</b>'
LIVE_SECONDS = 10
# A tile's data-status for each status of `stationctl stations --json`: the dashboard uses the
# engine's words; the first markup contract's free/busy are accepted too.
TILE_STATUS = {"available": {"available", "free"}, "in_use": {"in_use", "busy"}, "locked": {"locked", "busy"}, "blocked": {"blocked"}}


class Failure(Exception):
    pass


def say(text):
    print(f"browser-test: {text}", flush=True)


class Flow:
    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="stationkeeper-browser-")
        self.shots = tempfile.mkdtemp(prefix="stationkeeper-screenshots-")
        self.env = dict(os.environ)
        self.env.update(
            STATIONKEEPER_CONFIG=os.path.join(self.work, "stationkeeper.lua"),
            STATIONKEEPER_STORE=os.path.join(self.work, "state.db"),
        )
        self.dashboard = None
        self.dashboard_log = os.path.join(self.work, "dashboard.log")
        self.browser = None
        self.base = None
        self.current = None
        self.saved = []

    # -- helpers

    @contextlib.contextmanager
    def step(self, name):
        self.current = name
        started = time.monotonic()
        try:
            yield
        except Failure:
            raise
        except WebDriverError as error:
            raise Failure(str(error)) from None
        except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError) as error:
            raise Failure(f"{type(error).__name__}: {error}") from None
        say(f"ok    {name} ({time.monotonic() - started:.2f} s)")

    def check(self, condition, why):
        if not condition:
            raise Failure(why)

    def stationctl(self, *args, stdin=None):
        result = subprocess.run(
            [STATIONCTL, *args], input=stdin, env=self.env, capture_output=True, text=True, timeout=60
        )
        if result.returncode != 0:
            shown = " ".join(args)
            raise Failure(f"stationctl {shown} exited {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def station(self, name):
        stations = json.loads(self.stationctl("stations", "--computer", COMPUTER, "--json"))
        found = next((s for s in stations if s["id"] == name), None)
        self.check(found is not None, f"stationctl stations does not list {name}")
        return found

    def raw_get(self, path):
        """GET without following redirects and without a cookie: (status, Location)."""
        host, port = self.base.removeprefix("http://").rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location")
        finally:
            connection.close()

    def path(self):
        return urllib.parse.urlsplit(self.browser.current_url).path

    def wait(self, what, script, *args, seconds=10):
        """Polls SCRIPT (a function body) in the page until it returns something truthy."""
        deadline = time.monotonic() + seconds
        last_error = None
        while True:
            try:
                value = self.browser.execute(script, *args)
                if value:
                    return value
            except WebDriverError as error:  # e.g. the document is being replaced
                last_error = error
            if time.monotonic() > deadline:
                extra = f" (last error: {last_error})" if last_error else ""
                raise Failure(f"{what}: not within {seconds} s{extra}")
            time.sleep(0.1)

    def submit(self, button):
        """Clicks a submit button and waits for the next document to have loaded."""
        self.browser.execute("window.__stationkeeperOld = true;")
        button.click()
        self.wait(
            "the next page to load after the click",
            "return window.__stationkeeperOld === undefined && document.readyState === 'complete';",
        )

    def no_script_ran(self, where):
        ran = self.browser.execute(
            "return {xss: window.__xss === undefined ? null : String(window.__xss),"
            " onfocus: document.querySelectorAll('[onfocus]').length,"
            " injected: document.querySelectorAll('img[src=x], [onerror]').length};"
        )
        self.check(ran["xss"] is None, f"{where}: a payload ran (window.__xss = {ran['xss']})")
        self.check(ran["onfocus"] == 0, f"{where}: a name became an onfocus attribute")
        self.check(ran["injected"] == 0, f"{where}: the block message became an <img> element")

    def tiles(self):
        return self.browser.execute(
            """
            const grid = document.querySelectorAll('#grid');
            return {grids: grid.length, tiles: Array.from(document.querySelectorAll('#grid article.tile')).map(t => {
              const part = s => t.querySelector(s);
              return {station: t.dataset.station, status: t.dataset.status,
                      user: part('span.user') ? part('span.user').textContent.trim() : null,
                      userElements: part('span.user') ? part('span.user').childElementCount : null,
                      state: part('span.state') ? part('span.state').textContent.trim() : null,
                      message: part('p.block-message') ? part('p.block-message').textContent.trim() : null,
                      messageElements: part('p.block-message') ? part('p.block-message').childElementCount : null};
            })};
            """
        )

    def check_status(self, tile, status, when):
        """The tile shows STATUS (a `stationctl stations` status), and stationctl agrees."""
        engine = self.station(tile["station"])["status"]
        self.check(engine == status, f"{when}: stationctl says {tile['station']} is {engine}, not {status}")
        self.check(
            tile["status"] in TILE_STATUS[status],
            f"{when}: {tile['station']}'s tile has data-status={tile['status']!r}, not one of {sorted(TILE_STATUS[status])}",
        )

    def tile(self, station):
        view = self.tiles()
        found = [t for t in view["tiles"] if t["station"] == station]
        self.check(len(found) == 1, f"{len(found)} tiles for {station} in #grid")
        return found[0]

    def screenshot(self, name):
        data = self.browser.screenshot()
        self.check(data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"screenshot {name} is not a PNG")
        width, height = struct.unpack(">II", data[16:24])
        self.check(width > 0 and height > 0 and len(data) > 1000, f"screenshot {name} is empty ({width}x{height})")
        path = os.path.join(self.shots, f"dashboard-{name}.png")
        with open(path, "wb") as out:
            out.write(data)
        self.saved.append((path, width, height))
        if os.environ.get("SCREENSHOTS") == "1":
            images = os.path.join(ROOT, "docs", "images")
            os.makedirs(images, exist_ok=True)
            shutil.copyfile(path, os.path.join(images, f"dashboard-{name}.png"))

    # -- the steps

    def set_up_store(self):
        with open(self.env["STATIONKEEPER_CONFIG"], "w") as config:
            config.write(f'computer "{COMPUTER}" {{ stations = 4 }}\ncomputer "LAB-2" {{ stations = 2 }}\n')
        self.stationctl("admins", "add", ACCOUNT, "--role", "admin", stdin=PASSWORD + "\n")
        for station, user in USERS.items():
            self.stationctl("sign-in", user, "--station", station)

    def start_dashboard(self):
        listen = f"127.0.0.1:{free_port()}"
        self.base = f"http://{listen}"
        with open(self.dashboard_log, "wb") as log:
            self.dashboard = subprocess.Popen(
                [STATIONCTL, "dashboard", "--listen", listen],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while True:
            if self.dashboard.poll() is not None:
                raise Failure(f"stationctl dashboard exited {self.dashboard.returncode} (log below)")
            try:
                status, _ = self.raw_get("/login")
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise Failure(f"stationctl dashboard did not answer GET /login with 200 on {listen} within 30 s")
            time.sleep(0.1)

    def refuse_without_session(self):
        for path in ("/", f"/computers/{COMPUTER}"):
            status, location = self.raw_get(path)
            self.check(status == 303, f"GET {path} without a session answered {status}, not 303")
            target = urllib.parse.urlsplit(location or "")
            self.check(target.path == "/login", f"GET {path} without a session redirected to {location!r}, not /login")
            nexts = urllib.parse.parse_qs(target.query).get("next")
            self.check(nexts == [path], f"GET {path} redirected with next={nexts}, not [{path!r}]")

    def open_login(self):
        self.browser.get(self.base + "/")
        self.check(self.path() == "/login", f"/ in the browser ended at {self.browser.current_url}, not /login")
        self.browser.find("form#login")

    def fill_login(self, password):
        form = self.browser.find("form#login")
        for field, value in (("name", ACCOUNT), ("password", password)):
            box = form.find(f"input[name={field}]")
            box.clear()
            box.send_keys(value)
        self.submit(form.find("button[type=submit]"))

    def refuse_wrong_password(self):
        self.fill_login("not-the-password")
        self.check(self.path() == "/login", f"a wrong password ended at {self.browser.current_url}, not /login")
        self.browser.find("form#login")
        self.check(not self.browser.find_all("a.computer"), "a wrong password shows the computers")

    def log_in(self):
        self.fill_login(PASSWORD)
        self.check(self.path() == "/", f"logging in ended at {self.browser.current_url}, not / (the next= page)")
        links = [a.attribute("href") for a in self.browser.find_all("a.computer")]
        for name in (COMPUTER, "LAB-2"):
            self.check(any(h and h.endswith(f"/computers/{name}") for h in links), f"no a.computer for {name}: {links}")
        self.screenshot("computers")

    def open_grid(self):
        self.submit(self.browser.find(f'a.computer[href$="/computers/{COMPUTER}"]'))
        self.check(self.path() == f"/computers/{COMPUTER}", f"the link opened {self.browser.current_url}")
        view = self.tiles()
        self.check(view["grids"] == 1, f"{view['grids']} #grid elements")
        stations = [t["station"] for t in view["tiles"]]
        expected = [f"{COMPUTER}/{n}" for n in range(1, 5)]
        self.check(stations == expected, f"tiles {stations}, not {expected}")
        for station, user in USERS.items():
            tile = self.tile(station)
            self.check_status(tile, "in_use", "the grid")
            self.check(tile["user"] == user, f"{station} shows user {tile['user']!r}, not {user!r}")
            self.check(tile["userElements"] == 0, f"{station}'s user name became markup")
        free = self.tile(BLOCKED)
        self.check_status(free, "available", "the grid")
        self.no_script_ran("the grid")
        self.screenshot("grid")

    def preview_block(self):
        form = self.browser.find(f'article.tile[data-station="{BLOCKED}"] form.action[data-verb="block"]')
        box = form.find("input[name=message]")
        box.clear()
        box.send_keys(MESSAGE)
        self.submit(form.find("[type=submit]"))
        self.browser.find("section#preview")
        sentences = [li.text for li in self.browser.find_all("section#preview li.would")]
        self.check(sentences, "the preview has no li.would sentence")
        self.check(any(BLOCKED in s for s in sentences), f"no preview sentence names {BLOCKED}: {sentences}")
        self.no_script_ran("the preview")
        status = self.station(BLOCKED)["status"]
        self.check(status == "available", f"the preview changed {BLOCKED}: stationctl says {status}")
        self.screenshot("preview")

    def confirm_block(self):
        self.submit(self.browser.find("form#confirm button[type=submit]"))
        self.check(self.path() == f"/computers/{COMPUTER}", f"the confirmation ended at {self.browser.current_url}")
        self.no_script_ran("the grid after the block")
        tile = self.tile(BLOCKED)
        self.check_status(tile, "blocked", "after the block")
        self.check(tile["message"] == MESSAGE, f"{BLOCKED} shows {tile['message']!r}, not the message as text")
        self.check(tile["messageElements"] == 0, f"{BLOCKED}'s block message became markup")
        events = json.loads(self.stationctl("journal", "--computer", COMPUTER, "--limit", "1", "--json"))
        self.check(
            events and events[-1]["event"] == "station_blocked" and events[-1]["detail"] == MESSAGE,
            f"the journal's last event is not {BLOCKED}'s block with the message: {events}",
        )
        self.screenshot("blocked")

    def see_live_change(self):
        station = f"{COMPUTER}/1"
        self.browser.execute("window.__stationkeeperSamePage = true;")
        started = time.monotonic()
        self.stationctl("sign-out", f"{USERS[station]}@{COMPUTER}")
        self.wait(
            f"{station}'s tile to turn free after stationctl sign-out",
            "const t = document.querySelector('#grid article.tile[data-station=\"' + arguments[0] + '\"]');"
            " return t !== null && arguments[1].includes(t.dataset.status);",
            station,
            sorted(TILE_STATUS["available"]),
            seconds=LIVE_SECONDS,
        )
        seconds = time.monotonic() - started
        self.check(
            self.browser.execute("return window.__stationkeeperSamePage === true;"),
            "the page reloaded instead of updating in place",
        )
        view = self.tiles()
        self.check(view["grids"] == 1, f"{view['grids']} #grid elements after the live update")
        self.check(self.tile(station)["user"] != USERS[station], f"{station} still shows {USERS[station]}")
        self.check(self.tile(f"{COMPUTER}/2")["user"] == TEXT_NAME, "the live grid lost the literal name")
        self.check(self.tile(f"{COMPUTER}/2")["userElements"] == 0, "the live grid made a user name markup")
        blocked = self.tile(BLOCKED)
        self.check(blocked["message"] == MESSAGE and blocked["messageElements"] == 0, "the live grid made the block message markup")
        self.no_script_ran("the live grid")
        self.screenshot("live")
        return seconds

    # -- the run

    def run(self, chromedriver, chromium):
        with self.step("set up a config, an account and three signed-in users"):
            self.set_up_store()
        with self.step("start stationctl dashboard"):
            self.start_dashboard()
        with self.step("refuse pages without a session (303 to /login?next=)"):
            self.refuse_without_session()
        with self.step("start headless Chromium"):
            self.browser = Chromium(chromedriver, chromium, log_path=os.path.join(self.work, "chromedriver.log"))
            self.browser.set_viewport(1280, 900)  # the screenshots' size
        with self.step("open / and land on the login page"):
            self.open_login()
        with self.step("refuse a wrong password"):
            self.refuse_wrong_password()
        with self.step("log in and see the computers"):
            self.log_in()
        with self.step(f"open {COMPUTER}'s grid: a tile per station with its user, names as text"):
            self.open_grid()
        with self.step(f"block {BLOCKED} with a script payload: the preview changes nothing"):
            self.preview_block()
        with self.step(f"confirm: {BLOCKED} blocked, the message shown as text"):
            self.confirm_block()
        with self.step(f"stationctl sign-out in another process: the tile changes without a reload"):
            seconds = self.see_live_change()
        say(f"the live update came {seconds:.2f} s after stationctl sign-out started")

    def report_failure(self, why):
        say(f"FAIL: {self.current}: {why}")
        details = []
        if self.browser and self.browser.session:
            try:
                details.append(f"page: {self.browser.current_url}")
                with open(os.path.join(self.shots, "failure.png"), "wb") as out:
                    out.write(self.browser.screenshot())
                with open(os.path.join(self.shots, "failure.html"), "w") as out:
                    out.write(self.browser.execute("return document.documentElement.outerHTML;"))
                details.append(f"the page at the failure: {self.shots}/failure.png and failure.html")
            except (WebDriverError, OSError):
                pass
        if os.path.exists(self.dashboard_log):
            with open(self.dashboard_log, "rb") as log:
                tail = log.read().decode(errors="replace").strip().splitlines()[-15:]
            if tail:
                details.append("last lines of the dashboard's output:")
                details.extend("  " + line for line in tail)
        details.append(f"kept for a look: {self.work} (config, store, dashboard.log, chromedriver.log)")
        for line in details:
            print("  " + line, flush=True)

    def close(self, keep_work):
        if self.browser:
            self.browser.close()
        if self.dashboard and self.dashboard.poll() is None:
            os.killpg(self.dashboard.pid, signal.SIGTERM)
            try:
                self.dashboard.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.dashboard.pid, signal.SIGKILL)
                self.dashboard.wait(timeout=5)
        if not keep_work:
            shutil.rmtree(self.work, ignore_errors=True)


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main():
    chromedriver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromedriver or not chromium:
        say("FAIL: find the browser: chromium or chromedriver is not installed (scripts/install-deps)")
        return 1
    if not os.access(STATIONCTL, os.X_OK):
        say(f"FAIL: find stationctl: no executable {STATIONCTL} (swift build --product stationctl, or set STATIONCTL)")
        return 1
    started = time.monotonic()
    flow = Flow()
    failed = True
    # SIGTERM (a CI timeout) ends the run through the same clean-up as Ctrl-C.
    signal.signal(signal.SIGTERM, interrupted)
    status = 1
    try:
        flow.run(chromedriver, chromium)
        failed, status = False, 0
    except Failure as failure:
        flow.report_failure(str(failure))
    except KeyboardInterrupt:
        say(f"FAIL: {flow.current}: interrupted; kept {flow.work}")
        status = 130
    finally:
        flow.close(keep_work=failed)
    for path, width, height in flow.saved:
        say(f"screenshot {path} ({width}x{height})")
    if os.environ.get("SCREENSHOTS") == "1" and flow.saved:
        say(f"copied to {os.path.join(ROOT, 'docs', 'images')}")
    say(f"{'FAILED' if failed else 'passed'} in {time.monotonic() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
