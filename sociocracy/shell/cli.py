"""``sociocracy-course``: the one command for what learners, ambassadors and trainers do.

Subcommands: ``start`` (the course as web apps, with Voila), ``workshop`` (the same on the room's
network, with the join page for phones and its QR code), ``lab`` (JupyterLab on the course home),
``check`` and ``build-exercises``; each registers a function in ``COMMANDS``. Errors are printed
as one sentence; tracebacks only with ``--debug``.

This module imports nothing from Jupyter at start-up, so ``--help`` and ``check`` stay fast and
work without the notebook stack.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import webbrowser
from collections.abc import Callable
from pathlib import Path

from sociocracy.core.errors import CourseError
from sociocracy.core.language import (
    DEFAULT,
    LANGUAGE_ENV,
    _,
    current,
    language_from_locale_env,
    speaking,
)
from sociocracy.core.settings import (
    JOIN_URL_ENV,
    ROOT_ENV,
    draw_charts_at_start,
    find_course_folder,
)

__all__ = ["COMMANDS", "build_parser", "find_course_root", "lab_command", "main"]

HOME = "lessons/00_start_here.ipynb"
DEFAULT_PORT = 8866


def find_course_root(start: Path | None = None) -> Path:
    """The folder holding the course (``lessons/00_start_here.ipynb``).

    Looks at ``$SOCIOCRACY_COURSE_ROOT``, then the current folder and its parents, then the
    repository this package was installed from (an editable install).
    """
    found = find_course_folder(start)
    if found is not None:
        return found
    raise CourseError(
        _("Cannot find the course files (lessons/00_start_here.ipynb); run this command inside "
          "the course folder or set SOCIOCRACY_COURSE_ROOT to it.")
    )


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``host:port`` yet."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def has_browser() -> bool:
    """Whether a graphical browser can be opened here (not on a headless server or in CI)."""
    if os.environ.get("CI"):
        return False
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def course_environment(root: Path) -> dict[str, str]:
    """Environment for Jupyter processes: our Voila template on the data path, and our
    JupyterLab settings (no news pop-up) on the configuration path."""
    env = dict(os.environ)
    share = str(root / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH", "")) if p)
    config = str(root / "etc" / "jupyter")
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (config, env.get("JUPYTER_CONFIG_PATH", "")) if p)
    env[ROOT_ENV] = str(root)
    return env


def _check_port(port: int, host: str) -> None:
    if not 1 <= port <= 65535:
        raise CourseError(_("Port {port} is not a valid port; choose a number from 1024 to "
                            "65535.").format(port=port))
    if not port_is_free(port, host):
        raise CourseError(
            _("Port {port} is already in use (is the course already running?); choose another "
              "one, for example: make start PORT={other}").format(port=port, other=port + 1)
        )


def draw_charts_in_background() -> None:
    """Start ``draw-charts`` at low priority, so that even a page's first visitor opens it fast.

    Pages draw what is not kept yet on their own, so the server never waits for this; with every
    chart kept already, it only checks (about a second of work). ``SOCIOCRACY_COURSE_DRAW_CHARTS=0``
    turns it off.
    """
    if not draw_charts_at_start():
        return
    import subprocess

    subprocess.Popen(
        [sys.executable, "-m", "sociocracy.shell.cli", "draw-charts"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=(lambda: os.nice(10)) if hasattr(os, "nice") else None)


def _open_later(url: str) -> None:
    """Open ``url`` in the browser once the server had time to start."""
    import threading

    threading.Timer(2.0, webbrowser.open, args=(url,)).start()


def kept_credentials(new: bool) -> tuple[str, str]:
    """The facilitator's and the room's tokens, kept beside the workshop record so that a restart
    keeps every link and login working (``sociocracy.shell.credentials``); ``new``
    (``--new-token``) replaces them. The facilitator's goes to the server (never to its kernels,
    see ``sociocracy.shell.access``); the link that carries it works on this computer only."""
    from sociocracy.shell.access import FACILITATOR_TOKEN_ENV
    from sociocracy.shell.credentials import server_tokens

    tokens = server_tokens(new=new)
    if tokens.note:
        print(tokens.note, flush=True)
    elif new:
        print(_("New tokens: the links printed before no longer work; use the ones below."),
              flush=True)
    os.environ[FACILITATOR_TOKEN_ENV] = tokens.facilitator
    return tokens.facilitator, tokens.room


def _run_ahead(args: argparse.Namespace) -> None:
    """``--preheat PAGE=N``: the server keeps N kernels that have run PAGE ready for a room
    arriving at once (``$SOCIOCRACY_COURSE_PREHEAT``, checked here so a typo is one sentence)."""
    from sociocracy.core.settings import PREHEAT_ENV, preheat_setting

    if args.preheat:
        text = ",".join(args.preheat)
        preheat_setting({PREHEAT_ENV: text})  # refuses a wrong page or number, in one sentence
        os.environ[PREHEAT_ENV] = text


def cmd_start(args: argparse.Namespace) -> int:
    """Serve the course with Voila; the landing page is the course home.

    With ``--network`` two links are printed: the room's (lessons and practice, with the room's
    token) and the facilitator's (this computer only, with the workshop record); the browser
    here opens the facilitator's.
    """
    root = find_course_root()
    host = "0.0.0.0" if args.network else "127.0.0.1"
    _check_port(args.port, host)
    _run_ahead(args)
    if args.new_record:
        _set_aside_damaged_record()
    else:
        _say_if_the_record_is_unusable()
    open_browser = has_browser() and not args.no_browser
    os.environ.update(course_environment(root))
    draw_charts_in_background()
    from sociocracy.shell.server import serve  # lazy: the notebook stack is only needed here

    if args.new_token and not args.network:
        print(_("Note: --new-token changes nothing here: on this computer alone the course "
                "needs no token."), flush=True)
    if args.network:
        from sociocracy.shell.network import room_address

        token, room = kept_credentials(args.new_token)
        os.environ["JUPYTER_TOKEN"] = room
        facilitator = f"http://127.0.0.1:{args.port}/?token={token}"
        print(_("For the room (lessons and practice; no workshop record): {room}").format(
                  room=f"http://{room_address()}:{args.port}/?token={room}") + "\n"
              + _("Facilitator (this computer only, with the workshop record): {facilitator}"
                  ).format(facilitator=facilitator), flush=True)
        if open_browser:
            _open_later(facilitator)
            open_browser = False

    return serve(root, port=args.port, network=args.network, open_browser=open_browser,
                 max_kernels=args.max_kernels, disconnected_timeout=args.disconnected_timeout)


def _set_aside_damaged_record() -> None:
    """``--new-record``: a damaged record is renamed beside a new one; a healthy one is kept."""
    from sociocracy.rooms.damage import set_aside_if_damaged

    aside = set_aside_if_damaged()
    if aside is None:
        print(_("The workshop record is not damaged, so it is kept and used as it is."),
              flush=True)
    else:
        print(_("The damaged workshop record is kept as {file}; a new, empty record starts "
                "beside it.").format(file=aside), flush=True)


def _say_if_the_record_is_unusable() -> None:
    """``start`` serves lessons without the record, so a damaged one is a note, not a stop: the
    apps say the same sentence and run without keeping a record. A missing record is fine (the
    apps make it when they first need it); a PostgreSQL one is left to the apps."""
    from sociocracy.core.errors import CourseError
    from sociocracy.rooms import RoomStore
    from sociocracy.rooms.location import resolve_location

    try:
        where = resolve_location()
        if where.path is None or not where.path.exists():
            return
        RoomStore(where.path).close()
    except CourseError as exc:
        print(_("Note: {problem} The lessons work; the workshop apps keep no record until "
                "then.").format(problem=exc.plain), flush=True)


def lab_command(root: Path, *, port: int, open_browser: bool, as_root: bool) -> list[str]:
    """The JupyterLab command line for the course.

    - It opens the course home, not the Launcher (``default_url``), with the file browser at the
      course folder, where ``lessons/``, ``exercises/`` and ``apps/`` are.
    - As root (containers, WSL) Jupyter refuses to start unless told ``allow_root``; the course
      only listens on 127.0.0.1, so we allow it, and say so.
    - No news pop-up: that lives in ``etc/jupyter/labconfig`` (see :func:`course_environment`).
    """
    command = [
        sys.executable, "-m", "jupyterlab", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{HOME}",
    ]
    if as_root:
        command.append("--ServerApp.allow_root=True")
    if not open_browser:
        command.append("--no-browser")
    return command


def running_as_root() -> bool:
    """Whether this process runs as root (``os.geteuid`` does not exist on Windows)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


