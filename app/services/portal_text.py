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


# --- portal-shell: sign-in page, applications, jobs, messages, the frame --------------------------------------

EN.update({
    "menu": "Menu",
    "signin.title": "Sign in to your candidate space",
    "signin.intro": "Enter the email address your recruiter has for you: we send you a sign-in link. "
                    "No password needed.",
    "signin.email": "Email address",
    "signin.send": "Send me a sign-in link",
    "signin.sending": "Sending…",
    "signin.sent": "If this address belongs to a candidate space of {agency}, a sign-in link is on its way. "
                   "It works once, within 15 minutes.",
    "signin.check": "Check your inbox (and your spam folder), then open the link on this device.",
    "signin.again": "Use another address",
    "signin.bad_email": "Enter a valid email address, like name@example.com.",
    "signin.too_many": "Too many sign-in links were asked for. Wait 15 minutes and try again.",
    "signin.dead": "This sign-in link has expired or was already used. Ask for a new one below: it only takes "
                   "your email address.",
    "signin.signed_out": "You are signed out. See you soon!",
    "signin.closed": "Your session has ended. Sign in again if your candidate space is still open.",
    "signin.unknown": "This candidate space does not exist. Check the address your recruiter sent you.",
    "signin.support": "Need help? Contact {contact}.",
    "apps.title": "My applications",
    "apps.intro": "Where each of your applications stands, and what happens next.",
    "apps.empty_title": "No applications yet",
    "apps.empty_text": "Browse the jobs {agency} offers and apply in two taps.",
    "apps.browse": "Browse jobs",
    "apps.stage": "Status",
    "apps.next": "Next step",
    "apps.history": "History",
    "apps.applied": "Applied {date}",
    "apps.received": "Application received",
    "apps.loading": "Loading your applications…",
    "jobs.title": "Jobs",
    "jobs.intro": "The jobs {agency} offers now. Apply with the profile you keep here.",
    "jobs.search": "Search jobs",
    "jobs.search_placeholder": "Job title, place, keyword",
    "jobs.search_button": "Search",
    "jobs.apply": "Apply",
    "jobs.confirm": "Confirm my application",
    "jobs.confirm_text": "{agency} receives your application for {job} with your current profile.",
    "jobs.applied": "Applied",
    "jobs.applied_done": "Your application for {job} was sent. Follow it under Applications.",
    "jobs.already": "You have already applied to {job}: follow it under Applications.",
    "jobs.gone": "This job is no longer open.",
    "jobs.empty_title": "No open jobs right now",
    "jobs.empty_search": "No job matches your search. Try other words.",
    "jobs.empty_text": "Come back soon: {agency} publishes new jobs regularly.",
    "jobs.loading": "Loading jobs…",
    "jobs.count": "{count} jobs",
    "msgs.title": "Messages",
    "msgs.intro": "The emails {agency} sent you, and the messages you wrote here.",
    "msgs.write": "Write to {agency}",
    "msgs.body": "Your message",
    "msgs.send": "Send",
    "msgs.sending": "Sending…",
    "msgs.sent": "Your message was sent. Your recruiter has been told.",
    "msgs.empty_title": "No messages yet",
    "msgs.empty_text": "Emails from {agency} will appear here. You can write to your recruiter above.",
    "msgs.from_agency": "From {agency}",
    "msgs.from_me": "You wrote",
    "msgs.reply": "Reply",
    "msgs.replying": "Replying to: {subject}",
    "msgs.cancel_reply": "Do not reply to this message",
    "msgs.empty_body": "Write your message first.",
    "msgs.too_long": "At most 5,000 characters.",
    "msgs.loading": "Loading your messages…",
})

