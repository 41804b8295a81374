"""The app's first screen: what the audit does, where each platform's archive comes from, and a
file browser to pick archives without typing paths.

:func:`list_folder` is the browser's logic (plain Python, tested without widgets);
:class:`FileBrowser` is its widget.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

__all__ = ["ARCHIVE_SUFFIXES", "INTRO_HTML", "WHERE_TO_DOWNLOAD", "FileBrowser", "list_folder"]

#: file endings the browser offers as archives
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".car")

#: platform -> where its owner asks for the archive (menu paths as the platforms name them)
WHERE_TO_DOWNLOAD: dict[str, str] = {
    "X / Twitter": "Settings → Your account → Download an archive of your data (a .zip, by "
    "e-mail within a day or two)",
    "Facebook": "Accounts Center → Your information and permissions → Download your "
    "information; choose the JSON format",
    "Instagram and Threads": "Accounts Center → Your information and permissions → Download "
    "your information; choose JSON (Threads posts come in the Instagram export)",
    "LinkedIn": "Settings → Data privacy → Get a copy of your data",
    "Mastodon": "Preferences → Import and export → Data export → Request your archive "
    "(a .tar.gz)",
    "Bluesky": "Settings → Account → Export my data (a repo.car file)",
    "Reddit": "reddit.com/settings/data-request (a .zip of CSV files)",
}

INTRO_HTML = (
    "<div class='audit-intro'>"
    "<p>Before a recruiter reads your history, read it yourself. This audit reads the archives "
    "you download from your social-media accounts and lists the posts a recruiter might hold "
    "against you: <b>negative</b> posts (above all about a person: a boss, a co-worker, "
    "family), <b>oversharing</b> (drinking, drugs, dating, personal details) and, on the bright "
    "side, posts that <b>add value</b>. For each one it says why, in words; you decide to keep "
    "it, delete it, or mark it not a problem, and take away a list of posts to delete.</p>"
    "<p><b>Everything stays on this computer</b>: nothing is uploaded or sent anywhere.</p>"
    "<details><summary><b>Where to download your archives</b></summary><ul>"
    + "".join(
        f"<li><b>{html.escape(name)}</b>: {html.escape(where)}</li>"
        for name, where in WHERE_TO_DOWNLOAD.items()
    )
    + "</ul><p>Give the downloaded file as it is (no need to unzip it), or an unzipped "
    "folder.</p></details></div>"
)


def _is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(ARCHIVE_SUFFIXES)


def list_folder(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """The sub-folders and archive files of a folder, by name (hidden entries left out).

    Parameters
    ----------
    folder : str or Path

    Returns
    -------
    (list of Path, list of Path)
        Sub-folders, then archive files (endings in :data:`ARCHIVE_SUFFIXES`).

    Raises
    ------
    OSError
        When the folder cannot be read.
    """
    folders, archives = [], []
    for entry in sorted(Path(folder).expanduser().iterdir(), key=lambda p: p.name.lower()):
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                folders.append(entry)
            elif _is_archive(entry):
                archives.append(entry)
        except OSError:  # a broken link or an unreadable entry: not offered
            continue
    return folders, archives


class FileBrowser:
    """A folder browser that adds archive paths (or whole folders) to a list.

    Parameters
    ----------
    start : str or Path
        The folder shown first.
    on_pick : callable
        Called with the path (str) the user adds.
    """

    _UP = ".. (the folder above)"

    def __init__(self, start: str | Path, on_pick: Callable[[str], None]) -> None:
        self.on_pick = on_pick
        self.folder = Path(start).expanduser().resolve()
        self.where = widgets.Text(
            description="Folder",
            continuous_update=False,
            layout=widgets.Layout(width="auto"),
        )
        # several archives at once: shift- or ctrl-click, then Add
        self.entries = widgets.SelectMultiple(
            options=[], rows=8, layout=widgets.Layout(width="auto")
        )
        self.open_button = widgets.Button(description="Open folder")
        self.add_button = widgets.Button(description="Add selected archives")
        self.add_folder_button = widgets.Button(
            description="Add this folder", tooltip="an unzipped export: add the folder itself"
        )
        self.note = widgets.HTML()
        self.open_button.on_click(lambda _b: self.open_selected())
        self.add_button.on_click(lambda _b: self.add_selected())
        self.add_folder_button.on_click(lambda _b: self.on_pick(str(self.folder)))
        self.where.observe(lambda c: self.show(c["new"]), names="value")
        self.widget = widgets.VBox(
            [
                self.where,
                self.entries,
                widgets.HBox([self.open_button, self.add_button, self.add_folder_button],
                             layout=widgets.Layout(flex_flow="row wrap")),
                self.note,
            ],
            layout=widgets.Layout(width="100%", border="1px solid #ccc", padding="4px"),
        )
        self.show(self.folder)

    def show(self, folder: str | Path) -> None:
        """List a folder (an unreadable one is said in words; the listing stays)."""
        path = Path(folder).expanduser()
        try:
            folders, archives = list_folder(path)
        except OSError as exc:
            self.note.value = f"<i>Cannot open {html.escape(str(path))}: {exc.strerror}</i>"
            return
        self.folder = path.resolve()
        options = [(self._UP, self.folder.parent)] if self.folder.parent != self.folder else []
        options += [(f"[folder] {p.name}/", p) for p in folders]
        options += [(f"{p.name}", p) for p in archives]
        self.entries.value = ()
        self.entries.options = options
        self.note.value = (
            "" if archives else "<i>No archive files here: open a folder, or add this one.</i>"
        )
        if self.where.value != str(self.folder):
            self.where.value = str(self.folder)

    def open_selected(self) -> None:
        """Open the (first) selected folder."""
        folders = [p for p in self.entries.value if isinstance(p, Path) and p.is_dir()]
        if folders:
            self.show(folders[0])

    def add_selected(self) -> None:
        """Add the selected archives (or folders) to the paths."""
        up = self.folder.parent
        for chosen in self.entries.value:
            if isinstance(chosen, Path) and chosen != up:
                self.on_pick(str(chosen))
