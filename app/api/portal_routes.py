"""Cookie routes of the candidate portal: a sign-in link becomes an HttpOnly session cookie and a clean URL.

GET only shows a button: mail scanners that open links must not use up a single-use link; the POST does.
"""

from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.api.v1.common import publish
from app.db import session_scope
from app.services import portal_auth, portal_text
from app.settings import get_settings

router = APIRouter(prefix="/portal-auth")


def _set_cookie(response: Response, exchange: portal_auth.Exchange) -> None:
    response.set_cookie(portal_auth.COOKIE_NAME, exchange.session_token, expires=exchange.expires_at, path="/",
                        httponly=True, samesite="lax", secure=get_settings().public_url.startswith("https://"))


PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1c2024}}
main{{max-width:26rem;margin:15vh auto;padding:2rem;background:#fff;border-radius:12px;
box-shadow:0 1px 4px #0002;text-align:center}}h1{{font-size:1.3rem}}
button,a.button{{display:inline-block;font-size:1rem;padding:.75rem 1.5rem;border:0;border-radius:8px;
background:{color};color:#fff;text-decoration:none;cursor:pointer}}</style></head>
<body><main>{body}</main></body></html>"""


def _page(title: str, body: str, color: str = "#4f46e5", lang: str = "en") -> HTMLResponse:
    return HTMLResponse(PAGE.format(lang=lang, title=html.escape(title), body=body, color=html.escape(color)),
                        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


@router.post("/ticket")
async def use_ticket(request: Request):
    """A Reflex page that knows who the candidate is (e.g. a profile-update form) signs them in with a ticket."""
    form = await request.form()
    with session_scope() as session:
        exchange = portal_auth.exchange_link(session, str(form.get("ticket", ""))[:200])
    if exchange is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    _set_cookie(response, exchange)
    return response


@router.post("/sign-out")
def sign_out(request: Request):
    with session_scope() as session:
        who = portal_auth.resolve(session, request.cookies.get(portal_auth.COOKIE_NAME))
        portal_auth.sign_out(session, request.cookies.get(portal_auth.COOKIE_NAME))
    target = f"/portal/{who.agency_slug}?signed_out=1" if who else "/"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(portal_auth.COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


@router.get("/{raw}")
def confirm(raw: str):
    with session_scope() as session:
        agency, alive = portal_auth.link_agency(session, raw)
        lang = portal_text.language(portal_auth.link_language(session, raw))
    t = {key: html.escape(value) for key, value in portal_text.texts(lang).items() if key.startswith("link.")}
    if not alive:
        home = f"/portal/{agency.slug}" if agency else "/"
        return _page(portal_text.texts(lang)["link.expired_title"], f"<h1>{t['link.expired']}</h1>"
                     f"<p>{t['link.expired_text']}</p>"
                     f'<p><a class="button" href="{html.escape(home)}">{t["link.new"]}</a></p>', lang=lang)
    name = html.escape(agency.name)
    return _page(f"{portal_text.texts(lang)['link.sign_in']} · {agency.name}",
                 f"<h1>{name}</h1><p>{t['link.continue_text']}</p>"
                 f'<form method="post"><button type="submit">{t["link.continue"]}</button></form>',
                 agency.primary_color, lang=lang)


def _exchange(raw: str) -> tuple[portal_auth.Exchange | None, str | None]:
    """(the new session or None, the agency's slug if the link is known)."""
    with session_scope() as session:
        result = portal_auth.exchange_link(session, raw)
        agency = None if result else portal_auth.link_agency(session, raw)[0]
        return result, result.agency_slug if result else (agency.slug if agency else None)


@router.post("/{raw}")
async def exchange(raw: str):
    # The database work runs in the thread pool, as it does for the synchronous routes; only the publish is async.
    result, slug = await run_in_threadpool(_exchange, raw)
    if result is None:
        return RedirectResponse(f"/portal/{slug}?link=dead" if slug else "/", status_code=303)
    # The recruiter's open profile shows the portal as open, with this visit, at once.
    await publish(f"candidate:{result.candidate_id}", f"agency:{result.agency_id}")
    response = RedirectResponse(f"/portal/{slug}", status_code=303)
    _set_cookie(response, result)
    return response