FR.update({
    "menu": "Menu",
    "signin.title": "Connexion à votre espace candidat",
    "signin.intro": "Saisissez l’adresse e-mail connue de votre recruteur : nous vous envoyons un lien de "
                    "connexion. Aucun mot de passe.",
    "signin.email": "Adresse e-mail",
    "signin.send": "Recevoir un lien de connexion",
    "signin.sending": "Envoi…",
    "signin.sent": "Si cette adresse correspond à un espace candidat de {agency}, un lien de connexion est en "
                   "route. Il fonctionne une fois, pendant 15 minutes.",
    "signin.check": "Consultez votre boîte de réception (et vos indésirables), puis ouvrez le lien sur cet "
                    "appareil.",
    "signin.again": "Utiliser une autre adresse",
    "signin.bad_email": "Saisissez une adresse e-mail valide, par ex. nom@exemple.fr.",
    "signin.too_many": "Trop de liens ont été demandés. Attendez 15 minutes puis réessayez.",
    "signin.dead": "Ce lien de connexion a expiré ou a déjà servi. Demandez-en un nouveau ci-dessous : il "
                   "suffit de votre adresse e-mail.",
    "signin.signed_out": "Vous êtes déconnecté. À bientôt !",
    "signin.closed": "Votre session a pris fin. Reconnectez-vous si votre espace candidat est toujours ouvert.",
    "signin.unknown": "Cet espace candidat n’existe pas. Vérifiez l’adresse envoyée par votre recruteur.",
    "signin.support": "Besoin d’aide ? Contactez {contact}.",
    "apps.title": "Mes candidatures",
    "apps.intro": "Où en est chacune de vos candidatures, et la suite.",
    "apps.empty_title": "Aucune candidature pour l’instant",
    "apps.empty_text": "Parcourez les offres de {agency} et postulez en deux gestes.",
    "apps.browse": "Voir les offres",
    "apps.stage": "Statut",
    "apps.next": "Prochaine étape",
    "apps.history": "Historique",
    "apps.applied": "Candidature du {date}",
    "apps.received": "Candidature reçue",
    "apps.loading": "Chargement de vos candidatures…",
    "jobs.title": "Offres",
    "jobs.intro": "Les offres actuelles de {agency}. Postulez avec le profil que vous tenez à jour ici.",
    "jobs.search": "Rechercher une offre",
    "jobs.search_placeholder": "Intitulé, lieu, mot-clé",
    "jobs.search_button": "Rechercher",
    "jobs.apply": "Postuler",
    "jobs.confirm": "Confirmer ma candidature",
    "jobs.confirm_text": "{agency} reçoit votre candidature pour {job} avec votre profil actuel.",
    "jobs.applied": "Déjà postulé",
    "jobs.applied_done": "Votre candidature pour {job} a été envoyée. Suivez-la dans Candidatures.",
    "jobs.already": "Vous avez déjà postulé à {job} : suivez-la dans Candidatures.",
    "jobs.gone": "Cette offre n’est plus ouverte.",
    "jobs.empty_title": "Aucune offre pour le moment",
    "jobs.empty_search": "Aucune offre ne correspond à votre recherche. Essayez d’autres mots.",
    "jobs.empty_text": "Revenez bientôt : {agency} publie régulièrement de nouvelles offres.",
    "jobs.loading": "Chargement des offres…",
    "jobs.count": "{count} offres",
    "msgs.title": "Messages",
    "msgs.intro": "Les e-mails que {agency} vous a envoyés, et les messages que vous avez écrits ici.",
    "msgs.write": "Écrire à {agency}",
    "msgs.body": "Votre message",
    "msgs.send": "Envoyer",
    "msgs.sending": "Envoi…",
    "msgs.sent": "Votre message a été envoyé. Votre recruteur a été prévenu.",
    "msgs.empty_title": "Aucun message pour l’instant",
    "msgs.empty_text": "Les e-mails de {agency} apparaîtront ici. Vous pouvez écrire à votre recruteur ci-dessus.",
    "msgs.from_agency": "De {agency}",
    "msgs.from_me": "Vous avez écrit",
    "msgs.reply": "Répondre",
    "msgs.replying": "En réponse à : {subject}",
    "msgs.cancel_reply": "Ne pas répondre à ce message",
    "msgs.empty_body": "Écrivez d’abord votre message.",
    "msgs.too_long": "5 000 caractères au plus.",
    "msgs.loading": "Chargement de vos messages…",
})

EN.update({"stage.hired": "Hired", "stage.rejected": "Not selected this time", "stage.progress": "In progress"})
FR.update({"stage.hired": "Embauché·e", "stage.rejected": "Non retenu·e cette fois", "stage.progress": "En cours"})
