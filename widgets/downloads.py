"""Files a tool hands out: a download link for the browser, and a "Save file" button in JupyterLab.

Workshop tools end with something to take home (minutes, a CSV, a map). In Voila there is no file
browser, so the file travels inside the page: :class:`DownloadLink` is an ``<a download>`` link
whose ``href`` is a ``data:`` URL, and the browser saves it like any download, with no request to
the server (Voila's file settings stay closed). In JupyterLab people also want the file beside the
notebook, so :class:`FileExport` adds a "Save file" button that writes it to the kernel's working
folder, which is the notebook's folder. Under Voila that button is never created: the server may
be a laptop projecting to a room, visitors never write into the course folder, and a hidden
button would still act on a click sent over the widget protocol (issue 9, item 2).

File names and link texts are escaped; nothing a participant typed can become HTML here.
"""

from __future__ import annotations

import base64
import html
import os
import re
from pathlib import Path

import ipywidgets as widgets
from babel.numbers import format_decimal

from sociocracy.core.language import N_, _, babel_locale, ngettext

__all__ = ["DownloadLink", "FileExport", "in_voila", "safe_filename", "shown_folder"]


def in_voila() -> bool:
    """Whether this kernel was started by Voila (which sets ``VOILA_*`` variables for it)."""
    return any(key in os.environ for key in
               ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL", "VOILA_SERVER_URL"))


def safe_filename(name: str, default: str = "download.txt") -> str:
    """A file name with no folders, no NUL and no characters that trouble file systems or shells."""
    last = re.split(r"[/\\]", name)[-1]  # no folders, whichever separator they use
    stem = re.sub(r"[^\w.-]+", "-", last).strip(".-")  # letters of any language stay
    return stem or default


def shown_folder(folder: Path) -> str:
    """``folder`` as people should see it: relative to the course folder, never the server's path.

    The course folder itself is "the course folder"; a folder outside it is named by its last
    part only.
    """
    from sociocracy.course.course_map import course_root

    try:
        relative = folder.resolve().relative_to(course_root().resolve())
    except (ValueError, OSError):
        return (_("the folder {name}").format(name=folder.name) if folder.name
                else _("the working folder"))
    return _("the course folder") if str(relative) == "." else f"{relative.as_posix()}/"


def _size(count: int) -> str:
    if count < 1024:
        return ngettext("{count} byte", "{count} bytes", count).format(count=count)
    return _("{size} KB").format(size=format_decimal(round(count / 1024, 1), format="0.0",
                                                     locale=babel_locale()))


class DownloadLink(widgets.HTML):
    """A link that downloads ``content`` as ``filename``, built entirely in the page.

    ``text`` is the visible link text (default "Download <filename>"); it says what the file is,
    so a screen reader user hears more than "click here". Empty content shows no link.
    """

    def __init__(self, content: str | bytes = b"", filename: str = "download.txt",
                 mime: str = "text/plain", text: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_class("course-download")
        self.filename = ""
        self.mime = mime
        self.data = b""
        self.set(content, filename, mime=mime, text=text)

    def set(self, content: str | bytes, filename: str | None = None, *, mime: str | None = None,
            text: str | None = None) -> None:
        """Offer new content (and optionally a new name, type or link text)."""
        self.data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        self.filename = safe_filename(filename or self.filename or "download.txt")
        self.mime = mime or self.mime
        if not self.data:
            self.value = ""
            return
        label = text or _("Download {file}").format(file=self.filename)
        encoded = base64.b64encode(self.data).decode("ascii")
        charset = ";charset=utf-8" if self.mime.startswith("text/") else ""
        self.value = (
            f'<a download="{html.escape(self.filename, quote=True)}" '
            f'href="data:{html.escape(self.mime, quote=True)}{charset};base64,{encoded}" '
            f'style="color:#0055aa;text-decoration:underline;font-weight:600">'
            f"{html.escape(label)}</a> <small>({_size(len(self.data))})</small>"
        )


class FileExport(widgets.VBox):
    """A download link, and in JupyterLab (not Voila) a "Save file" button beside it.

    ``save_button=None`` decides by where the kernel runs (see :func:`in_voila`); tests pass
    ``True`` or ``False``. Under Voila there is never a button (``save`` is ``None``), whatever is
    asked: a widget that exists can be clicked over the websocket even when it is not shown.
    ``folder`` is where "Save file" writes (default: the working folder, i.e. the notebook's).
    An existing file is never overwritten: a number is added to the name.
    """

    def __init__(self, filename: str, mime: str = "text/plain", *, what: str = N_("file"),
                 save_button: bool | None = None, folder: str | Path | None = None) -> None:
        super().__init__()
        self.what = what
        self.folder = Path(folder) if folder is not None else None
        self.link = DownloadLink(filename=filename, mime=mime)
        self.status = widgets.Label("")
        self.saved_path: Path | None = None
        self.save: widgets.Button | None = None
        row: list[widgets.Widget] = [self.link]
        if (not in_voila()) and (save_button is None or save_button):
            self.save = widgets.Button(description=_("Save file"), icon="save",
                                       tooltip=_("Save the {what} next to this notebook").format(
                                           what=_(what)),
                                       disabled=True)
            self.save.on_click(lambda _button: self.write())
            row += [self.save, self.status]
        for child in row[1:]:
            child.layout.margin = "0 0 0 0.8em"
        self.children = [widgets.HBox(row, layout=widgets.Layout(align_items="center"))]

    def set(self, content: str | bytes, filename: str | None = None, *,
            text: str | None = None) -> None:
        """Offer new content for download and saving."""
        self.link.set(content, filename, text=text)
        if self.save is not None:
            self.save.disabled = not self.link.data
        self.status.value = ""

    def write(self) -> Path | None:
        """Write the file next to the notebook; returns the path (also shown to the user).

        Refuses under Voila (no visitor writes into the course folder) and with nothing to save.
        """
        if in_voila() or not self.link.data:
            return None
        folder = self.folder or Path.cwd()
        target = folder / self.link.filename
        stem, suffix, number = target.stem, target.suffix, 2
        while True:
            try:
                with target.open("xb") as stream:  # exclusive: never replaces a file
                    stream.write(self.link.data)
                break
            except FileExistsError:
                target = folder / f"{stem}-{number}{suffix}"
                number += 1
            except OSError as exc:
                self.status.value = _("Could not save the {what} ({reason}); use the download "
                                      "link instead.").format(what=_(self.what),
                                                              reason=exc.strerror)
                return None
        self.saved_path = target
        self.status.value = _("Saved the {what} as {file} in {folder}").format(
            what=_(self.what), file=target.name, folder=shown_folder(folder))
        return target