WORKSHOP_APP = "voila/render/apps/workshop_room.ipynb"


def cmd_workshop(args: argparse.Namespace) -> int:
    """Serve the course on the room's network, with the join page for phones and its QR code.

    The facilitator's token is made here, so the command can print the facilitator's link (this
    computer only); there is no token for visitors: phones use the join page. The facilitator's
    kernels inherit the record's location and the join address, so the facilitator's app and the
    join page share one record.
    """
    from sociocracy.core.settings import DATA_ENV, store_setting
    from sociocracy.rooms import RoomStore, data_folder
    from sociocracy.shell.network import join_url, qr_terminal, room_address

    root = find_course_root()
    _check_port(args.port, "0.0.0.0")
    _run_ahead(args)
    if not store_setting():
        os.environ[DATA_ENV] = str(data_folder())  # the same folder for server and kernels
    if args.new_record:
        _set_aside_damaged_record()
    with RoomStore() as store:  # a record that cannot be written: one sentence, now
        where = (str(store.location.path) if store.location.path
                 else _("the PostgreSQL database"))
    address = args.address or room_address()
    join = join_url(address, args.port)
    os.environ.update(course_environment(root))
    os.environ[JOIN_URL_ENV] = join
    draw_charts_in_background()
    token, _room = kept_credentials(args.new_token)  # after: the chart drawer needs no token
    facilitator = f"http://127.0.0.1:{args.port}/{WORKSHOP_APP}?token={token}"
    print(_("Workshop room: participants open this address on their phones (same Wi-Fi):")
          + f"\n\n    {join}\n")
    print(qr_terminal(join, colour=sys.stdout.isatty()))
    if address == "127.0.0.1" and not args.address:
        print(_("This computer seems to have no network: phones cannot join until it is on "
                "the room's Wi-Fi (or give the address with --address)."))
    print(_("Facilitator (this computer only): {facilitator}").format(facilitator=facilitator)
          + "\n" + _("This link stays the same when you start the workshop again on this laptop "
                     "(--new-token makes a new one).") + "\n"
          + _("The workshop record is kept in {where}.").format(where=where) + "\n"
          + _("Press Ctrl+C to stop."), flush=True)
    if has_browser() and not args.no_browser:
        _open_later(facilitator)
    from sociocracy.shell.server import CourseVoila, voila_arguments

    os.chdir(root)  # Voila reads voila.json from the folder it starts in
    CourseVoila.launch_instance(
        argv=voila_arguments(root, port=args.port, network=True, open_browser=False,
                             visitors=False))
    return 0


