"""`zhaoshang serve`: run the web app with waitress (a production WSGI server), static files by WhiteNoise."""

from __future__ import annotations

HELP = "run the web app on 127.0.0.1:8000"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
    parser.add_argument("--threads", type=int, default=8, help="worker threads")


def serve(addr: str, threads: int = 8) -> int:
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from waitress import serve as waitress_serve

    call_command("collectstatic", interactive=False, verbosity=0)
    # Built after collecting: WhiteNoise indexes the static folder when the application is created.
    application = get_wsgi_application()
    print(f"在浏览器打开 http://{addr}/  （Ctrl+C 停止）", flush=True)
    waitress_serve(application, listen=addr, threads=threads, ident="zhaoshang")
    return 0


def run(args) -> int:
    return serve(args.addr, args.threads)
