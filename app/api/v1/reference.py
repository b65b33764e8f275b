"""The readable API reference at /api/v1/docs: plain HTML rendered from the OpenAPI document (no CDN, no script)."""

from __future__ import annotations

import json
import re
from html import escape

from app.api.v1.problems import KINDS
from app.services import webhooks

METHOD_ORDER = ("get", "post", "patch", "put", "delete")

CSS = """
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;margin:0;background:#f9fafb}
main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem 4rem}
h1{font-size:1.8rem;margin:.2rem 0}h2{margin-top:2.5rem;border-bottom:1px solid #e5e7eb;padding-bottom:.3rem}
h3{margin:1.8rem 0 .4rem}code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#111827;color:#f9fafb;padding:.8rem 1rem;border-radius:8px;overflow:auto}
code{background:#eef2ff;padding:0 .25rem;border-radius:4px}pre code{background:none;padding:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:14px}
th,td{border:1px solid #e5e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f3f4f6}
.op{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:.2rem 1.2rem 1rem;margin:1.2rem 0}
.m{display:inline-block;min-width:4.2rem;text-align:center;font-weight:700;border-radius:6px;padding:0 .4rem;
color:#fff;font-size:13px}.get{background:#2563eb}.post{background:#059669}.patch{background:#d97706}
.delete{background:#dc2626}nav a{margin-right:.8rem}.note{background:#fffbeb;border:1px solid #fde68a;
padding:.6rem .9rem;border-radius:8px}
"""

VERIFY_EXAMPLE = '''import hashlib, hmac, time

def verify(secret: str, body: bytes, timestamp: str, signature: str, tolerance: int = 300) -> bool:
    """body: the raw request body, exactly as received; timestamp and signature: the
    Candor-Timestamp and Candor-Signature headers."""
    if abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old: a replay
    expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body,
                                hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s.strip()) for s in signature.split(","))'''


def _text(value: str) -> str:
    """Escaped text with `code` spans."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(value))


def _resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _type(doc: dict, schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "anyOf" in schema:
        return " or ".join(_type(doc, s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type(doc, schema.get('items', {}))}"
    if "const" in schema:
        return json.dumps(schema["const"])
    return kind + (f" ({schema['format']})" if "format" in schema else "")


def _rules(schema: dict) -> str:
    parts = []
    for sub in [schema, *schema.get("anyOf", [])]:
        for key, label in (("minLength", "min length"), ("maxLength", "max length"), ("minimum", "min"),
                           ("maximum", "max"), ("maxItems", "max items"), ("pattern", "pattern")):
            if key in sub:
                parts.append(f"{label} <code>{escape(str(sub[key]))}</code>")
        if "enum" in sub:
            parts.append("one of " + ", ".join(f"<code>{escape(json.dumps(v))}</code>" for v in sub["enum"]))
        if sub.get("deprecated"):
            parts.append("<strong>deprecated</strong>")
    return "; ".join(parts)


def _fields(doc: dict, schema: dict) -> str:
    schema = _resolve(doc, schema)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        rows.append(f"<tr><td><code>{escape(name)}</code>{' <em>required</em>' if name in required else ''}</td>"
                    f"<td>{escape(_type(doc, prop))}</td><td>{_rules(prop)}</td>"
                    f"<td>{_text(prop.get('description', ''))}</td></tr>")
    if not rows:
        return ""
    return ("<table><tr><th>Field</th><th>Type</th><th>Rules</th><th>Description</th></tr>"
            + "".join(rows) + "</table>")


def _example(doc: dict, schema: dict) -> str:
    schema = _resolve(doc, schema)
    examples = schema.get("examples")
    if not examples:
        return ""
    return f"<pre><code>{escape(json.dumps(examples[0], indent=2, ensure_ascii=False))}</code></pre>"


def _parameters(operation: dict) -> str:
    params = operation.get("parameters", [])
    if not params:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code> ({p['in']})</td><td>{escape(_type({}, p.get('schema', {})))}</td>"
        f"<td>{_rules(p.get('schema', {}))}</td><td>{_text(p.get('description', ''))}</td></tr>" for p in params)
    return ("<h4>Parameters</h4><table><tr><th>Name</th><th>Type</th><th>Rules</th><th>Description</th></tr>"
            + rows + "</table>")


def _operation(doc: dict, path: str, method: str, operation: dict) -> str:
    anchor = operation.get("operationId", f"{method}-{path}")
    out = [f'<section class="op" id="{escape(anchor)}"><h3><span class="m {method}">{method.upper()}</span> '
           f"<code>/api/v1{escape(path)}</code> · {escape(operation.get('summary', ''))}</h3>"]
    out.append(f"<p>operationId: <code>{escape(anchor)}</code></p>")
    if operation.get("description"):
        out += [f"<p>{_text(p)}</p>" for p in operation["description"].split("\n\n")]
    out.append(_parameters(operation))
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body:
        out.append(f"<h4>Request body ({escape(_type(doc, body))})</h4>{_fields(doc, body)}")
        example = _example(doc, body)
        if example:
            out.append("<p>Example:</p>" + example)
    rows = "".join(f"<tr><td>{code}</td><td>{_text(r.get('description', ''))}</td></tr>"
                   for code, r in operation["responses"].items())
    out.append(f"<h4>Responses</h4><table><tr><th>Status</th><th>Meaning</th></tr>{rows}</table>")
    ok = next((r for code, r in operation["responses"].items() if code.startswith("2")), {})
    schema = ok.get("content", {}).get("application/json", {}).get("schema")
    if schema:
        out.append(_example(doc, schema))
    out.append("</section>")
    return "".join(out)


def _concepts() -> str:
    problems = "".join(f'<tr id="problem-{slug}"><td>{status}</td><td><code>{slug}</code></td><td>{escape(title)}</td></tr>'
                       for status, (slug, title) in KINDS.items())
    events = "".join(f"<tr><td><code>{e}</code></td><td>{escape(d)}</td></tr>" for e, d in webhooks.EVENTS.items())
    return f"""