def lab_folder_for(root: Path, language: str) -> Path:
    """The folder JupyterLab opens for the course at ``root`` in ``language``: the course itself
    in English; in another language a copy whose notebooks are the pages in it
    (:mod:`sociocracy.shell.lab_copy`), made or brought up to date now, keeping what the learner
    changed there (and saying so)."""
    if language == DEFAULT:
        return root
    from sociocracy.shell.lab_copy import language_name, make_lab_copy

    made = make_lab_copy(root, language)
    print(_("JupyterLab opens the course in {language}: a copy of it in {folder}, where your "
            "changes are kept.").format(language=language_name(language), folder=made.folder),
          flush=True)
    if made.kept:
        print(_("You changed these files, so they were kept as they are (delete one to get the "
                "course's version next time): {files}").format(files=", ".join(made.kept)),
              flush=True)
    return made.folder


def _lab_in_language(language: str, command: list[str],
                     env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """JupyterLab's own menus in ``language`` (when its language pack is installed; else say
    how to get it) and a workspace of the language's own."""
    from sociocracy.shell.lab_copy import lab_settings, language_name

    settings = lab_settings(language)
    env = {**env, "JUPYTER_CONFIG_PATH": os.pathsep.join(
        p for p in (str(settings.config), env.get("JUPYTER_CONFIG_PATH", "")) if p)}
    if settings.locale is None:
        print(_("JupyterLab's own menus stay in English: its language pack for {language} is not "
                "installed (pip install jupyterlab-language-pack-<code>, for example "
                "jupyterlab-language-pack-es-ES).").format(language=language_name(language)),
              flush=True)
    return [*command, f"--LabApp.workspaces_dir={settings.workspaces}"], env


def _lab_language(asked: str | None) -> str:
    """``--language``, else the command's language; one the course does not have is refused."""
    from sociocracy.core.language import available, base_language, supported

    if not asked:
        return current()
    if not supported(asked):
        raise CourseError(_("The course has no language '{language}'; choose one of: "
                            "{languages}.").format(language=asked,
                                                   languages=", ".join(available())))
    return base_language(asked)


def cmd_lab(args: argparse.Namespace) -> int:
    """Open JupyterLab on the course home, for people who like to see and change the code; in
    the command's language (or ``--language``)."""
    root = find_course_root()
    _check_port(args.port, "127.0.0.1")
    language = _lab_language(args.language)
    as_root = running_as_root()
    if as_root:
        print(_("Running as root (as in many containers and WSL): starting JupyterLab anyway; "
                "it listens only on this computer."), flush=True)
    folder = lab_folder_for(root, language)
    command = lab_command(folder, port=args.port, as_root=as_root,
                          open_browser=has_browser() and not args.no_browser)
    env = course_environment(root)
    if language != DEFAULT:
        env[LANGUAGE_ENV] = language  # a kernel whose first cell was not run speaks it too
        command, env = _lab_in_language(language, command, env)
    if os.name == "posix":
        # JupyterLab takes this process's place, so a stop signal (a launcher's SIGTERM, not only
        # Ctrl+C) reaches it and it shuts its kernels down; a child would be left running.
        os.chdir(folder)
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, cwd=folder, env=env)
    except KeyboardInterrupt:
        return 0


