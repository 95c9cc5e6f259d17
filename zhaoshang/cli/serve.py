"""`zhaoshang serve`: run the web app with its production server, static files by WhiteNoise.

On Linux (and other Unix systems) gunicorn serves the app with several worker processes, each with a few
threads (gthread workers): a page that keeps one core busy (the cockpit, an export) no longer holds up the
others behind one interpreter lock. Where gunicorn cannot run (Windows) or with `--workers 1`, waitress
serves it in one process with threads, as before.
"""

from __future__ import annotations

import os
import sys
from typing import Any

HELP = "run the web app on 127.0.0.1:8000"
NEEDS_DJANGO = True
GUNICORN_THREADS = 4
WAITRESS_THREADS = 8
# A worker silent this long is killed and replaced; an export of 100,000 projects takes well under it.
WORKER_TIMEOUT_SECONDS = 120


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    return 2 * cpu_count()


def add_arguments(parser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
    parser.add_argument("--workers", type=int, default=None,
                        help=f"worker processes (default 2 × CPU cores, here {default_workers()}); "
                             "1 serves with waitress in one process")
    parser.add_argument("--threads", type=int, default=None,
                        help=f"threads per worker (default {GUNICORN_THREADS} with gunicorn, "
                             f"{WAITRESS_THREADS} with waitress)")


def gunicorn_available() -> bool:
    if sys.platform.startswith("win"):
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def serve(addr: str, threads: int | None = None, workers: int | None = None) -> int:
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.urls import get_resolver

    workers = default_workers() if workers is None else max(1, workers)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Built after collecting: WhiteNoise indexes the static folder when the application is created.
    application = get_wsgi_application()
    get_resolver().url_patterns  # noqa: B018  # every view imported once here, not again in each worker
    connections.close_all()  # no connection may be shared by the forked workers
    if workers > 1 and gunicorn_available():
        threads = threads or GUNICORN_THREADS
        print(f"在浏览器打开 http://{addr}/  （gunicorn：{workers} 个进程 × {threads} 个线程；Ctrl+C 停止）",
              flush=True)
        _gunicorn_run(application, {
            "bind": addr, "workers": workers, "worker_class": "gthread", "threads": threads,
            "timeout": WORKER_TIMEOUT_SECONDS, "graceful_timeout": 30, "keepalive": 5,
            "proc_name": "zhaoshang", "accesslog": None, "errorlog": "-",
            "control_socket_disable": True,  # one shared path in the home folder; two servers would clash
        })
        return 0
    from waitress import serve as waitress_serve

    threads = threads or WAITRESS_THREADS
    why = "" if workers == 1 else "（此系统上没有 gunicorn，改用单进程）"
    print(f"在浏览器打开 http://{addr}/  （waitress：1 个进程 × {threads} 个线程{why}；Ctrl+C 停止）", flush=True)
    waitress_serve(application, listen=addr, threads=threads, ident="zhaoshang")
    return 0


def _gunicorn_run(application, options: dict[str, Any]) -> None:
    """gunicorn's master and workers around an application already built in this process (the workers fork
    from it, so the app and its settings are loaded once)."""
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Application().run()


def run(args) -> int:
    return serve(args.addr, args.threads, args.workers)
