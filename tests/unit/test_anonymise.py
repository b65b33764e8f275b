"""CV anonymisation: names, emails, phone numbers and street addresses become placeholders; the rest stays."""

import pytest

from app.services.anonymise import anonymise_cv


def test_the_seed_example():
    assert anonymise_cv("Jane Doe\nSoftware Engineer\nExperience: ...") == "[NAME]\nSoftware Engineer\nExperience: ..."


@pytest.mark.parametrize("text,expected", [
    ("Contact: jane.doe+cv@mail.example.co.uk", "Contact: [EMAIL]"),
    ("Phone: +44 20 7946 0958", "Phone: [PHONE]"),
    ("Mobile 07400 123456, home (020) 7946 0958", "Mobile [PHONE], home [PHONE]"),
    ("Tel. 0044 20 7946 0958", "Tel. [PHONE]"),
    ("Address: 221B Baker Street, London NW1 6XE", "Address: [ADDRESS]"),
    ("Lives at 12 High Street, Oxford OX1 4AB.", "Lives at [ADDRESS]"),
    ("Hauptstraße 5, 10115 Berlin", "[ADDRESS]"),
    ("Hlavná 12, 811 01 Bratislava", "[ADDRESS]"),
    ("Worked with Peter Novak and Dr. Smith on SQL.", "Worked with [NAME] and [NAME] on SQL."),
    ("Name: Zoltan Q. Xylander", "Name: [NAME]"),
    ("Profile: linkedin.com/in/jane-doe-123", "Profile: [URL]"),
])
def test_personal_data_is_replaced(text, expected):
    assert anonymise_cv(text) == expected


def test_the_candidates_own_names_go_wherever_they_appear():
    cv = "ZOLTAN XYLANDER\nI, Zoltan, led the Xylander-Works migration."
    assert anonymise_cv(cv, ["Zoltan", "Xylander"]) == "[NAME]\nI, [NAME], led the [NAME]-Works migration."


def test_the_rest_of_the_cv_stays():
    cv = ("Software Engineer\nExperience: 2019 - 2021 Acme Ltd, Python, SQL, AWS.\n"
          "Summer Internship at Google in May 2018. Grace Hopper Award.\nEducation: MSc, 2018")
    assert anonymise_cv(cv) == cv