def _port() -> str:
    # Translators: a placeholder for a port number in the command's help (--port PORT).
    return _("PORT")


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number (0 or more)").format(
            text=text))
    return value


def _add_start(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("start", help=_("serve the course as web apps (Voila) on this computer"),
                       description=_("Serve the course with Voila. Open the address it prints."))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)),
                   metavar=_port(), help=_("port to serve on (default: $PORT or 8866)"))
    p.add_argument("--network", action="store_true",
                   help=_("let other devices in the room connect (a token is then required)"))
    p.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))
    p.add_argument("--max-kernels", type=_whole_number, default=None, metavar="N",
                   help=_("most pages open at once (each holds about 100 MB; default 40; 0: no "
                          "limit); beyond it visitors see 'the room is full, try again in a "
                          "minute'"))
    p.add_argument("--disconnected-timeout", type=_whole_number, default=None,
                   # Translators: a placeholder for a number of seconds in the command's help.
                   metavar=_("SECONDS"),
                   help=_("close a page's session when no browser has been connected to it for "
                          "this long (default 300; 0: never)"))
    _add_record_and_token_options(p)
    p.set_defaults(func=cmd_start)


def _add_record_and_token_options(p: argparse.ArgumentParser) -> None:
    """The options ``start`` and ``workshop`` share, worded once."""
    p.add_argument("--new-record", action="store_true",
                   help=_("if the workshop record is damaged, keep it beside (renamed "
                          "rooms-damaged-DATE.sqlite3) and start a new, empty one"))
    p.add_argument("--new-token", action="store_true",
                   help=_("make new tokens instead of the ones kept beside the workshop record "
                          "(links printed before, and pages logged in with them, stop working)"))
    p.add_argument("--preheat", action="append", default=[],
                   # Translators: PAGE is named in the option's help just below: the same word.
                   metavar=_("PAGE=N"),
                   help=_("keep N kernels that have already run PAGE (a lesson or practice "
                          "page, e.g. lessons/02_rounds.ipynb=30) ready for a room opening it at "
                          "once; each holds about 60 MB"))


