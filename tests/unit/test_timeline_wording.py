from app.services.timeline import describe


def test_stage_moves_and_rejections_read_as_sentences():
    assert describe("application.stage_changed", {"job": "Data Analyst", "from": "New", "to": "Interview"},
                    "Rick Recruiter", "Ann") == "Rick Recruiter moved Ann to Interview for Data Analyst"
    assert describe("application.stage_changed", {"job": "Data Analyst", "to": "Rejected", "reason": "Salary"},
                    "Rick Recruiter", "Ann") == "Rick Recruiter rejected Ann for Data Analyst: Salary"


def test_field_changes_list_old_and_new_values():
    payload = {"changes": [{"field": "email", "old": "a@x", "new": "b@x"},
                           {"field": "phone", "old": None, "new": "+442079460958"},
                           {"field": "custom.shift", "label": "Preferred shift", "old": "Day", "new": "Night"},
                           {"field": "skills", "old": ["SQL"], "new": ["SQL", "Python"]}]}
    assert describe("candidate.updated", payload, "Nora") == (
        "Nora changed email: a@x → b@x; phone: — → +442079460958; Preferred shift: Day → Night; "
        "skills: SQL → SQL, Python")
    assert describe("candidate.updated", {"changes": [{"field": "email"}]}, "Nora") == "Nora changed email"


def test_other_kinds():
    assert describe("candidate.tag_added", {"tag": "Night shifts"}, "Rick", "Ann") == "Rick tagged Ann “Night shifts”"
    assert describe("comment.added", {"excerpt": "Call her"}, "Rick") == "Rick commented: “Call her”"
    assert describe("document.uploaded", {"filename": "cv.pdf"}, "Rick") == "Rick uploaded cv.pdf"
    assert describe("email.sent", {"subject": "Interview"}, "Rick", "Ann") == "Rick emailed Ann: Interview"
    assert describe("candidate.flagged", {}, "Rick", "Ann") == "Rick flagged Ann as a top candidate"
    assert describe("application.created", {"job": "Welder", "to": "New"}, "Rick", "Ann") == \
        "Rick assigned Ann to Welder (New)"
    assert describe("something.odd_happened", {}, "Rick") == "Rick something odd happened"


def test_owner_change_wording():
    from app.services.timeline import describe
    assert describe("candidate.owner_changed", {"owner": "Nora Admin"}, "Rick", "Ann") == "Rick made Nora Admin the owner of Ann"
    assert describe("candidate.owner_changed", {"owner": ""}, "Rick", "Ann") == "Rick removed the owner of Ann"


def test_profile_update_entries_read_as_sentences():
    from app.services.timeline import describe

    submitted = describe("profile_update.submitted", {"changes": [
        {"field": "phone", "label": "Phone", "old": "+441", "new": "+442"},
        {"field": "city", "label": "City", "old": "", "new": "Leeds"}], "cv": "cv.pdf"}, "Ann Lee", "Ann")
    assert submitted == "Ann Lee updated their profile: Phone: +441 → +442; City: — → Leeds; new CV cv.pdf"
    assert describe("profile_update.requested", {"email": "a@x.net"}, "Rick", "Ann") == \
        "Rick asked Ann to update their profile (a@x.net)"
    assert describe("profile_update.renewal_asked", {}, "Ann Lee", "Ann") == "Ann Lee asked for a new profile-update link"
def test_api_and_webhook_administration_and_removed_assignments_read_as_sentences():
    from app.services.timeline import describe

    assert describe("application.removed", {"job": "Welder"}, "API key Sync", "Ann") == "API key Sync removed Ann from Welder"
    assert describe("api_key.created", {"name": "Sync", "prefix": "cnd_1a2b3c4d"}, "Nora") == \
        "Nora created the API key “Sync” (cnd_1a2b3c4d)"
    assert describe("webhook.paused", {"url": "https://h.example/x"}, "Nora") == "Nora paused the webhook https://h.example/x"
    assert describe("candidate.updated", {"changes": [{"field": "cv_text"}, {"field": "meta"}]}, "API key Sync") == \
        "API key Sync changed CV; metadata"
