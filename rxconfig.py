"""Reflex configuration. Everything deployment-specific comes from the environment (see app/settings.py)."""

import os

import reflex as rx

_origin = os.environ.get("CANDOR_PUBLIC_URL", "").rstrip("/")

config = rx.Config(
    app_name="app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=[_origin] if _origin else ["*"],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
