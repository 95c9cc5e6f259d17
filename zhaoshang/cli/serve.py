"""`zhaoshang serve`: run the web app (static files collected, served by WhiteNoise)."""

from __future__ import annotations

HELP = "run the web app on 127.0.0.1:8000"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")


def serve(addr: str) -> int:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"在浏览器打开 http://{addr}/  （Ctrl+C 停止）", flush=True)
    call_command("runserver", addr, use_reloader=False, insecure_serving=True)
    return 0


def run(args) -> int:
    return serve(args.addr)
