import pytest

from app.services import auth, users
from app.services.errors import Forbidden, NotFound, ValidationError
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def north(session):
    agency = make_agency(session, "north")
    return {
        "agency": agency,
        "admin": make_user(session, agency, "admin"),
        "recruiter": make_user(session, agency, "recruiter"),
        "viewer": make_user(session, agency, "viewer"),
    }


def test_admin_creates_a_user_who_can_sign_in(session, north):
    admin = actor_for(north["admin"])
    created = users.create_user(session, admin, email="New.Person@North.example.com", name="New Person",
                                role="viewer", password="a-long-password")
    session.commit()
    assert created.email == "new.person@north.example.com" and created.agency_id == admin.agency_id
    assert auth.authenticate(session, "new.person@north.example.com", "a-long-password").id == created.id


def test_bad_user_input_names_every_field(session, north):
    with pytest.raises(ValidationError) as exc:
        users.create_user(session, actor_for(north["admin"]), email="not-an-email", name=" ",
                          role="owner", password="short")
    assert set(exc.value.errors) == {"email", "name", "role", "password"}


def test_an_email_in_use_is_refused(session, north):
    with pytest.raises(ValidationError) as exc:
        users.create_user(session, actor_for(north["admin"]), email=north["viewer"].email, name="X",
                          role="viewer", password="a-long-password")
    assert "already in use" in exc.value.errors["email"]


@pytest.mark.parametrize("role", ["recruiter", "viewer"])
def test_only_admins_manage_users(session, north, role):
    actor = actor_for(north[role])
    with pytest.raises(Forbidden):
        users.create_user(session, actor, email="x@north.example.com", name="X", role="viewer",
                          password="a-long-password")
    with pytest.raises(Forbidden):
        users.set_role(session, actor, north["viewer"].id, "admin")
    with pytest.raises(Forbidden):
        users.set_active(session, actor, north["viewer"].id, False)


def test_deactivation_ends_sessions_and_reactivation_allows_sign_in(session, north):
    admin = actor_for(north["admin"])
    raw, _ = auth.start_session(session, north["recruiter"])
    session.commit()
    users.set_active(session, admin, north["recruiter"].id, False)
    session.commit()
    assert auth.resolve_session(session, raw) is None
    users.set_active(session, admin, str(north["recruiter"].id), True)
    session.commit()
    assert north["recruiter"].is_active


def test_admins_cannot_lock_themselves_out(session, north):
    admin = actor_for(north["admin"])
    with pytest.raises(Forbidden):
        users.set_active(session, admin, admin.user_id, False)
    with pytest.raises(Forbidden):
        users.set_role(session, admin, admin.user_id, "viewer")


def test_role_change_is_recorded(session, north):
    users.set_role(session, actor_for(north["admin"]), north["viewer"].id, "recruiter")
    session.commit()
    assert north["viewer"].role == "recruiter"


def test_another_agencys_users_are_not_found(session, north):
    south = make_agency(session, "south")
    south_admin = make_user(session, south, "admin")
    actor = actor_for(north["admin"])
    for call in (lambda: users.set_role(session, actor, south_admin.id, "viewer"),
                 lambda: users.set_active(session, actor, south_admin.id, False),
                 lambda: users.get_user(session, actor, "not-a-uuid")):
        with pytest.raises(NotFound):
            call()
    assert [u.agency_id for u in users.list_users(session, actor)] == [actor.agency_id] * 3
    assert south_admin.role == "admin" and south_admin.is_active