def _add_workshop(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "workshop", help=_("run a workshop room: the course on the room's network, phones join"),
        description=_("Serve the course on the room's network. Participants join from their "
                      "phones with the address and QR code printed here; the facilitator opens "
                      "the Workshop room app with the link printed for this computer."))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)),
                   metavar=_port(), help=_("port to serve on (default: $PORT or 8866)"))
    p.add_argument("--address", default="",
                   # Translators: a placeholder in the command's help (--address ADDRESS).
                   metavar=_("ADDRESS"),
                   help=_("this computer's address on the room's network, if the one found is "
                          "wrong (e.g. 192.168.1.20)"))
    p.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))
    _add_record_and_token_options(p)
    p.set_defaults(func=cmd_workshop)


def _add_lab(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lab", help=_("open JupyterLab on the course home (code visible)"),
                       description=_("Open the course in JupyterLab, where you can see the "
                                     "code."))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8888)),
                   metavar=_port(), help=_("port for JupyterLab (default: $PORT or 8888)"))
    p.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))
    p.add_argument("--language", default=None,
                   # Translators: a placeholder in the command's help (--language LANGUAGE).
                   metavar=_("LANGUAGE"),
                   help=_("the course's language in JupyterLab, such as es (default: the "
                          "command's, from $SOCIOCRACY_LANGUAGE or the system); other than "
                          "English, JupyterLab opens a copy of the course in it"))
    p.set_defaults(func=cmd_lab)


def _translation_paths(paths: list[str]) -> tuple[tuple[Path, list[str] | None] | None,
                                                 list[str]]:
    """Split ``check``'s paths: the translations folder (all languages) or one language's folder
    (``translations/es``) are checked as translations; the rest as trainers' files."""
    from sociocracy.core.language import TRANSLATIONS

    languages: list[str] = []
    every = False
    root: Path | None = None
    others: list[str] = []
    for given in paths:
        path = Path(given).resolve()
        if path.name == TRANSLATIONS and path.is_dir() and (path.parent / "lessons").is_dir():
            root, every = path.parent, True
        elif path.parent.name == TRANSLATIONS and path.is_dir() and \
                (path.parent.parent / "lessons").is_dir():
            root = path.parent.parent
            languages.append(path.name)
        else:
            others.append(given)
    if root is None:
        return None, others
    return (root, None if every else languages), others


def cmd_check(args: argparse.Namespace) -> int:
    """Check trainers' files; exit 1 when any file has an error (or cannot be read), else 0."""
    from sociocracy.course.checks import check_file, check_paths, summary_line  # no Jupyter
    from sociocracy.course.judgement import Share, share_sentence

    translation_paths, other_paths = _translation_paths(args.files)
    files = check_paths(other_paths)
    errors = warnings = 0
    shares: list[Share] = []
    problems = [problem for path in files for problem in check_file(path, shares)]
    if translation_paths:
        from sociocracy.course.translation_checks import check_translations

        root, languages = translation_paths
        problems += check_translations(root, languages)
        files += [Path(p) for p in args.files if Path(p) not in map(Path, other_paths)]
    for problem in problems:
        print(problem)
        errors += problem.severity == "error"
        warnings += problem.severity == "warning"
    if errors or warnings:  # all well: silence, as linters do (and as the README promises)
        print(summary_line(len(files), errors, warnings), file=sys.stderr)
    if shares:  # quizzes or exercise sets among the files: how many test judgement
        print(share_sentence(sum(shares, Share())), file=sys.stderr)
    return 1 if errors else 0


