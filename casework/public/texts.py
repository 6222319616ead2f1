"""The e-service's words in Swedish and in English. The form, the stored case and the e-mails
are the same in both: only what the page says changes. Swedish is the language of the service;
the English page also turns the shared checks' Swedish messages into English (``english``), so
that a refusal reads in the page's language."""
import re

from casework.cases import validation
from casework.core.addresses import EMAIL_BAD
from casework.core.fields import swedish_number

LANGUAGES = ("sv", "en")

SV = {
    "title": "Lämna synpunkter, klagomål eller beröm",
    "receipt_title": "Tack! Vi har tagit emot det du skrev",
    "switch": ("In English", "en"),
    "intro": [
        "Här kan du säga vad du tycker om en verksamhet, till exempel hemtjänsten eller ett boende.",
        "Du kan klaga, ge förslag eller ge beröm.",
        "Du behöver inte logga in.",
    ],
    "next_title": "Vad händer sedan?",
    "next": [
        "Du får ett ärendenummer direkt när du har skickat.",
        "Enheten läser det du har skrivit.",
        "Har du lämnat e-post eller telefon hör vi av oss inom {acknowledge} arbetsdagar.",
        "Du får oftast svar inom {answer} arbetsdagar.",
        "Beröm svarar vi inte på, men vi berättar det för personalen.",
    ],
    "required_note": "Fält märkta (frivilligt) behöver du inte fylla i. Resten behövs.",
    "optional": "(frivilligt)",
    "unit": "Vilken enhet gäller det?",
    "unit_hint": "Skriv namnet på enheten eller verksamheten, till exempel ”hemtjänst Aspudden”.",
    "type": "Vad vill du lämna?",
    "types": {"klagomal": "Ett klagomål", "synpunkt": "En synpunkt eller ett förslag",
              "berom": "Beröm"},
    "categories": "Vad handlar det om?",
    "categories_hint": "Gäller klagomål och synpunkter. Välj en eller flera, eller ingen.",
    "description": "Berätta vad det gäller",
    "description_hint": "Skriv vad som hände, när och var. Skriv inte personnummer.",
    "source": "Vem är du?",
    "sources": {"brukare": "Jag får hjälp av enheten",
                "narstaende": "Jag är anhörig, god man eller närstående",
                "annan": "Annan"},
    "contact_title": "Hur når vi dig?",
    "contact_hint": "Vill du ha svar? Skriv e-post eller telefon. Med e-post får du ett kvitto.",
    "name": "Ditt namn",
    "contact_email": "E-post",
    "phone": "Telefon",
    "anonymous": "Jag vill vara anonym",
    "anonymous_hint": ("Är du anonym kan vi inte svara dig. Namn, e-post och telefon som du har "
                       "skrivit sparas inte."),
    "attachments": "Bilder eller dokument",
    "honeypot": "Lämna det här fältet tomt",
    "submit": "Skicka",
    "accessibility": "Tillgänglighet för e-tjänsten",
    "limit": "Högst {limit} tecken.",
    "error_title": "Formuläret innehåller fel",
    "error_prefix": "Fel: ",
    "skip": "Hoppa till innehållet",
    # The receipt page.
    "receipt_number": "Ditt ärendenummer är",
    "receipt_unit": "Enhet",
    "receipt_type": "Du lämnade",
    "receipt_mail": "Vi har skickat ett kvitto till din e-post.",
    "receipt_anonymous": "Du är anonym. Därför kan vi inte svara dig.",
    "receipt_answer": "Du får oftast svar senast {day}.",
    "receipt_keep": "Spara numret. Nämn det om du kontaktar oss om ärendet.",
    "receipt_gone": ("Kvittot visas bara en kort stund efter att du skickat formuläret. "
                     "Har du lämnat e-post har du fått ett kvitto där."),
    "again": "Lämna något mer",
    # Refusals of the form itself.
    "unit_missing": "Skriv vilken enhet det gäller.",
    "unit_unknown": "Vi hittar ingen enhet som heter så.",
    "unit_ambiguous": "Flera enheter passar.",
    "unit_close": "Menade du: {names}?",
    "unit_pick": "Välj ett namn i listan eller skriv hela namnet.",
    "type_missing": "Välj om det är ett klagomål, en synpunkt eller beröm.",
    "description_missing": "Skriv vad det gäller.",
    "too_fast": ("Formuläret skickades väldigt snabbt, som av ett program. Läs igenom det och "
                 "skicka igen."),
    "honeypot_filled": ("Något i formuläret ser ut att ha fyllts i automatiskt. Läs igenom det "
                        "och skicka igen."),
    "stale": "Formuläret har varit öppet länge. Läs igenom det och skicka igen.",
    "reload": "Formuläret saknar uppgifter som behövs. Ladda om sidan och försök igen.",
    # 429
    "too_many_title": "Många meddelanden just nu",
    "too_many": ("Det har kommit många meddelanden härifrån eller till den här enheten på kort "
                 "tid. Försök igen om {wait}. Det du skrev sparades inte."),
    "too_many_call": "Är det bråttom? Ring enheten eller kommunens kontaktcenter.",
}

