"""The profile form's and the document checks' messages in the portal's other languages.

The services word their messages in English (the recruiter side, the REST API and the logs read them so);
the portal shows them in the candidate's language. Each English sentence the checks can produce has a
pattern here; one that has none is shown as it is rather than hidden.
"""

from __future__ import annotations

import re

# Field names the messages embed (labels the admin did not rename, and the address parts).
_FR_NAMES = {
    "First name": "Prénom", "Last name": "Nom", "Email": "E-mail", "Phone": "Téléphone", "Address": "Adresse",
    "Current position": "Poste actuel", "Position you are looking for": "Poste recherché",
    "Where you would like to work": "Lieu de travail souhaité", "Types of work": "Types de contrat",
    "Available from": "Disponible à partir du", "Availability (days, hours per week)": "Disponibilités",
    "Salary expectation": "Prétentions salariales", "Skills": "Compétences",
    "Work experience": "Expérience professionnelle", "Languages": "Langues", "CV": "CV",
    "The street address": "Numéro et rue", "The city": "Ville", "this language": "cette langue",
}
_FR_CONTENT = {"a program (executable)": "un programme (exécutable)", "HTML or other markup": "du HTML ou du balisage",
               "not a recognised document": "un document non reconnu"}
ACCEPTED_FR = "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF, WebP ou texte brut"

_FR: list[tuple[str, str]] = [
    (r"(.+) is required\.", "{0} : ce champ est obligatoire."),
    (r"(.+) must be at most (\d+) characters\.", "{0} : {1} caractères au plus."),
    (r"At most ([\d,]+) characters\.", "{0} caractères au plus."),
    (r"Enter a valid email address \(.*\)\.", "Saisissez une adresse e-mail valide, par ex. nom@exemple.fr."),
    (r"Enter a phone number, e\.g\. .+", "Saisissez un numéro de téléphone, par ex. +33 6 12 34 56 78."),
    (r"This phone number is not valid\.", "Ce numéro de téléphone n’est pas valide."),
    (r"Use a date like (.+)\.", "Saisissez une date comme {0}."),
    (r"Enter a whole amount, e\.g\. (\d+)\.", "Saisissez un montant entier, par ex. {0}."),
    (r"Choose a currency\.", "Choisissez une devise."),
    (r"Choose per year, month, day or hour\.", "Choisissez par an, par mois, par jour ou par heure."),
    (r"At most (\d+) experiences\.", "{0} expériences au plus."),
    (r"Give the job title\.", "Indiquez l’intitulé du poste."),
    (r"Use a month like (.+)\.", "Saisissez un mois comme {0}."),
    (r"The end cannot be before the start\.", "La fin ne peut pas précéder le début."),
    (r"(.+): add at least one language\.", "{0} : ajoutez au moins une langue."),
    (r"(.+): add at least one\.", "{0} : ajoutez-en au moins une."),
    (r"(.+): choose at least one\.", "{0} : choisissez-en au moins un."),
    (r"(.+): list at least one\.", "{0} : indiquez-en au moins une."),
    (r"At most (\d+) languages\.", "{0} langues au plus."),
    (r"Name the language\.", "Indiquez la langue."),
    (r"(.+) is listed twice\.", "{0} figure deux fois."),
    (r"Choose your level in this language\.", "Choisissez votre niveau dans cette langue."),
    (r"Choose your level in (.+)\.", "Choisissez votre niveau en {0}."),
    (r"Give your level in (.+)\.", "Indiquez votre niveau en {0}."),
    (r"Please upload your (.+)\.", "Veuillez joindre votre {0}."),
    (r"(.+) must be a number\.", "{0} : saisissez un nombre."),
    (r"Choose one of: (.+)\.", "Choisissez parmi : {0}."),
    (r"Each skill has at most 60 characters\.", "Chaque compétence a 60 caractères au plus."),
    (r"At most (\d+) skills\.", "{0} compétences au plus."),
    (r"Text must not contain NUL characters or unpaired surrogates\.", "Ce texte contient des caractères invalides."),
    (r"(.+) is empty\.", "{0} est vide."),
    (r"(.+) is larger than (\d+) MB\.", "{0} dépasse {1} Mo."),
    (r"(.+) was refused: only .+ files are accepted, and its content is (.+)\.",
     "{0} a été refusé : seuls les fichiers " + ACCEPTED_FR + " sont acceptés, et son contenu est {1}."),
]
_PATTERNS = {"fr": [(re.compile(rf"^{p}$", re.DOTALL), t) for p, t in _FR]}


