"""``iconseek serve [DIR]``: serve the built site with cross-origin isolation headers."""

from __future__ import annotations

import argparse
import signal
import sys

from .. import defaults


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", nargs="?", default=defaults.SITE_DIR, help="built site folder (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    p.add_argument("--no-isolation-headers", action="store_true",
                   help="omit COOP/COEP/CORP, like GitHub Pages, to exercise the service-worker fallback")
    p.add_argument("--verbose", action="store_true", help="log every request")
    p.add_argument("--build", action="store_true",
                   help="first build the site (iconseek site build defaults) if it is missing or older than "
                        "the catalogue, vectors, model or page sources")


def run(args: argparse.Namespace) -> int:
    from iconseek.site.server import make_server

    if args.build:
        from pathlib import Path

        from iconseek.site.assemble import SiteOptions, build_site, site_is_stale

        options = SiteOptions(out=Path(args.directory))
        reason = site_is_stale(options)
        if reason:
            print(f"{reason}: building it (iconseek site build --out {args.directory})", flush=True)
            try:
                print(build_site(options).summary(), flush=True)
            except (FileNotFoundError, FileExistsError, ValueError, RuntimeError) as exc:
                print(f"iconseek serve: cannot build the site: {exc}")
                return 1
    try:
        server = make_server(args.directory, host=args.host, port=args.port,
                             isolation=not args.no_isolation_headers, quiet=not args.verbose)
    except FileNotFoundError as exc:
        print(f"iconseek serve: {exc}")
        return 2
    except (OSError, OverflowError, UnicodeError) as exc:  # port in use, bad port or host name
        print(f"iconseek serve: cannot listen on {args.host}:{args.port} ({exc})", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    mode = "without isolation headers (service-worker fallback)" if args.no_isolation_headers else "with COOP/COEP"
    print(f"Serving {args.directory} at http://{host}:{port}/ {mode}. Ctrl+C stops.", flush=True)
    # SIGTERM (a process manager, `kill`) stops like Ctrl+C: quietly, sockets closed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _interrupt(signum, frame) -> None:
    # Once: a second SIGTERM (the demo's process group and its driver both passing one
    # on) must not interrupt the shutdown with a traceback from threading._shutdown.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt
