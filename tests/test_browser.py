"""The interactive audit in a real browser, 1280 px wide: in JupyterLab 4 with its file-browser
sidebar open (``make lab``) and standalone under Voilà (``make app``), headless Chromium driven by
Playwright.

Recipe and pitfalls: ``shared/ECOSYSTEM.md`` section 4. Each server runs on 127.0.0.1 with a
token and a free port, its config and runtime files in a temporary folder; the notebook and the
sample archives are copied into a temporary root so nothing touches the repository. The browser
is Debian's ``/usr/bin/chromium`` (Playwright's own browser download is not used) and every
request to anything but 127.0.0.1 is aborted. Both tests run one scenario: load a sample archive
from the path field, measure that no control is clipped, filter, click a row, mark it delete
with the keyboard, export the delete list and download it. They assert on page text, measured
widths and the files written, never on pixels, and keep screenshots in
``reports/test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from audit.app import AuditState
from tests.helpers import DATA_SAMPLES, REPO, missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NOTEBOOK = REPO / "notebooks" / "01_interactive_audit.ipynb"
APP_NOTEBOOK = REPO / "notebooks" / "00_audit_app.ipynb"
ARTIFACTS = REPO / "reports" / "test-artifacts"
WIDTH = 1280
TOKEN = "audit-browser-test"
# what the notebook's parameters cell loads
SAMPLE_NAMES = (
    "twitter.zip",
    "facebook.zip",
    "instagram.zip",
    "linkedin.zip",
    "mastodon.tar.gz",
    "bluesky.car",
    "reddit.zip",
)
TIMEOUT_MS = 30_000

if not CHROMIUM.exists():
    missing(
        "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs python playwright (pip install playwright)"
)
expect = sync_api.expect

_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _api(base: str, path: str, method: str = "GET") -> object:
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {TOKEN}"}
    )
    with _LOCAL.open(request, timeout=5) as response:
        body = response.read()
    return json.loads(body) if body else None


class LabServer:
    """A JupyterLab server process with its base URL and root folder."""

    def __init__(self, process: subprocess.Popen[bytes], base: str, root: Path, log: Path):
        self.process, self.base, self.root, self.log = process, base, root, log

    def shutdown_kernels(self) -> None:
        try:
            for kernel in _api(self.base, "/api/kernels"):  # type: ignore[union-attr]
                _api(self.base, f"/api/kernels/{kernel['id']}", method="DELETE")
        except (OSError, urllib.error.URLError):
            pass  # the server is already gone: its kernels went with it

    def stop(self) -> None:
        self.shutdown_kernels()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _root(tmp: Path, notebook: Path) -> Path:
    """A temporary root holding a copy of the notebook and the sample archives."""
    root = tmp / "root"
    (root / "notebooks").mkdir(parents=True)
    (root / "data_samples").mkdir()
    shutil.copy2(notebook, root / "notebooks" / notebook.name)
    for name in SAMPLE_NAMES:
        shutil.copy2(DATA_SAMPLES / name, root / "data_samples" / name)
    return root


def _env(tmp: Path, **more: str) -> dict[str, str]:
    """The server's environment: Jupyter's and matplotlib's files in ``tmp``, no proxy."""
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "MPLCONFIGDIR": str(tmp / "mpl"),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        **more,
    }


def _serve(
    name: str, command: list[str], env: dict[str, str], base: str, root: Path, log: Path,
    ready: Callable[[], object],
) -> Iterator[LabServer]:
    """Start a server, wait until ``ready()`` answers (30 s at most), yield it, stop it."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = LabServer(process, base, root, log)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                ready()
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail(f"{name} not up in 30 s: {log.read_text()[-2000:]}")
                time.sleep(0.25)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1, isolated from ~/.jupyter, serving a copy of the notebook."""
    tmp = tmp_path_factory.mktemp("lab")
    root = _root(tmp, NOTEBOOK)
    settings = tmp / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        f"--port={port}", "--port-retries=0", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True",
        f"--LabServerApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabServerApp.user_settings_dir={settings}",
    ]
    yield from _serve(
        "JupyterLab", command, _env(tmp), base, root, tmp / "lab.log",
        lambda: _api(base, "/api/status"),
    )


