"""The services behind the portal's profile, documents and my-data pages, and their words in each language."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from app.models import Task
from app.services import documents, form_messages, portal, portal_auth, portal_text
from app.services.candidates import create_candidate
from app.services.errors import NotFound, ValidationError
from tests.docfiles import pdf
from tests.factories import actor_for, make_agency, make_user


@pytest.fixture
def world(session):
    north, south = make_agency(session, "north"), make_agency(session, "south")
    recruiter = make_user(session, north, "recruiter")
    actor = actor_for(recruiter)
    ann = create_candidate(session, actor, first_name="Ann", last_name="Lee", email="ann@example.com")
    bob = create_candidate(session, actor, first_name="Bob", last_name="Ray", email="bob@example.com")
    ann.owner_id = recruiter.id
    session.commit()
    ann_who = portal_auth.CandidateActor(ann.id, north.id, "north", "Ann Lee", "Ann", "en")
    bob_who = portal_auth.CandidateActor(bob.id, north.id, "north", "Bob Ray", "Bob", "en")
    return {"north": north, "south": south, "actor": actor, "recruiter": recruiter, "ann": ann, "ann_who": ann_who,
            "bob_who": bob_who}


def test_my_document_is_only_ever_the_candidates_own(session, world):
    doc, told = portal.upload_document(session, world["ann_who"], "cv.pdf", pdf(), "cv")
    by_recruiter = documents.save(session, world["actor"], world["ann"].id, "note.txt", b"hi", "other")
    session.commit()
    assert told == world["recruiter"].id
    assert portal.my_document(session, world["ann_who"], str(doc.id)).id == doc.id
    assert portal.my_document(session, world["ann_who"], by_recruiter.id).id == by_recruiter.id
    forged = portal_auth.CandidateActor(world["ann"].id, world["south"].id, "south", "Ann Lee", "Ann", "en")
    for who, document_id in ((world["bob_who"], doc.id), (forged, doc.id), (world["ann_who"], "nope"),
                             (world["ann_who"], None)):
        with pytest.raises(NotFound):
            portal.my_document(session, who, document_id)


def test_check_profile_names_every_problem_and_saves_nothing(session, world):
    with pytest.raises(ValidationError) as bad:
        portal.check_profile(session, world["ann_who"], {"first_name": "", "last_name": "Lee", "email": "x",
                                                         "phone": "12"})
    assert set(bad.value.errors) == {"first_name", "email", "phone"}
    session.commit()
    assert world["ann"].first_name == "Ann" and world["ann"].phone is None


def test_profile_view_has_a_version_that_moves_with_each_save(session, world):
    first = portal.profile(session, world["ann_who"])
    assert first.values["first_name"] == "Ann" and first.cv_on_file == "" and first.settings.shows("email")
    portal.save_profile(session, world["ann_who"], {"first_name": "Ann", "last_name": "Lee",
                                                    "email": "ann@example.com", "city": "York"})
    session.commit()
    assert portal.profile(session, world["ann_who"]).version > first.version


def test_consent_view_says_until_when_a_renewal_lasts_and_whether_deletion_is_asked(session, world):
    view = portal.consent(session, world["ann_who"])
    assert view.renews_until > date.today() and view.deletion_requested_at is None
    assert portal.request_deletion(session, world["ann_who"]) == world["recruiter"].id
    assert portal.request_deletion(session, world["ann_who"]) is None  # asked once: one task
    session.commit()
    assert portal.consent(session, world["ann_who"]).deletion_requested_at is not None
    assert len(session.exec(select(Task)).all()) == 1


def test_every_portal_text_exists_in_english_and_french():
    assert set(portal_text.FR) - set(portal_text.EN) == {k for k in portal_text.FR if k.startswith(
        ("form.label.", "form.text."))}  # French names for the admin's default labels; English has them already
    assert set(portal_text.EN) <= set(portal_text.FR)
    for lang in ("en", "fr"):
        words = portal_text.form_words(lang)
        assert {"street", "choose", "period.year", "employment.temp", "check_fields"} <= set(words)


def test_dates_in_the_candidates_language():
    assert portal_text.day(date(2027, 3, 12), "en") == "12 March 2027"
    assert portal_text.day(date(2027, 3, 12), "fr") == "12 mars 2027"
    when = datetime(2027, 3, 12, 14, 5, tzinfo=timezone.utc)
    assert portal_text.moment(when, "fr") == "12 mars 2027 à 14:05 UTC"
    assert portal_text.day(None, "en") == "" and portal_text.moment(None, "en") == ""


@pytest.mark.parametrize(("english", "french"), [
    ("Phone is required.", "Téléphone : ce champ est obligatoire."),
    ("The city is required.", "Ville : ce champ est obligatoire."),
    ("This phone number is not valid.", "Ce numéro de téléphone n’est pas valide."),
    ("Use a month like 2021-09.", "Saisissez un mois comme 2021-09."),
    ("Work experience: add at least one.", "Expérience professionnelle : ajoutez-en au moins une."),
    ("cv.pdf is larger than 10 MB.", "cv.pdf dépasse 10 Mo."),
    ("x.pdf was refused: only PDF files are accepted, and its content is a .zip file.",
     "x.pdf a été refusé : seuls les fichiers " + form_messages.ACCEPTED_FR
     + " sont acceptés, et son contenu est un fichier .zip."),
    ("A sentence nobody translated.", "A sentence nobody translated."),
])
def test_form_messages_in_french(english, french):
    assert form_messages.translate(english, "fr") == french
    assert form_messages.translate(english, "en") == english


def test_every_message_the_checks_give_has_a_french_wording(session, world):
    """Run the form's checks on bad answers of every kind: none of the messages may stay in English."""
    from app.services import profile_form

    settings = profile_form.load(session, world["north"].id)
    for field in settings.fields:
        field.visible, field.required = True, not field.locked or field.required
    answers = {"first_name": "", "last_name": "x" * 101, "email": "nope", "phone": "12", "address_line": "",
               "city": "", "current_position": "", "desired_position": "", "preferred_locations": "",
               "availability_note": "", "available_from": "31/01/2027", "salary_expectation": "lots",
               "skills": "", "employment_types": [],
               "experiences": [{"title": "", "start": "2021", "end": "2020-01"}],
               "languages": [{"language": "", "level": "?"}, {"language": "Dutch", "level": "?"},
                             {"language": "dutch", "level": "Native"}]}
    with pytest.raises(ValidationError) as bad:
        profile_form.clean_answers(session, settings, world["ann"], answers, has_new_cv=False)
    untranslated = [m for m in bad.value.errors.values() if form_messages.translate(m, "fr") == m]
    assert untranslated == [] and len(bad.value.errors) > 12
    for data in (b"", b"MZ" + b"\0" * 50, b"<html></html>", b"a" * (documents.MAX_BYTES + 1)):
        with pytest.raises(ValidationError) as refused:
            documents.check_upload("file.pdf", data, "cv")
        message = next(iter(refused.value.errors.values()))
        assert form_messages.translate(message, "fr") != message
