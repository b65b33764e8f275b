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
    "cancel": "Cancel",
    "loading": "Loading…",
    "failed": "Something went wrong and nothing was saved. Please try again.",
    "profile.title": "My profile",
    "profile.intro": "Keep your details current: your recruiter sees your changes as soon as you save them.",
    "profile.required_note": " marks a required field.",
    "profile.save": "Save my changes",
    "profile.saving": "Saving…",
    "profile.saved": "Saved. Your recruiter sees your changes now.",
    "profile.unchanged": "Saved. Nothing had changed.",
    "profile.refused": "Nothing was saved yet: please check the highlighted fields.",
    "profile.loading": "Loading your profile…",
    "docs.title": "My documents",
    "docs.intro": "Send your CV, diplomas or ID to {agency}. Only you and your recruiters can see them.",
    "docs.category": "What are you sending?",
    "docs.drop": "Drop files here, or",
    "docs.choose": "Choose files",
    "docs.accepted": "PDF, Word, Excel, PNG, JPEG, GIF, WebP or plain text, up to 10 MB each.",
    "docs.uploading": "Sending… {percent}%",
    "docs.sent_one": "{name} was sent to {agency}.",
    "docs.sent_many": "{count} documents were sent to {agency}.",
    "docs.list_title": "Your documents",
    "docs.empty_title": "No documents yet",
    "docs.empty_text": "Add your CV, diplomas or ID above: your recruiter gets them at once.",
    "docs.download": "Download",
    "docs.added": "Added {date}",
    "docs.loading": "Loading your documents…",
    "category.cv": "CV",
    "category.certificate": "Certificate or diploma",
    "category.id": "ID document",
    "category.other": "Other",
    "privacy.title": "My data",
    "privacy.intro": "What you agreed to, the data {agency} keeps about you, and how to have it deleted.",
    "privacy.loading": "Loading your data…",
    "consent.title": "Your consent",
    "consent.active": "You agreed until {date}.",
    "consent.none": "You have not given your consent yet.",
    "consent.ended": "Your consent ended on {date}.",
    "consent.withdrawn": "You withdrew your consent.",
    "consent.wording": "What you agree to",
    "consent.give": "I agree, until {date}",
    "consent.renew": "Renew until {date}",
    "consent.withdraw": "Withdraw my consent",
    "consent.withdraw_title": "Withdraw your consent?",
    "consent.withdraw_text": "{agency} will no longer keep your profile to offer you jobs, and your recruiter "
                             "will see that you withdrew it. You can give your consent again at any time. "
                             "To have your data deleted, use “Delete my data” below.",
    "consent.withdraw_confirm": "Withdraw",
    "consent.given_done": "Thank you: your consent is recorded until {date}.",
    "consent.withdrawn_done": "Your consent is withdrawn.",
    "consent.changed": "The wording changed since you opened this page: please read it again before you decide.",
    "history.title": "Your decisions",
    "history.empty": "No decisions yet.",
    "history.given": "Consent given",
    "history.renewed": "Consent renewed",
    "history.withdrawn": "Consent withdrawn",
    "history.until": "valid until {date}",
    "history.wording": "Wording you were shown",
    "export.title": "Download my data",
    "export.text": "Everything {agency} keeps about you in one zip file: your profile, applications, consent "
                   "decisions and messages (data.json) and your documents.",
    "export.button": "Download my data (zip)",
    "export.preparing": "Preparing your file… your browser will save it in a moment.",
    "export.failed": "The download did not work. Please try again.",
    "delete.title": "Delete my data",
    "delete.text": "You can ask {agency} to delete everything it keeps about you.",
    "delete.button": "Ask for my data to be deleted",
    "delete.dialog_title": "Ask for your data to be deleted?",
    "delete.dialog_text": "Your recruiter receives a task to delete your data. Once they confirm it, your profile, "
                          "documents, applications and messages are anonymised for good and this portal closes. "
                          "Until then, you can still sign in, and write to your recruiter if you change your mind.",
    "delete.confirm": "Yes, ask for deletion",
    "delete.pending": "You asked for your data to be deleted on {date}. Your recruiter has been told and will "
                      "confirm it; this portal closes once it is done.",
    "delete.sent": "Your request was sent to {agency}.",
    # The profile form's own words (labels the admin did not rename, parts of fields, hints).
    "form.street": "Street and number",
    "form.postcode": "Postcode",
    "form.city": "City",
    "form.country": "Country",
    "form.employer": "Employer",
    "form.amount": "Amount",
    "form.amount_example": "e.g. 42000",
    "form.currency": "Currency",
    "form.per": "Per",
    "form.job_title": "Job title",
    "form.company": "Company",
    "form.from_month": "From (month)",
    "form.until_month": "Until (month)",
    "form.until_hint": "Leave empty if you still work there.",
    "form.what_you_did": "What you did",
    "form.language": "Language",
    "form.level": "Level",
    "form.level_in": "Level in ",
    "form.this_language": "this language",
    "form.choose": "Choose…",
    "form.choose_file": "Choose a file",
    "form.choose_new_file": "Choose a new file",
    "form.drop_here": "or drop it here",
    "form.on_file": "On file: ",
    "form.will_be_sent": "Will be sent: ",
    "form.not_attached": "Not attached: ",
    "form.uploading": "Uploading…",
    "form.cv_hint": "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF, WebP or plain text; up to 10 MB.",
    "form.phone_hint": "With the country code if outside the UK, e.g. +33 6 12 34 56 78.",
    "form.skills_hint": "Separate them with commas, e.g. Excel, SQL, forklift licence.",
    "form.check_fields": "Please check the highlighted fields",
    "form.period.year": "per year",
    "form.period.month": "per month",
    "form.period.day": "per day",
    "form.period.hour": "per hour",
    "form.employment.permanent": "Permanent",
    "form.employment.temp": "Temporary",
    "form.employment.contract": "Contract",
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
    "cancel": "Annuler",
    "loading": "Chargement…",
    "failed": "Un problème est survenu et rien n’a été enregistré. Veuillez réessayer.",
    "profile.title": "Mon profil",
    "profile.intro": "Gardez vos informations à jour : votre recruteur voit vos modifications dès que vous "
                     "les enregistrez.",
    "profile.required_note": " indique un champ obligatoire.",
    "profile.save": "Enregistrer mes modifications",
    "profile.saving": "Enregistrement…",
    "profile.saved": "Enregistré. Votre recruteur voit vos modifications dès maintenant.",
    "profile.unchanged": "Enregistré. Rien n’avait changé.",
    "profile.refused": "Rien n’est encore enregistré : vérifiez les champs signalés.",
    "profile.loading": "Chargement de votre profil…",
    "docs.title": "Mes documents",
    "docs.intro": "Envoyez votre CV, vos diplômes ou votre pièce d’identité à {agency}. Seuls vous et vos "
                  "recruteurs peuvent les voir.",
    "docs.category": "Que nous envoyez-vous ?",
    "docs.drop": "Déposez vos fichiers ici, ou",
    "docs.choose": "Choisir des fichiers",
    "docs.accepted": "PDF, Word, Excel, PNG, JPEG, GIF, WebP ou texte brut, 10 Mo au plus chacun.",
    "docs.uploading": "Envoi… {percent} %",
    "docs.sent_one": "{name} a été envoyé à {agency}.",
    "docs.sent_many": "{count} documents ont été envoyés à {agency}.",
    "docs.list_title": "Vos documents",
    "docs.empty_title": "Aucun document pour l’instant",
    "docs.empty_text": "Ajoutez votre CV, vos diplômes ou votre pièce d’identité ci-dessus : votre recruteur "
                       "les reçoit aussitôt.",
    "docs.download": "Télécharger",
    "docs.added": "Ajouté le {date}",
    "docs.loading": "Chargement de vos documents…",
    "category.cv": "CV",
    "category.certificate": "Certificat ou diplôme",
    "category.id": "Pièce d’identité",
    "category.other": "Autre",
    "privacy.title": "Mes données",
    "privacy.intro": "Ce que vous avez accepté, les données que {agency} conserve sur vous, et comment les "
                     "faire supprimer.",
    "privacy.loading": "Chargement de vos données…",
    "consent.title": "Votre consentement",
    "consent.active": "Vous avez donné votre accord jusqu’au {date}.",
    "consent.none": "Vous n’avez pas encore donné votre consentement.",
    "consent.ended": "Votre consentement a pris fin le {date}.",
    "consent.withdrawn": "Vous avez retiré votre consentement.",
    "consent.wording": "Ce que vous acceptez",
    "consent.give": "J’accepte, jusqu’au {date}",
    "consent.renew": "Renouveler jusqu’au {date}",
    "consent.withdraw": "Retirer mon consentement",
    "consent.withdraw_title": "Retirer votre consentement ?",
    "consent.withdraw_text": "{agency} ne conservera plus votre profil pour vous proposer des offres, et votre "
                             "recruteur verra que vous l’avez retiré. Vous pourrez le redonner à tout moment. "
                             "Pour faire supprimer vos données, utilisez « Supprimer mes données » plus bas.",
    "consent.withdraw_confirm": "Retirer",
    "consent.given_done": "Merci : votre consentement est enregistré jusqu’au {date}.",
    "consent.withdrawn_done": "Votre consentement est retiré.",
    "consent.changed": "Le texte a changé depuis l’ouverture de cette page : relisez-le avant de décider.",
    "history.title": "Vos décisions",
    "history.empty": "Aucune décision pour l’instant.",
    "history.given": "Consentement donné",
    "history.renewed": "Consentement renouvelé",
    "history.withdrawn": "Consentement retiré",
    "history.until": "valable jusqu’au {date}",
    "history.wording": "Texte qui vous a été présenté",
    "export.title": "Télécharger mes données",
    "export.text": "Tout ce que {agency} conserve sur vous, dans un fichier zip : votre profil, vos candidatures, "
                   "vos décisions de consentement et vos messages (data.json), ainsi que vos documents.",
    "export.button": "Télécharger mes données (zip)",
    "export.preparing": "Préparation de votre fichier… votre navigateur va l’enregistrer dans un instant.",
    "export.failed": "Le téléchargement n’a pas abouti. Veuillez réessayer.",
    "delete.title": "Supprimer mes données",
    "delete.text": "Vous pouvez demander à {agency} de supprimer tout ce qu’elle conserve sur vous.",
    "delete.button": "Demander la suppression de mes données",
    "delete.dialog_title": "Demander la suppression de vos données ?",
    "delete.dialog_text": "Votre recruteur reçoit une tâche pour supprimer vos données. Dès qu’il la confirme, "
                          "votre profil, vos documents, vos candidatures et vos messages sont anonymisés "
                          "définitivement et cet espace ferme. D’ici là, vous pouvez encore vous connecter et "
                          "écrire à votre recruteur si vous changez d’avis.",
    "delete.confirm": "Oui, demander la suppression",
    "delete.pending": "Vous avez demandé la suppression de vos données le {date}. Votre recruteur a été prévenu "
                      "et va la confirmer ; cet espace fermera ensuite.",
    "delete.sent": "Votre demande a été envoyée à {agency}.",
    "form.street": "Numéro et rue",
    "form.postcode": "Code postal",
    "form.city": "Ville",
    "form.country": "Pays",
    "form.employer": "Employeur",
    "form.amount": "Montant",
    "form.amount_example": "ex. 42000",
    "form.currency": "Devise",
    "form.per": "Par",
    "form.job_title": "Intitulé du poste",
    "form.company": "Entreprise",
    "form.from_month": "De (mois)",
    "form.until_month": "À (mois)",
    "form.until_hint": "Laissez vide si vous y travaillez encore.",
    "form.what_you_did": "Vos missions",
    "form.language": "Langue",
    "form.level": "Niveau",
    "form.level_in": "Niveau en ",
    "form.this_language": "cette langue",
    "form.choose": "Choisir…",
    "form.choose_file": "Choisir un fichier",
    "form.choose_new_file": "Choisir un autre fichier",
    "form.drop_here": "ou déposez-le ici",
    "form.on_file": "Déjà reçu : ",
    "form.will_be_sent": "Sera envoyé : ",
    "form.not_attached": "Non joint : ",
    "form.uploading": "Envoi…",
    "form.cv_hint": "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF, WebP ou texte brut ; 10 Mo au plus.",
    "form.phone_hint": "Avec l’indicatif du pays, par ex. +33 6 12 34 56 78.",
    "form.skills_hint": "Séparez-les par des virgules, par ex. Excel, SQL, CACES.",
    "form.check_fields": "Vérifiez les champs signalés",
    "form.period.year": "par an",
    "form.period.month": "par mois",
    "form.period.day": "par jour",
    "form.period.hour": "par heure",
    "form.employment.permanent": "CDI",
    "form.employment.temp": "Intérim",
    "form.employment.contract": "CDD / mission",
    # Labels and buttons of the profile form that the agency's admin left as they come.
    "form.label.first_name": "Prénom",
    "form.label.last_name": "Nom",
    "form.label.email": "E-mail",
    "form.label.phone": "Téléphone",
    "form.label.address": "Adresse",
    "form.label.current_position": "Poste actuel",
    "form.label.desired_position": "Poste recherché",
    "form.label.preferred_locations": "Où souhaitez-vous travailler ?",
    "form.label.employment_types": "Types de contrat",
    "form.label.available_from": "Disponible à partir du",
    "form.label.availability_note": "Disponibilités (jours, heures par semaine)",
    "form.label.salary_expectation": "Prétentions salariales",
    "form.label.skills": "Compétences",
    "form.label.experiences": "Expérience professionnelle",
    "form.label.languages": "Langues",
    "form.label.cv": "CV",
    "form.text.add_language_label": "Ajouter une langue",
    "form.text.add_experience_label": "Ajouter une expérience",
    "form.text.remove_label": "Retirer",
}

