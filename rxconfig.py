"""Reflex configuration. Everything deployment-specific comes from the environment (see app/settings.py)."""

import os

import reflex as rx

from app.settings import public_origin

# CORS: only the configured public origin (CANDOR_PUBLIC_URL) may open the socket or call the backend;
# CANDOR_CORS_EXTRA_ORIGINS adds more (comma-separated). Without a public URL (local dev): any origin.
_origins = [o for o in [public_origin(os.environ.get("CANDOR_PUBLIC_URL", ""))]
            + [public_origin(x) for x in os.environ.get("CANDOR_CORS_EXTRA_ORIGINS", "").split(",") if x.strip()]
            if o]

config = rx.Config(
    app_name="app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=list(dict.fromkeys(_origins)) or ["*"],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