def _voila_static(base: str) -> None:
    with _LOCAL.open(f"{base}/voila/static/voila.js", timeout=5):
        pass


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """``make app``'s Voilà server on 127.0.0.1, serving a copy of the app notebook."""
    tmp = tmp_path_factory.mktemp("voila")
    root = _root(tmp, APP_NOTEBOOK)
    env = _env(
        tmp,
        HOME=str(root),  # where the app's file browser opens
        JUPYTER_PATH=str(REPO / "jupyter"),  # our page template, as `make app` sets it
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [  # the arguments of `make app`
        sys.executable, "-m", "voila", str(root / "notebooks" / APP_NOTEBOOK.name),
        "--no-browser", f"--port={port}", "--Voila.port_retries=0", "--Voila.ip=127.0.0.1",
        f"--token={TOKEN}", "--KernelManager.transport=ipc", "--template=audit",
    ]
    log = tmp / "voila.log"
    yield from _serve("Voilà", command, env, base, root, log, lambda: _voila_static(base))
    assert "TCP without encryption" not in log.read_text(errors="replace")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(chromium) -> Iterator[object]:
    """``open_page(server)``: a 1280 px wide page that can only reach that server."""
    contexts, blocked = [], []

    def opener(server: LabServer) -> object:
        host = urlparse(server.base).netloc

        def only_local(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if urlparse(url).netloc == host or url.startswith(("data:", "blob:")):
                route.continue_()  # type: ignore[attr-defined]
            else:
                blocked.append(url)
                route.abort()  # type: ignore[attr-defined]

        context = chromium.new_context(  # type: ignore[attr-defined]
            viewport={"width": WIDTH, "height": 1000}, accept_downloads=True
        )
        context.route("**/*", only_local)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not blocked, f"the page tried to reach other hosts: {blocked[:5]}"


def _expected(archive: Path, tmp: Path) -> AuditState:
    """The same audit without a browser (the app's own state class, the learned judgement)."""
    state = AuditState(tmp / "expected")
    assert state.load([archive]), state.error
    return state


def _measure(page: object) -> dict[str, object]:
    """Where every visible control of the app sits, in CSS pixels."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => {
        const app = document.querySelector('.audit-app');
        const box = e => e.getBoundingClientRect();
        const shown = e => e.offsetParent !== null && box(e).width > 0;
        const controls = [...app.querySelectorAll(
            '.widget-dropdown, .widget-text, .widget-datepicker, .widget-hslider, ' +
            '.widget-button, .widget-checkbox, .widget-textarea')].filter(shown);
        return {
          app: {left: box(app).left, right: box(app).right},
          controls: controls.map(e => ({label: (e.innerText || e.className).slice(0, 30),
                                        left: box(e).left, right: box(e).right,
                                        width: box(e).width})),
          tracks: [...app.querySelectorAll('.widget-hslider .slider-container')]
                    .filter(shown).map(e => box(e).width),
          fields: [...app.querySelectorAll('select, input:not([type=checkbox]), textarea')]
                    .filter(shown)
                    .map(e => ({w: box(e).width, in: (e.closest('.widget-inline-hbox') ||
                                e).innerText.slice(0, 20)})),
          grid: box(app.querySelector('.audit-grid')).width,
          reading: box(app.querySelector('.audit-reading')).width,
        };
    }"""
    )


def _assert_nothing_clipped(sizes: dict, where: str) -> None:
    app = sizes["app"]
    assert sizes["controls"], where
    for control in sizes["controls"]:
        assert control["left"] >= app["left"] - 1 and control["right"] <= app["right"] + 1, (
            f"{where}: {control} sticks out of the app {app}"
        )
        assert control["width"] >= 20, f"{where}: {control} is squeezed"
    assert sizes["tracks"] and min(sizes["tracks"]) >= 60, f"{where}: slider tracks {sizes}"
    assert min(f["w"] for f in sizes["fields"]) >= 60, f"{where}: {sizes['fields']}"
    assert app["right"] <= WIDTH
    assert sizes["grid"] >= 400 and sizes["reading"] >= 280, f"{where}: {sizes}"


def _status(page: object, text: str) -> None:
    status = page.locator(  # type: ignore[attr-defined]
        ".audit-app .widget-html-content", has_text=text
    ).first
    expect(status).to_be_visible(timeout=3 * TIMEOUT_MS)


def _scenario(page: object, server: LabServer, out_dir: Path, name: str, tmp: Path) -> None:
    """Load X's sample from the path field, filter, click, mark, export: as a user would."""
    archive = server.root / "data_samples" / "twitter.zip"
    expected = _expected(archive, tmp)
    flagged, total = len(expected.filtered()), len(expected.scored)
    app = page.locator(".audit-app")  # type: ignore[attr-defined]
    app.locator("textarea").first.fill(str(archive))
    app.locator(".widget-button", has_text="Load").first.click()
    _status(page, f"[flagged] {flagged} of {total} posts")
    expect(app.locator(".widget-label", has_text="Done")).to_be_visible()
    page.wait_for_timeout(500)  # type: ignore[attr-defined]  # layout settles after a redraw
    _assert_nothing_clipped(_measure(page), name)

    # filter: every post, riskiest first
    app.locator(".widget-dropdown:has(label:text-is('Flag')) select").select_option(
        label="all posts"
    )
    _status(page, f"[flag=all] {total} of {total} posts")
    expected.filters.category = "all"
    rows = expected.filtered()

    # click the fourth row of the grid: the reading pane shows that post
    canvas = app.locator(".audit-grid canvas").first
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 250, box["y"] + 20 + 24 * 3 + 12)  # type: ignore[attr-defined]
    chosen = rows.iloc[3]
    detail = app.locator(".audit-detail .full-text")
    expect(detail).to_contain_text(chosen["text"][:40])
    # mark it delete with the keyboard (the pointer is over the table)
    page.keyboard.press("d")  # type: ignore[attr-defined]
    expect(app.locator(".widget-html-content", has_text="Decisions")).to_contain_text(
        "delete: 1"
    )
    saved = json.loads((out_dir / "decisions.json").read_text(encoding="utf-8"))
    assert {k: v["decision"] for k, v in saved["decisions"].items()} == {
        f"twitter:{chosen['post_id']}": "delete"
    }
    expect(detail).to_contain_text(rows.iloc[4]["text"][:40])  # moved on to the next post

    # export the delete list: written to the output folder and offered as a download
    app.locator(".widget-button", has_text="delete-list.csv").click()
    message = app.locator(".widget-html-content", has_text="Saved:")
    expect(message).to_contain_text(f"1 post in {out_dir / 'delete-list.csv'}")
    written = (out_dir / "delete-list.csv").read_bytes()
    assert str(chosen["post_id"]).encode() in written
    with page.expect_download() as download:  # type: ignore[attr-defined]
        message.locator("a[download='delete-list.csv']").click()
    assert Path(download.value.path()).read_bytes() == written

    _assert_nothing_clipped(_measure(page), f"{name}, after the scenario")
    # the settings panel, opened: time zone and thresholds fit too
    app.locator(".lm-AccordionPanel-title, .p-Collapse-header, .jupyter-widget-Collapse-header",
                has_text="Settings").first.click()
    expect(app.locator(".widget-text:has(label:text-is('Time zone'))")).to_be_visible()
    sizes = _measure(page)
    assert len(sizes["tracks"]) == 4  # min risk and the three thresholds
    _assert_nothing_clipped(sizes, f"{name}, settings open")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"app_{name}.png"), full_page=True)  # type: ignore[attr-defined]
    assert (ARTIFACTS / f"app_{name}.png").stat().st_size > 10_000