_CATALOG = {"en": EN, "fr": FR}


def language(value: str | None) -> str:
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


def texts(lang: str | None) -> dict[str, str]:
    """Every text of the portal in `lang`, English where a translation is missing."""
    return {**EN, **_CATALOG[language(lang)]}


# --- portal-self: the profile form's words, dates ---------------------------------------------------------

def form_words(lang: str | None) -> dict[str, str]:
    """The profile form's own words ("form.<word>" without the prefix), for ProfileFieldsState.words."""
    return {k[5:]: v for k, v in texts(lang).items() if k.startswith("form.")}


def day(value, lang: str | None) -> str:
    """A date as people write it in `lang`: 12 March 2027, 12 mars 2027."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale=language(lang)) if value else ""


def moment(value, lang: str | None) -> str:
    """A UTC time as people write it in `lang`, saying it is UTC (the portal does not know the reader's zone)."""
    from babel.dates import format_datetime

    if not value:
        return ""
    pattern = "d MMMM y, HH:mm" if language(lang) == "en" else "d MMMM y 'à' HH:mm"
    return format_datetime(value, pattern, tzinfo=None, locale=language(lang)) + " UTC"


# --- temp-core: timesheets, availability and shifts in the portal ------------------------------------------

EN.update({
    "nav.timesheets": "Timesheets", "nav.availability": "Availability", "nav.shifts": "Shifts",
    "ts.title": "Timesheets", "ts.intro": "Enter the hours you worked each day, then submit the week for approval.",
    "ts.loading": "Loading your timesheets…", "ts.week": "Week of", "ts.prev": "Previous week",
    "ts.next": "Next week", "ts.none": "No placement this week",
    "ts.none_text": "When you work on a placement, its weeks appear here.", "ts.start": "Start", "ts.end": "End",
    "ts.break": "Break (min)", "ts.note": "Note", "ts.add": "Add another stretch", "ts.total": "Total",
    "ts.notes": "Notes for the week", "ts.save": "Save draft", "ts.submit": "Submit for approval",
    "ts.saved": "Draft saved.", "ts.submitted": "Submitted: your approver has been asked to approve it.",
    "ts.refused": "Some entries need a correction: see the messages next to them.",
    "ts.status.draft": "Draft", "ts.status.submitted": "Waiting for approval", "ts.status.approved": "Approved",
    "ts.status.rejected": "Needs a correction", "ts.status.new": "Not started", "ts.reason": "Reason:",
    "ts.closed": "Not worked", "ts.remove": "Remove this stretch",
    "av.title": "Availability", "av.intro": "Tell us when you can work. We only offer you shifts that fit.",
    "av.loading": "Loading your availability…", "av.week": "My usual week", "av.from": "From", "av.to": "To",
    "av.available": "Available", "av.weekdays": "Weekdays 9:00–17:00", "av.everyday": "Every day 8:00–20:00",
    "av.clear": "Clear all", "av.save": "Save my week", "av.saved": "Your usual week is saved.",
    "av.refused": "Some days need a correction.", "av.exceptions": "Exceptions",
    "av.exceptions_intro": "Holidays, days off, or extra days you can work.", "av.first_day": "First day",
    "av.last_day": "Last day", "av.kind": "Kind", "av.kind.unavailable": "Unavailable",
    "av.kind.extra": "Extra availability", "av.note": "Note (optional)", "av.add": "Add exception",
    "av.added": "Exception added.", "av.removed": "Exception removed.", "av.remove": "Remove",
    "av.none": "No exceptions.", "av.hours": "Hours (extra availability)",
    "day.0": "Monday", "day.1": "Tuesday", "day.2": "Wednesday", "day.3": "Thursday", "day.4": "Friday",
    "day.5": "Saturday", "day.6": "Sunday",
    "sh.title": "Shifts", "sh.intro": "Shifts we offer you. Accept the ones you can work.",
    "sh.loading": "Loading your shifts…", "sh.none": "No shifts for now",
    "sh.none_text": "When we offer you a shift, it appears here and we email you.", "sh.accept": "Accept",
    "sh.decline": "Decline", "sh.accepted": "Shift accepted.", "sh.declined": "Shift declined.",
    "sh.status.offered": "Offered", "sh.status.accepted": "Accepted", "sh.status.declined": "Declined",
})
FR.update({
    "nav.timesheets": "Relevés d'heures", "nav.availability": "Disponibilités", "nav.shifts": "Vacations",
    "ts.title": "Relevés d'heures",
    "ts.intro": "Saisissez les heures travaillées chaque jour, puis envoyez la semaine pour validation.",
    "ts.loading": "Chargement de vos relevés…", "ts.week": "Semaine du", "ts.prev": "Semaine précédente",
    "ts.next": "Semaine suivante", "ts.none": "Aucune mission cette semaine",
    "ts.none_text": "Les semaines de vos missions apparaissent ici.", "ts.start": "Début", "ts.end": "Fin",
    "ts.break": "Pause (min)", "ts.note": "Note", "ts.add": "Ajouter une plage", "ts.total": "Total",
    "ts.notes": "Remarques sur la semaine", "ts.save": "Enregistrer le brouillon",
    "ts.submit": "Envoyer pour validation", "ts.saved": "Brouillon enregistré.",
    "ts.submitted": "Envoyé : votre valideur a été sollicité.",
    "ts.refused": "Certaines plages sont à corriger : voyez les messages à côté.",
    "ts.status.draft": "Brouillon", "ts.status.submitted": "En attente de validation", "ts.status.approved": "Validé",
    "ts.status.rejected": "À corriger", "ts.status.new": "Pas commencé", "ts.reason": "Motif :",
    "ts.closed": "Non travaillé", "ts.remove": "Retirer cette plage",
    "av.title": "Disponibilités", "av.intro": "Indiquez quand vous pouvez travailler. Nous vous proposons des "
    "vacations qui vous conviennent.", "av.loading": "Chargement de vos disponibilités…",
    "av.week": "Ma semaine habituelle", "av.from": "De", "av.to": "À", "av.available": "Disponible",
    "av.weekdays": "En semaine 9:00–17:00", "av.everyday": "Tous les jours 8:00–20:00", "av.clear": "Tout effacer",
    "av.save": "Enregistrer ma semaine", "av.saved": "Votre semaine habituelle est enregistrée.",
    "av.refused": "Certains jours sont à corriger.", "av.exceptions": "Exceptions",
    "av.exceptions_intro": "Congés, jours d'absence ou jours supplémentaires.", "av.first_day": "Premier jour",
    "av.last_day": "Dernier jour", "av.kind": "Type", "av.kind.unavailable": "Indisponible",
    "av.kind.extra": "Disponibilité supplémentaire", "av.note": "Note (facultatif)", "av.add": "Ajouter",
    "av.added": "Exception ajoutée.", "av.removed": "Exception retirée.", "av.remove": "Retirer",
    "av.none": "Aucune exception.", "av.hours": "Horaires (disponibilité supplémentaire)",
    "day.0": "Lundi", "day.1": "Mardi", "day.2": "Mercredi", "day.3": "Jeudi", "day.4": "Vendredi",
    "day.5": "Samedi", "day.6": "Dimanche",
    "sh.title": "Vacations", "sh.intro": "Les vacations que nous vous proposons. Acceptez celles qui vous conviennent.",
    "sh.loading": "Chargement de vos vacations…", "sh.none": "Aucune vacation pour l'instant",
    "sh.none_text": "Quand nous vous proposons une vacation, elle apparaît ici et nous vous écrivons.",
    "sh.accept": "Accepter", "sh.decline": "Refuser", "sh.accepted": "Vacation acceptée.",
    "sh.declined": "Vacation refusée.", "sh.status.offered": "Proposée", "sh.status.accepted": "Acceptée",
    "sh.status.declined": "Refusée",
})
