"""Short Swedish case descriptions for demo data, in the voice of the seed reports.

No names or personal identity numbers: initials at most, as the routines ask of real cases.
Keyed by taxonomy category where one fits, else by case type.
"""
from casework.demo.legal_texts import BREACH, MARIA, SARAH

BY_CATEGORY = {
    "bemotande": (
        "Närstående upplever att personalen var stressad och kort i tonen vid kvällsbesöket.",
        "Brukaren A.K. tycker att personalen inte lyssnar på önskemål om hur hjälpen utförs.",
        "Brukaren upplevde att medarbetaren pratade i telefon under hela besöket.",
    ),
    "utebliven_insats": (
        "Dusch blev inte utförd enligt genomförandeplanen under veckan.",
        "Inköp uteblev; brukaren fick vänta till nästa dag.",
        "Morgonbesöket kom över en timme för sent utan att brukaren fick besked.",
    ),
    "bemanning": (
        "Många olika medarbetare på kort tid; brukaren önskar bättre kontinuitet.",
        "Vikarie utan introduktion kom till besöket och hittade inte nyckeln.",
    ),
    "information": (
        "Närstående fick inte besked om ändrade besökstider.",
        "Brukaren förstod inte informationen om avgiften för insatsen.",
    ),
    "beslut": (
        "Brukaren är missnöjd med beslutet om minskad tid för städning.",
        "Närstående väntar fortfarande på beslut om utökad tillsyn.",
    ),
    "kompetens": (
        "Personalen visste inte hur rollatorn skulle fällas ihop på ett säkert sätt.",
        "Närstående anser att personalen saknar kunskap om demens.",
    ),
    "tillganglighet": (
        "Svårt att nå enheten på telefon under förmiddagen.",
        "Ingen svarade på mejl till enheten under en hel vecka.",
    ),
    "fysisk_miljo": (
        "Trappan in till lokalen var hal och inte sandad.",
        "Städningen i gemensamma utrymmen upplevs bristfällig.",
    ),
    "teknik": (
        "Det nyckelfria låset fungerade inte och personalen kom inte in.",
        "Trygghetslarmet gick inte fram vid test.",
    ),
    "mat": (
        "Matlådorna levererades kalla vid två tillfällen.",
        "Önskemål om mer varierad kost till kvällsmålet.",
    ),
    "fraga_ide": (
        "Förslag om fler promenader utomhus under sommaren.",
        "Fråga om möjligheten att byta tid för morgonbesöket.",
        "Idé om en gemensam fikastund för brukare i området.",
    ),
    "personuppgifter": (
        "Brev med uppgifter om brukaren skickades till fel adress.",
        "Närstående undrar varför en medarbetare läst journalen utan att arbeta hos brukaren.",
    ),
    "halso_sjukvard": (
        "Läkemedel gavs vid fel tidpunkt enligt närstående.",
        "Brukaren fick inte hjälp att komma i kontakt med sjuksköterska.",
    ),
    "brister_rutiner": (
        "Nyckel lämnades inte tillbaka enligt rutin.",
        "Dokumentationen efter besöket saknades flera dagar i rad.",
    ),
    "annat": (
        "Synpunkt på parkeringen utanför entrén.",
        "Önskemål om att få samma besökstid varje vecka.",
    ),
    "annat_ej_personal": (
        "Synpunkt på skyltningen till lokalen.",
        "Hissen i fastigheten har varit trasig i två veckor.",
    ),
    "avv_utforande": (
        "Insatsen utfördes inte enligt beställning; uppmärksammades vid uppföljning.",
        "Tillsyn på natten gjordes vid fel tid.",
        "Insatser utförs inte enligt gällande beställning enligt samverkanspart.",
    ),
    "avv_bemotande": (
        "Medarbetare upplevde att en kollega bemötte brukaren ovarsamt.",
        "Brukaren blev tilltalad på ett sätt som upplevdes kränkande.",
    ),
    "avv_rattssakerhet": (
        "Förslag till beslut låg kvar utan åtgärd i verksamhetssystemet.",
        "E-post med kunduppgifter skickades till fel mottagare och återkallades.",
        "Rutinen för utskrivning från sjukhus följdes inte.",
    ),
    "avv_fysisk_miljo": (
        "Lyftselen var sliten och togs ur bruk.",
        "Trygghetslarmet fungerade inte vid kontroll.",
    ),
    "avv_annat": (
        "Transportbeställningen blev felaktig.",
        "Läkarintyg saknas trots flera påminnelser till vårdcentralen.",
    ),
}

BY_TYPE = {
    "klagomal": ("Klagomål på hur insatsen utförts.",),
    "synpunkt": ("Synpunkt på verksamheten.",),
    "avvikelse": ("Händelse som avviker från rutin; se bifogad avvikelserapport.",),
    "berom": (
        "Tack till personalen för fint bemötande under hösten.",
        "Närstående vill framföra beröm för god kontinuitet.",
        "Brukaren är mycket nöjd med hjälpen vid dusch.",
        "Tack för trevligt sällskap vid promenaderna.",
        "Beröm till arbetsgruppen för snabb hjälp efter sjukhusvistelsen.",
    ),
    # The legal cases' descriptions come with the rest of their story.
    "lex_sarah": tuple(thread.description for thread in SARAH),
    "lex_maria": tuple(thread.description for thread in MARIA),
    "personuppgiftsincident": tuple(thread.description for thread in BREACH),
}