def _listed(items: list[str]) -> str:
    """"a, b and c" in English (as the help always said), the language's own way otherwise."""
    if len(items) < 2:
        return "".join(items)
    if current() == DEFAULT:
        return ", ".join(items[:-1]) + f" and {items[-1]}"
    from babel.lists import format_list

    from sociocracy.core.language import babel_locale

    return format_list(items, locale=babel_locale())


def _add_check(sub: argparse._SubParsersAction) -> None:
    from sociocracy.course.checks import CHECKERS  # pure library (YAML only): cheap to import

    kinds = [_(kind) for kind, _check, _file in CHECKERS]
    p = sub.add_parser(
        "check", help=_("check trainers' files ({kinds}) and list what to fix").format(
            kinds=", ".join(kinds)),
        description=_("Check trainers' YAML files: {kinds} files (the kind is recognised "
                      "from what the file contains). Every problem in a file is printed, one "
                      "per line, as 'FILE:LINE: severity code: message', followed by a count; "
                      "when all is well nothing is printed, except for quizzes and exercise sets "
                      "the share of questions and tasks that ask the learner to apply an idea "
                      "(on standard error). The exit code is 1 when there is an error "
                      "(or a file cannot be read), 0 otherwise.").format(kinds=_listed(kinds)),
        epilog=_("Examples: sociocracy-course check "
                 "examples/organizations/green_valley_coop.yaml ; sociocracy-course check "
                 "lessons/quizzes/ lessons/case_studies/ ; sociocracy-course check translations/ "
                 "(every language: missing and stale translations, placeholders, structure; "
                 "translations/es for one)"))
    p.add_argument("files", nargs="+",
                   # Translators: a placeholder in the command's help (check FILE).
                   metavar=_("FILE"),
                   help=_("YAML files to check (a folder: every .yaml file inside it)"))
    p.set_defaults(func=cmd_check)


def cmd_build_exercises(args: argparse.Namespace) -> int:
    """Write the generated exercise notebooks (or, with --check, report what is out of date)."""
    from sociocracy.core.errors import CourseError
    from sociocracy.course.notebook_exercises import build_exercises

    root = find_course_root()
    try:
        changed = build_exercises(root, check=args.check)
    except CourseError as exc:
        print(f"{exc}\n" + _("Fix it (sociocracy-course check exercises/data/ lists every "
                              "problem), then run build-exercises again."), file=sys.stderr)
        return 1
    for path in changed:
        line = (_("{file}: out of date") if args.check else _("{file}: written")).format(
            file=path.relative_to(root))
        print(line)
    if args.check and changed:
        print(_("Run 'sociocracy-course build-exercises' to update them."), file=sys.stderr)
        return 1
    if not changed:
        print(_("All exercises are up to date."))
    return 0


def _add_build_exercises(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build-exercises", help=_("write the practice pages and worked answers from their YAML"),
        description=_("Write exercises/NN_topic.ipynb (practice) and "
                      "solutions/NN_topic_solution.ipynb (worked answers) from "
                      "exercises/data/NN_topic.yaml, and the optional code exercises in "
                      "exercises/code/ from solutions/code/."))
    p.add_argument("--check", action="store_true",
                   help=_("only report exercises that are out of date (exit 1 if any)"))
    p.set_defaults(func=cmd_build_exercises)


def cmd_draw_charts(args: argparse.Namespace) -> int:
    """Draw every page's opening chart into the chart cache (exit 1 if a notebook failed)."""
    from sociocracy.shell.opening_charts import draw_opening_charts

    report = draw_opening_charts(find_course_root())
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.folder is None:
        print(_("No cache folder can be named here (no home folder): pages draw their charts "
                "as they open."), file=sys.stderr)
        return 1
    print(_("Ran {notebooks} notebooks: {kept} opening charts are kept in {folder} ({new} "
            "new).").format(notebooks=report.notebooks, kept=report.kept_after,
                            folder=report.folder, new=report.kept_after - report.kept_before))
    return 1 if report.problems else 0