def _fr_part(text: str) -> str:
    if text in _FR_NAMES:
        return _FR_NAMES[text]
    if text in _FR_CONTENT:
        return _FR_CONTENT[text]
    found = re.fullmatch(r"a \.(\w+) file", text)
    return f"un fichier .{found.group(1)}" if found else text


def translate(message: str, lang: str) -> str:
    """`message` in `lang` (English stays as it is; so does a sentence no pattern knows)."""
    for pattern, template in _PATTERNS.get(lang, []):
        found = pattern.match(message)
        if found:
            return template.format(*[_fr_part(part) for part in found.groups()])
    return message


# --- temp-core: timesheet, availability and shift messages in the portal ----------------------------------
_FR_TEMP: list[tuple[str, str]] = [
    (r"This day is not a date\.", "Ce jour n’est pas une date."),
    (r"Use hours and minutes, like 08:30\.", "Saisissez heures et minutes, par ex. 08:30."),
    (r"Use a time between 00:00 and 23:59\.", "Saisissez une heure entre 00:00 et 23:59."),
    (r"Give both the start and the end time\.", "Indiquez l’heure de début et l’heure de fin."),
    (r"The end time is the same as the start time\.", "L’heure de fin est identique à l’heure de début."),
    (r"The break is a number of minutes, like 30\.", "La pause est un nombre de minutes, par ex. 30."),
    (r"This day is not in this week\.", "Ce jour n’est pas dans cette semaine."),
    (r"The placement runs from (.+) to (.+): this day is outside it\.",
     "La mission va du {0} au {1} : ce jour est en dehors."),
    (r"This day has not happened yet\.", "Ce jour n’est pas encore passé."),
    (r"The break is between 0 and (\d+) minutes\.", "La pause est comprise entre 0 et {0} minutes."),
    (r"The note has at most (\d+) characters\.", "La note a {0} caractères au plus."),
    (r"The break is as long as the time worked\.", "La pause est aussi longue que le temps travaillé."),
    (r"Overlaps (.+) on (.+): the same hour cannot be worked twice\.",
     "Chevauche {0} le {1} : une même heure ne peut pas être travaillée deux fois."),
    (r"More than 24 hours on one day\.", "Plus de 24 heures sur une journée."),
    (r"Notes have at most (\d+) characters\.", "Les remarques ont {0} caractères au plus."),
    (r"Enter the hours you worked before submitting\.", "Saisissez vos heures avant d’envoyer."),
    (r"This timesheet is approved and locked\.", "Ce relevé est validé et verrouillé."),
    (r"This timesheet is waiting for approval: it cannot be changed now\.",
     "Ce relevé attend sa validation : il ne peut pas être modifié pour l’instant."),
    (r"Enter a date\.", "Saisissez une date."),
    (r"The last day is on or after the first day\.", "Le dernier jour est le même que le premier ou après."),
    (r"At most one year at a time\.", "Un an au plus à la fois."),
    (r"Too many exceptions: remove old ones first\.", "Trop d’exceptions : retirez d’abord les anciennes."),
    (r"You are already booked on (.+)\.", "Vous êtes déjà réservé(e) le {0}."),
    (r"Sorry, this shift has just been filled\.", "Désolé, cette vacation vient d’être pourvue."),
    (r"You have already accepted this shift\.", "Vous avez déjà accepté cette vacation."),
    (r"You have already declined this shift\.", "Vous avez déjà refusé cette vacation."),
    (r"Shift not found\.", "Vacation introuvable."),
]
_PATTERNS["fr"].extend((re.compile(rf"^{p}$", re.DOTALL), t) for p, t in _FR_TEMP)
