from datetime import date, timedelta

import pytest

from app.services import activity, candidates
from app.services.errors import Forbidden, ValidationError
from app.services.validation import clean_email, clean_name, clean_phone
from tests.factories import actor_for, make_agency, make_user


@pytest.mark.parametrize("typed,e164", [
    ("+44 20 7946 0958", "+442079460958"), ("020 7946 0958", "+442079460958"),
    ("+421 901 234 567", "+421901234567"), ("", None), (None, None),
])
def test_phone_numbers_become_e164(typed, e164):
    assert clean_phone(typed) == e164


@pytest.mark.parametrize("typed", ["12", "+1 000", "call me", "+44 20 7946 09589999"])
def test_invalid_phone_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        clean_phone(typed)


def test_email_is_normalised_and_checked():
    assert clean_email(" Ann.Lee@Example.COM ") == "ann.lee@example.com"
    for bad in ("", "ann", "ann@", "@example.com", "a b@example.com"):
        with pytest.raises(ValueError):
            clean_email(bad)


def test_names_are_1_to_100_characters():
    assert clean_name("  Ann ") == "Ann"
    with pytest.raises(ValueError):
        clean_name("   ")
    with pytest.raises(ValueError):
        clean_name("x" * 101)
    assert clean_name("x" * 100) == "x" * 100


def test_candidate_fields_are_validated_together():
    with pytest.raises(ValidationError) as exc:
        candidates.clean_candidate_fields({
            "first_name": "", "last_name": "x" * 101, "email": "nope", "phone": "123",
            "status": "HIRED", "gender": "other", "rating": 101,
            "gdpr_expiry": date.today().isoformat(),
        })
    assert set(exc.value.errors) == {"first_name", "last_name", "email", "phone", "status", "gender",
                                     "rating", "gdpr_expiry"}


def test_valid_candidate_fields_are_cleaned():
    tomorrow = date.today() + timedelta(days=1)
    clean = candidates.clean_candidate_fields({
        "first_name": " Ann ", "last_name": "Lee", "email": "ANN@example.com", "phone": "07400 123456",
        "status": "APPLIED", "gender": None, "rating": "85", "gdpr_expiry": tomorrow.isoformat(),
    })
    assert clean == {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com",
                     "phone": "+447400123456", "status": "APPLIED", "gender": None, "rating": 85,
                     "gdpr_expiry": tomorrow}


def test_viewers_cannot_create_candidates(session):
    viewer = actor_for(make_user(session, make_agency(session, "north"), "viewer"))
    with pytest.raises(Forbidden):
        candidates.create_candidate(session, viewer, first_name="A", last_name="B")


def test_created_candidate_gets_a_timeline_entry(session):
    actor = actor_for(make_user(session, make_agency(session, "north"), "recruiter"))
    candidate = candidates.create_candidate(session, actor, first_name="Ann", last_name="Lee")
    session.commit()
    events = activity.for_subject(session, actor, "candidate", candidate.id)
    assert [(e.kind, e.actor_label, e.payload) for e in events] == [
        ("candidate.created", actor.name, {"name": "Ann Lee"})]
    assert candidate.version == 1 and candidate.created_at.tzinfo is not None


def test_metadata_limits_name_their_rule():
    from app.services.validation import RuleError, clean_metadata

    assert clean_metadata(None) == {} and clean_metadata({"a": [1, {"b": "c"}]}) == {"a": [1, {"b": "c"}]}
    for value, rule in ((["x"], "type"), ({"k": "x" * 10_240}, "max_size"), ({"a": [[[[{"x": 1}]]]]}, "max_depth"),
                        ({str(i): i for i in range(51)}, "max_keys"), ({"n": float("nan")}, "finite_number"),
                        ({"t": "a\x00b"}, "invalid_characters")):
        with pytest.raises(RuleError) as err:
            clean_metadata(value)
        assert err.value.rule == rule, value