def test_the_app_under_voila(voila: LabServer, open_page, tmp_path: Path) -> None:
    page = open_page(voila)
    started = time.monotonic()
    page.goto(f"{voila.base}/?token={TOKEN}")
    # the first screen: what the tool does, where archives come from, the path field
    expect(page.locator(".audit-intro")).to_contain_text("Everything stays on this computer")
    expect(page.locator(".audit-app textarea")).to_be_visible()
    assert page.locator(".jp-InputArea-editor").count() == 0  # no code shown
    assert "from audit.app import" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "app_voila_first_screen.png"))
    _scenario(page, voila, voila.root / "reports" / "app", "voila", tmp_path)
    print(f"Voilà audit took {time.monotonic() - started:.1f} s")  # a figure, not a test


def test_the_app_in_jupyterlab_with_the_sidebar_open(
    lab: LabServer, open_page, tmp_path: Path
) -> None:
    page = open_page(lab)
    started = time.monotonic()
    page.goto(f"{lab.base}/lab/tree/notebooks/{NOTEBOOK.name}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    page.wait_for_function(
        "() => /ipykernel\\) \\| Idle/.test("
        "document.querySelector('#jp-main-statusbar')?.textContent || '')"
    )
    sidebar = page.locator("#jp-left-stack")
    if not sidebar.is_visible():  # JupyterLab's default is the file browser open: make sure
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()
    expect(sidebar).to_be_visible()
    assert sidebar.bounding_box()["width"] >= 200
    page.click(".lm-MenuBar-item:has-text('Run')")
    page.click(".lm-Menu-item[data-command='runmenu:run-all']")
    try:  # the first run imports, loads and scores the seven samples in the kernel
        _status(page, "[flagged] ")
    except AssertionError:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "app_jupyterlab_failure.png"))
        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        pytest.fail(f"the app did not show its first view; cell outputs: {outputs!r:.2000}")
    page.locator(".audit-app").first.scroll_into_view_if_needed()
    _scenario(page, lab, lab.root / "reports" / "interactive", "jupyterlab", tmp_path)
    # the notebook's next cell reads the same decisions from the kernel
    last = page.locator(".jp-Notebook .jp-CodeCell").last
    last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")
    expect(last.locator(".jp-OutputArea-output")).to_contain_text(
        "{'keep': 0, 'delete': 1, 'not-a-problem': 0}"
    )
    print(f"JupyterLab audit took {time.monotonic() - started:.1f} s")  # a figure, not a test