def _add_draw_charts(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "draw-charts", help=_("draw the pages' opening charts ahead of the first visitor"),
        description=_("Run the lessons and exercises as their pages would, so that every chart "
                      "a page opens with is drawn now and kept in the chart cache "
                      "($SOCIOCRACY_COURSE_CACHE, else the user cache folder). Pages then open "
                      "without drawing, from the first visitor on. Run it once after "
                      "installing or updating the course (Binder's postBuild does)."))
    p.set_defaults(func=cmd_draw_charts)


def cmd_join_service(args: argparse.Namespace) -> int:
    """Serve the phones' join page as a JupyterHub service (started by the Hub)."""
    from sociocracy.shell.join_service import main as serve_join_page

    return serve_join_page(ip=args.ip)


def _add_join_service(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "join-service", help=_("serve the phones' join page as a JupyterHub service"),
        description=_("Serve only the join page, for phones that have no Hub account, at "
                      "/services/<name>/join on a JupyterHub. The Hub starts it (see "
                      "sociocracy.shell.hub.join_service): it listens at "
                      "$JUPYTERHUB_SERVICE_URL under $JUPYTERHUB_SERVICE_PREFIX and writes to "
                      "the workshop record at $SOCIOCRACY_COURSE_STORE (a PostgreSQL URL shared "
                      "with the users' servers)."))
    p.add_argument("--ip", default=None,
                   help=_("listen on this address instead of the host in "
                          "$JUPYTERHUB_SERVICE_URL (on Kubernetes: 0.0.0.0, with a network "
                          "policy letting only the proxy in)"))
    p.set_defaults(func=cmd_join_service)


def _add_translations(sub: argparse._SubParsersAction) -> None:
    from sociocracy.shell.translations import add_translations

    add_translations(sub)


#: Subcommands in the order ``--help`` lists them. Later parts of the course add theirs here.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_start, _add_workshop, _add_lab, _add_build_exercises, _add_check, _add_draw_charts,
    _add_join_service, _add_translations,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sociocracy-course",
        description=_("The Sociocracy Ambassador Course: learn, practise and teach sociocracy."),
        epilog=_("Examples: 'sociocracy-course start' serves the course at {address} ; "
                 "'sociocracy-course lab' opens it in JupyterLab.").format(
                     address=f"http://127.0.0.1:{DEFAULT_PORT}/"),
    )
    from sociocracy import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--debug", action="store_true", help=_("show full error details"))
    # Translators: a placeholder in the command's help: "sociocracy-course COMMAND".
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for add in COMMANDS:
        add(sub)
    return parser


def command_language() -> str:
    """The command's language: ``$SOCIOCRACY_LANGUAGE`` when set, else the system's locale
    (``LANG=es_ES.UTF-8``: Spanish), else English.

    A page's language is never taken from here: each page (and each phone's join page) says its
    own, and pages' kernels read ``$SOCIOCRACY_LANGUAGE`` only."""
    return os.environ.get(LANGUAGE_ENV) or language_from_locale_env(os.environ) or DEFAULT


def main(argv: list[str] | None = None) -> int:
    """Run the command in its language (:func:`command_language`), argparse's own words
    ("usage:", "options", its error lines) included; the process's language is left as it was
    (``main`` may run several times in one process, as in tests)."""
    from sociocracy.shell.argparse_words import speak_the_course_language

    with speaking(command_language()), speak_the_course_language():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CourseError as exc:
        if args.debug:
            raise
        print(f"sociocracy-course: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: still one sentence for the user
        if args.debug:
            raise
        print("sociocracy-course: " + _("something went wrong ({reason}); run again with "
                                        "--debug for details.").format(
                                            reason=f"{type(exc).__name__}: {exc}"),
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
