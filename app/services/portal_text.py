"""The candidate portal's words in each language it speaks. Add a key to EN and FR together.

Pages read `PortalSessionState.t["key"]`; a key missing in a language falls back to English.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "fr": "Français"}

EN: dict[str, str] = {
    # --- shell: header, navigation, sign-in (portal-shell) ---
    "nav.applications": "Applications",
    "nav.jobs": "Jobs",
    "nav.profile": "Profile",
    "nav.documents": "Documents",
    "nav.privacy": "My data",
    "nav.messages": "Messages",
    "sign_out": "Sign out",
    "language": "Language",
    # --- self-service: profile, documents, consent (portal-self) ---
}

FR: dict[str, str] = {
    # --- shell ---
    "nav.applications": "Candidatures",
    "nav.jobs": "Offres",
    "nav.profile": "Profil",
    "nav.documents": "Documents",
    "nav.privacy": "Mes données",
    "nav.messages": "Messages",
    "sign_out": "Se déconnecter",
    "language": "Langue",
    # --- self-service ---
}

_CATALOG = {"en": EN, "fr": FR}


def language(value: str | None) -> str:
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


def texts(lang: str | None) -> dict[str, str]:
    """Every text of the portal in `lang`, English where a translation is missing."""
    return {**EN, **_CATALOG[language(lang)]}