<h2 id="auth">Authentication</h2>
<p>An admin of your agency creates API keys at <code>/admin/api-keys</code>: a name and a scope,
<em>read</em> or <em>read and write</em>. The full key is shown once; Candor keeps only its hash and lists it by its
prefix. Send it with every request:</p>
<pre><code>Authorization: Bearer cnd_1a2b3c4d_…</code></pre>
<p>A missing, malformed, unknown or revoked key gets <code>401</code> (revoking takes effect at once); a read key
trying to write gets <code>403</code>. Everything a key reads and writes belongs to the key's agency.
Changes made with a key appear on the candidate's timeline as “API key &lt;name&gt;” and live on recruiters'
open screens, like changes made in the app.</p>

<h2 id="errors">Errors</h2>
<p>Every error is an <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a> problem
(<code>application/problem+json</code>). <code>errors</code> names each field (camelCase body field, query or path
parameter, or the <code>Authorization</code> header) and the rule it broke, so a client can act on it:</p>
<pre><code>{escape(json.dumps({"type": "/api/v1/docs#problem-invalid-request", "title": "Your request has invalid values.",
  "status": 400, "detail": "phone: Use E.164 format: + and country code, up to 15 digits, e.g. +421901234567.",
  "instance": "/api/v1/candidates/123e4567-e89b-12d3-a456-426614174000",
  "errors": [{"field": "phone", "rule": "pattern", "detail": "Use E.164 format: + and country code, up to 15 digits, e.g. +421901234567.", "pointer": "/phone"}]}, indent=2))}</code></pre>
