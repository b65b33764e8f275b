"""API key administration: admins only, the full key once, a hash and a prefix stored, revocation."""

import pytest
from sqlmodel import select

from app.models import ActivityEvent, ApiKey
from app.services import api_keys
from app.services.errors import Forbidden, NotFound, Unauthenticated, ValidationError
from app.services.security import hash_token
from tests.factories import actor_for, make_agency, make_user


def test_create_list_revoke(session):
    north = make_agency(session, "north")
    admin = actor_for(make_user(session, north, "admin"))
    key, raw = api_keys.create_key(session, admin, "  Careers   site ", "read")
    session.commit()
    assert api_keys.KEY_FORMAT.match(raw) and raw.startswith(key.prefix + "_")
    stored = session.exec(select(ApiKey)).one()
    assert stored.key_hash == hash_token(raw) and raw not in stored.model_dump().values()
    assert (stored.name, stored.scope, stored.created_by_id) == ("Careers site", "read", admin.user_id)
    assert [(k.name, who) for k, who in api_keys.list_keys(session, admin)] == [("Careers site", admin.name)]
    assert api_keys.authenticate(session, f"Bearer {raw}").id == key.id
    actor = api_keys.actor_for(key)
    assert (actor.agency_id, actor.user_id, actor.name, actor.can_write) == (north.id, admin.user_id,
                                                                             "API key Careers site", False)
    api_keys.revoke_key(session, admin, key.id)
    session.commit()
    with pytest.raises(Unauthenticated) as err:
        api_keys.authenticate(session, f"Bearer {raw}")
    assert err.value.rule == "revoked"
    kinds = session.exec(select(ActivityEvent.kind).order_by(ActivityEvent.created_at)).all()
    assert kinds == ["api_key.created", "api_key.revoked"]


def test_only_admins_of_the_agency(session):
    north, south = make_agency(session, "north"), make_agency(session, "south")
    admin = actor_for(make_user(session, north, "admin"))
    with pytest.raises(Forbidden):
        api_keys.create_key(session, actor_for(make_user(session, north, "recruiter")), "K", "read")
    key, _ = api_keys.create_key(session, admin, "K", "read")
    with pytest.raises(NotFound):
        api_keys.revoke_key(session, actor_for(make_user(session, south, "admin")), key.id)
    with pytest.raises(ValidationError) as err:
        api_keys.create_key(session, admin, "", "everything")
    assert err.value.rules == {"name": "required", "scope": "enum"}
