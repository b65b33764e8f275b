"""Serve the exported frontend from the backend process (CANDOR_SERVE_FRONTEND=1).

`scripts/prod.sh` builds the frontend once (`reflex export --frontend-only --no-zip`) and runs the backend alone
(`reflex run --env prod --backend-only`), so every worker, on every host, serves the same static build and the
socket on one port. `serve_frontend` is an API transformer applied after Reflex has mounted its own routes:

- GET/HEAD of a file of the build (`/`, `/login/`, `/_app/...js`, `/favicon.svg`) is answered from the build;
- anything else goes to the backend (`/_event`, `/ping`, `/healthz`, `/api/v1`, `/auth/...`);
- a GET the backend does not know (404) gets the SPA page: the client router renders the route
  (`/candidates/<id>` is not prerendered), with status 200 when it is one of the app's routes, else 404.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

SPA_FALLBACK = "__spa-fallback.html"
_ASSET = re.compile(r"\.[A-Za-z0-9]{1,8}$")
# Paths the backend owns: never answered from the build, never given the SPA page.
BACKEND_PREFIXES = ("/_event", "/_upload", "/_health", "/_all_routes", "/ping", "/healthz", "/api/")


def enabled() -> bool:
    return os.environ.get("CANDOR_SERVE_FRONTEND", "") in ("1", "true", "yes")


def static_dir() -> Path:
    """The export's client directory: CANDOR_FRONTEND_DIR, else <REFLEX_WEB_WORKDIR or .web>/build/client."""
    if explicit := os.environ.get("CANDOR_FRONTEND_DIR"):
        return Path(explicit).resolve()
    from reflex.utils import prerequisites
    from reflex_base import constants

    return (prerequisites.get_web_dir() / constants.Dirs.STATIC).resolve()


def _route_matcher(root: Path) -> Callable[[str], bool]:
    """Whether a path is one of the app's pages (dynamic segments included), from the app's router."""
    try:
        from reflex.utils.exec import get_routes_manifest_router

        router = get_routes_manifest_router()
    except Exception:
        router = None
    if router is None:
        return lambda path: not _ASSET.search(path)

    def matches(path: str) -> bool:
        try:
            return router(path.rstrip("/") or "/") is not None
        except Exception:
            return False

    return matches


class FrontendApp:
    """ASGI wrapper: static build first, then the backend, then the SPA page for unknown GETs."""

    def __init__(self, backend: ASGIApp, root: Path, is_route: Callable[[str], bool] | None = None):
        self.backend = backend
        self.root = root
        self.is_route = is_route or _route_matcher(root)

    def file_for(self, path: str) -> Path | None:
        if path.startswith(BACKEND_PREFIXES) or ".." in path.split("/"):
            return None
        rel = path.lstrip("/")
        candidates = [rel] if rel and not rel.endswith("/") else []
        stem = rel.rstrip("/")
        candidates += [f"{stem}/index.html", f"{stem}.html"] if stem else ["index.html"]
        for name in candidates:
            target = (self.root / name).resolve()
            if target.is_file() and target.is_relative_to(self.root):
                return target
        return None

    def fallback(self, path: str) -> Response:
        if self.is_route(path):
            page = self.root / SPA_FALLBACK
            if not page.is_file():
                page = self.root / "index.html"
            return FileResponse(page, status_code=200, headers={"Cache-Control": "no-cache"})
        page = self.root / "404.html"
        if page.is_file():
            return FileResponse(page, status_code=404)
        return Response("Not Found", status_code=404, media_type="text/plain")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.backend(scope, receive, send)
            return
        path = scope["path"]
        if target := self.file_for(path):
            # Hashed bundles never change; pages must be revalidated after a new deploy.
            immutable = "/assets/" in path or "/_app/" in path
            headers = {"Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache"}
            await FileResponse(target, headers=headers)(scope, receive, send)
            return
        if path.startswith(BACKEND_PREFIXES):
            await self.backend(scope, receive, send)
            return
        # Ask the backend; only a 404 is replaced by the SPA page.
        held: list = []

        async def hold_404(message):
            if message["type"] == "http.response.start" and message["status"] == 404:
                held.append(message)
                return
            if held:
                return  # the 404 body
            await send(message)

        await self.backend(scope, receive, hold_404)
        if held:
            await self.fallback(path)(scope, receive, send)


def serve_frontend(asgi_app: ASGIApp) -> ASGIApp:
    """Reflex API transformer: wrap the backend when CANDOR_SERVE_FRONTEND=1 and a build exists."""
    if not enabled():
        return asgi_app
    root = static_dir()
    if not (root / "index.html").is_file():
        raise RuntimeError(f"CANDOR_SERVE_FRONTEND=1 but no frontend build in {root}: "
                           "run `reflex export --frontend-only --no-zip` first (scripts/prod.sh does)")
    return FrontendApp(asgi_app, root)