EN = {
    "title": "Give feedback, a complaint or praise",
    "receipt_title": "Thank you! We have received your message",
    "switch": ("På svenska", "sv"),
    "intro": [
        "Here you can tell us what you think of a service, such as home care or a care home.",
        "You can complain, make a suggestion or give praise.",
        "You do not need to log in.",
    ],
    "next_title": "What happens next?",
    "next": [
        "You get a case number as soon as you have sent the form.",
        "The unit reads what you have written.",
        ("If you give an e-mail address or a phone number, we contact you within "
         "{acknowledge} working days."),
        "You usually get an answer within {answer} working days.",
        "We do not answer praise, but we pass it on to the staff.",
    ],
    "required_note": "You may leave out the fields marked (optional). The rest are needed.",
    "optional": "(optional)",
    "unit": "Which unit is it about?",
    "unit_hint": "Type the name of the unit or the service, for example “hemtjänst Aspudden”.",
    "type": "What would you like to send?",
    "types": {"klagomal": "A complaint", "synpunkt": "A comment or a suggestion",
              "berom": "Praise"},
    "categories": "What is it about?",
    "categories_hint": "For complaints and comments. Choose one or more, or none.",
    "description": "Tell us what it is about",
    "description_hint": ("Write what happened, when and where. Do not write personal identity "
                         "numbers."),
    "source": "Who are you?",
    "sources": {"brukare": "I receive help from the unit",
                "narstaende": "I am a relative, guardian or close to someone who does",
                "annan": "Someone else"},
    "contact_title": "How can we reach you?",
    "contact_hint": ("Would you like an answer? Give an e-mail address or a phone number. With an "
                     "e-mail address you get a receipt (in Swedish)."),
    "name": "Your name",
    "contact_email": "E-mail",
    "phone": "Phone",
    "anonymous": "I want to stay anonymous",
    "anonymous_hint": ("If you are anonymous we cannot answer you. A name, e-mail address or "
                       "phone number you have written is not saved."),
    "attachments": "Photos or documents",
    "attachments_hint": ("At most {files} files of {mb} MB each: PDF, JPEG, PNG, HEIC, Word, "
                         "Excel or text. Photos are saved without their location and other "
                         "metadata."),
    "honeypot": "Leave this field empty",
    "submit": "Send",
    "accessibility": "Accessibility of the e-service (in Swedish)",
    "limit": "At most {limit} characters.",
    "error_title": "There is a problem with the form",
    "error_prefix": "Error: ",
    "skip": "Skip to content",
    "receipt_number": "Your case number is",
    "receipt_unit": "Unit",
    "receipt_type": "You sent",
    "receipt_mail": "We have sent a receipt to your e-mail address (in Swedish).",
    "receipt_anonymous": "You are anonymous, so we cannot answer you.",
    "receipt_answer": "You will usually get an answer by {day}.",
    "receipt_keep": "Keep the number. Mention it if you contact us about the case.",
    "receipt_gone": ("The receipt is shown only for a short while after you sent the form. If "
                     "you gave an e-mail address, the receipt is in your e-mail."),
    "again": "Send something else",
    "unit_missing": "Type which unit it is about.",
    "unit_unknown": "We cannot find a unit with that name.",
    "unit_ambiguous": "Several units match.",
    "unit_close": "Did you mean: {names}?",
    "unit_pick": "Choose a name from the list or type the whole name.",
    "type_missing": "Choose a complaint, a comment or praise.",
    "description_missing": "Write what it is about.",
    "too_fast": ("The form was sent very quickly, as if by a program. Read it through and send "
                 "it again."),
    "honeypot_filled": ("Something in the form looks as if it was filled in automatically. Read "
                        "it through and send it again."),
    "stale": "The form has been open for a long time. Read it through and send it again.",
    "reload": "The form is missing some information. Reload the page and try again.",
    "too_many_title": "Many messages right now",
    "too_many": ("Many messages have come from here or to this unit in a short time. Try again "
                 "in {wait}. What you wrote was not saved."),
    "too_many_call": "Is it urgent? Call the unit or the municipality's contact centre.",
}

WORDS = {"sv": SV, "en": EN}

#: The shared checks' messages the form can meet, in English.
_ENGLISH = {
    "Skriv inte personnummer här.": "Do not write a personal identity number here.",
    EMAIL_BAD: "Write the whole e-mail address, for example name@example.com.",
    validation.UNIT_CLOSED: "The unit is closed and takes no new cases.",
    validation.NOT_AN_ENHET: "Choose a unit from the list.",
    validation.CHOOSE_TYPE: EN["type_missing"],
    validation.DESCRIPTION_MISSING[validation.CaseType.KLAGOMAL]: EN["description_missing"],
    validation.CHOOSE_ONE: "Choose one of the options.",
}
_TOO_LONG = re.compile(r"Texten får vara högst ([\d\u00a0]+) tecken; den här har ([\d\u00a0]+)\.")


def language(requested: str | None) -> str:
    return requested if requested in LANGUAGES else "sv"


def limit_hint(limit: int, lang: str) -> str:
    return WORDS[lang]["limit"].format(limit=swedish_number(limit) if lang == "sv"
                                       else f"{limit:,}")


def english(message: str) -> str:
    """``message`` of a shared check in English; one it does not know stays as it is."""
    if message in _ENGLISH:
        return _ENGLISH[message]
    if found := _TOO_LONG.fullmatch(message):
        limit, length = (int(n.replace("\u00a0", "")) for n in found.groups())
        return f"The text may be at most {limit:,} characters; this one has {length:,}."
    return message