<table><tr><th>Status</th><th>Type</th><th>Title</th></tr>{problems}</table>
<p>Rules: <code>required</code>, <code>type</code>, <code>unknown_field</code>, <code>min_length</code>,
<code>max_length</code>, <code>pattern</code>, <code>format</code>, <code>enum</code>, <code>future_date</code>,
<code>max_items</code>, <code>max_size</code>, <code>max_depth</code>, <code>max_keys</code>,
<code>finite_number</code>, <code>invalid_characters</code>, <code>json</code>, <code>exists</code> (an id that names
nothing), <code>same_agency</code> (an id of another agency's record), <code>other_agency</code> (the record in the
path is another agency's), <code>scope</code>, <code>rate_limit</code>, <code>missing</code>, <code>malformed</code>,
<code>unknown</code>, <code>revoked</code>, <code>conflict</code> (e.g. the candidate is already in that job),
<code>anonymised</code> (<code>409</code>: the candidate was anonymised and can no longer be changed),
<code>allowed</code> (<code>405</code>: the path exists but not with this method; the <code>Allow</code> header lists
the methods it has).</p>
<p>Filters are checked like fields: <code>updatedSince</code> must be an ISO 8601 date-time such as
<code>2025-11-20T10:30:00Z</code> (a bare date or a unix timestamp is <code>400</code> with rule <code>format</code>),
and an empty <code>email</code> filter is <code>400</code> with rule <code>required</code> (leave it out to list
everyone).</p>
<p>Isolation, as the compatible API defines it: <code>404</code> when the record does not exist or was deleted,
<code>403</code> when it belongs to another agency (or when <code>jobIds</code> names another agency's job),
<code>400</code> for invalid values and for job ids that do not exist. They are checked in that order.</p>

<h2 id="pagination">Pagination</h2>
<p>Lists return <code>{{"data": [...], "nextCursor": "..."}}</code>. Pass <code>nextCursor</code> as
<code>cursor</code> to get the next page; it is <code>null</code> on the last page. <code>limit</code> is 1 to 100
(default 25). Candidates are ordered by last update (oldest first) and jobs and applications by creation, so pages
stay consistent while records are added. To sync, remember the <code>updatedAt</code> of the last candidate you saw
and ask for <code>updatedSince</code> that time (inclusive) next time.</p>

<h2 id="rate-limits">Rate limits</h2>
<p>Each key may make a fixed number of requests per minute (600 unless the installation sets
<code>CANDOR_API_RATE_LIMIT</code>), counted across all of Candor's servers. Responses carry
<code>X-RateLimit-Limit</code>, <code>X-RateLimit-Remaining</code> and <code>X-RateLimit-Reset</code> (seconds until
the window resets); beyond the limit the answer is <code>429</code> with <code>Retry-After</code> in seconds.</p>

<h2 id="webhooks">Webhooks</h2>
<p>An admin registers an https URL at <code>/admin/webhooks</code>, chooses the events and receives a signing secret
(shown once). Candor POSTs each event as JSON:</p>
<pre><code>{escape(json.dumps({"id": "5f0c…", "type": "candidate.updated", "createdAt": "2025-11-20T10:30:00Z",
  "data": {"candidate": {"id": "123e4567-e89b-12d3-a456-426614174000", "firstName": "John", "…": "…"},
           "changes": ["phone", "jobIds"]}}, indent=2, ensure_ascii=False))}</code></pre>
<table><tr><th>Event</th><th>When</th></tr>{events}</table>
<p>Headers: <code>Candor-Event</code> (the type), <code>Candor-Delivery</code> (this delivery's id: the same on every
retry, use it to ignore duplicates), <code>Candor-Timestamp</code> (unix seconds) and <code>Candor-Signature</code>:
<code>v1=</code> followed by the hex HMAC-SHA256 of <code>&lt;timestamp&gt;.&lt;raw body&gt;</code> keyed with your
secret. Verify it before trusting the body, and reject old timestamps to stop replays:</p>
<pre><code>{escape(VERIFY_EXAMPLE)}</code></pre>
<p>Answer with any 2xx status within 10 seconds. Anything else (an error status, a timeout, a refused connection) is
retried with exponential backoff: after 30 s, 1 min, 2 min, … up to 6 h between tries, {webhooks.MAX_ATTEMPTS} attempts
in all over about {webhooks.retry_window().total_seconds() / 86400:.1f} days; events wait while your receiver is down
and nothing is lost. After the last attempt the delivery is marked failed and an admin can press
<em>Send again</em>. Each attempt's status and response code is in
the delivery log at <code>/admin/webhooks</code>, where an admin can also send a delivery again or send a test event
(<code>webhook.test</code>). Events are written in the same transaction as the change, so you never get an event for
a change that did not happen; delivery is at least once.</p>

<h2 id="compatibility">Compatibility notes</h2>
<div class="note"><p>Candor implements the compatible API's candidate endpoints with the same field names, rules and
errors. Where that API names something Candor does not have, Candor says so instead of inventing data:</p>
<ul>
<li><strong>Analyses and interviews</strong>: Candor has no candidate analyses or interview records, so candidates
have no analysis or interview counts and <code>links</code> has no <code>analyses</code> or <code>interviews</code>
collections. <code>links</code> points to what exists: the candidate itself and its applications.</li>
<li><strong>Company parameter for ATS keys</strong>: every Candor key belongs to exactly one agency, so there are no
multi-company (ATS) keys; a company query parameter is ignored.</li>
<li><strong>Status workflow</strong>: the status is one of UNDEFINED, APPLIED, IN_PROCESS, REJECTED, ACCEPTED. The
workflow names INTERVIEWED, HIRED and WITHDRAWN in the compatible API's prose are not statuses; in Candor a
candidate's progress per job is the application's pipeline stage (<code>/stages</code>, <code>/applications</code>).</li>
<li><strong>Gender</strong>: Candor does not guess gender from names; <code>null</code> means not set.</li>
<li><strong>Job assignments</strong>: <code>jobIds</code> maps to applications (a candidate in a job's pipeline).
Jobs added through <code>jobIds</code> start in the first active stage; jobs left out are removed from the
candidate, with their stage history. <code>jobId</code> (deprecated) is the first of <code>jobIds</code>.</li>
<li><strong>Rating</strong> is read-only through the API (recruiters set it in Candor).</li>
<li><strong>gdprExpiry</strong> is a date (YYYY-MM-DD); it must be in the future when you set it.</li>
<li><strong>Paths</strong>: the base URL is <code>/api/v1</code> (e.g. <code>/api/v1/candidates/{{id}}</code>). The same
API also answers at <code>/v1</code>, and both under <code>/public</code>, so a client built for the compatible API's
<code>/v1/public/candidates/{{id}}</code> paths only needs your Candor address as its host. Each base has its own
OpenAPI document (<code>/v1/openapi.json</code> names <code>/v1</code> as its server).</li>
<li><strong>Anonymised candidates</strong>: Candor can anonymise a candidate (GDPR) instead of deleting them;
such a candidate can still be read, but a <code>PATCH</code> is <code>409</code> with rule <code>anonymised</code>.</li>
<li><strong>Metadata limits</strong>: the 10 KB, 5 levels and 50 keys of the compatible API are measured on the
compact JSON (UTF-8), counting the top-level object as level 1 and keys over every level.</li>
<li><strong>CV anonymisation</strong>: names, email addresses, phone numbers and street addresses are replaced by
<code>[NAME]</code>, <code>[EMAIL]</code>, <code>[PHONE]</code> and <code>[ADDRESS]</code> before the CV is stored; the
original text is not kept.</li>
<li><strong>Unknown fields</strong> in a request body are rejected (<code>unknown_field</code>) rather than ignored,
so a typo never passes silently.</li>
</ul></div>
"""


def render(doc: dict) -> str:
    ops = []
    toc = []
    for path, item in doc["paths"].items():
        for method in METHOD_ORDER:
            if method in item:
                operation = item[method]
                ops.append(_operation(doc, path, method, operation))
                toc.append(f'<li><a href="#{escape(operation.get("operationId", ""))}">{method.upper()} '
                           f"/api/v1{escape(path)}</a> · {escape(operation.get('summary', ''))}</li>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Candor API v1 reference</title>
<style>{CSS}</style></head><body><main>
<p><a href="/">Candor</a></p><h1>Candor API v1</h1>
<p>{escape(doc["info"].get("summary", ""))} Base URL: <code>/api/v1</code> on your Candor address (also
<code>/v1</code> and <code>/v1/public</code>, for clients of the compatible API).
Machine-readable: <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>.</p>
<nav><a href="#auth">Authentication</a><a href="#errors">Errors</a><a href="#pagination">Pagination</a>
<a href="#rate-limits">Rate limits</a><a href="#webhooks">Webhooks</a><a href="#compatibility">Compatibility</a>
<a href="#endpoints">Endpoints</a></nav>
{_concepts()}
<h2 id="endpoints">Endpoints</h2><ul>{''.join(toc)}</ul>
{''.join(ops)}
</main></body></html>"""
