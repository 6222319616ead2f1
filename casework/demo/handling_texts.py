"""What a deputy manager records while handling a demo case, in the voice of the seed reports.

A thread is one case's handling told in three texts that belong together: the åtgärd taken,
what the återkoppling said, and the closing summary that feeds the report's "Sammanfattning
och planerade åtgärder". Threads are keyed by taxonomy category where one fits, else by case
type. No names: roles and initials at most, as the routines ask of real cases.
"""
from typing import NamedTuple


class Thread(NamedTuple):
    action: str
    feedback: str
    summary: str


BY_CATEGORY = {
    "bemotande": (
        Thread("Samtal med berörda medarbetare om bemötande och om brukarens önskemål.",
               "Bad om ursäkt för bemötandet och berättade att vi har pratat med medarbetarna "
               "och tar upp bemötande på nästa APT.",
               "Bemötandet brast vid ett besök. Samtal med medarbetarna; bemötande tas upp på "
               "APT och i introduktionen av nya medarbetare."),
        Thread("Gick igenom genomförandeplanen med brukaren och kontaktpersonen.",
               "Berättade att genomförandeplanen är uppdaterad med hur brukaren vill ha hjälpen "
               "och att kontaktpersonen följer upp om en månad.",
               "Brukarens önskemål fanns inte i genomförandeplanen. Planen är uppdaterad och "
               "följs upp av kontaktpersonen."),
    ),
    "utebliven_insats": (
        Thread("Gick igenom planeringen för veckan; insatsen hade fallit bort vid en "
               "schemaändring och är nu inlagd igen.",
               "Bad om ursäkt för att insatsen uteblev och berättade att schemat nu kontrolleras "
               "efter varje ändring.",
               "Insatsen föll bort vid en schemaändring. Planerarna kontrollerar nu schemat mot "
               "besluten efter varje ändring."),
        Thread("Utredde förseningen med planerarna; för få medarbetare i tjänst på morgonen.",
               "Förklarade varför besöket blev försenat och att morgonpassen nu har en "
               "medarbetare till. Brukaren ska få besked om besöket blir sent.",
               "Försenade morgonbesök på grund av underbemanning. Morgonpassen är förstärkta och "
               "brukaren får ett samtal vid förseningar över 30 minuter."),
    ),
    "bemanning": (
        Thread("Såg över vilka medarbetare som går till brukaren och minskade antalet.",
               "Berättade att brukaren nu har en fast grupp på fyra medarbetare och att "
               "vikarier introduceras innan de går ensamma.",
               "Bristande kontinuitet. Brukaren har fått en fast grupp medarbetare och vikarier "
               "introduceras före första besöket."),
    ),
    "information": (
        Thread("Skickade ut information om de nya besökstiderna till alla berörda.",
               "Bad om ursäkt för att informationen inte kom fram och skickade den skriftligt.",
               "Information om ändrade tider nådde inte fram. Ändringar meddelas nu både "
               "muntligt och skriftligt."),
        Thread("Gick igenom avgiftsbeslutet tillsammans med brukaren.",
               "Förklarade hur avgiften räknas och vart brukaren vänder sig med frågor om "
               "beslutet.",
               "Informationen om avgiften var svår att förstå. Enheten använder nu stadens "
               "förenklade informationsblad."),
    ),
    "beslut": (
        Thread("Kontaktade biståndshandläggaren om brukarens behov.",
               "Berättade att biståndshandläggaren kontaktats och att brukaren kan begära "
               "omprövning av beslutet.",
               "Missnöje med beslutet. Brukaren har hänvisats till biståndshandläggaren och fått "
               "information om hur en omprövning begärs."),
    ),
    "kompetens": (
        Thread("Bokade utbildning för arbetsgruppen i förflyttning och hjälpmedel.",
               "Berättade att arbetsgruppen får utbildning i förflyttning och hjälpmedel under "
               "månaden.",
               "Brister i kunskap om hjälpmedel. Arbetsgruppen har utbildats och nya medarbetare "
               "går utbildningen under introduktionen."),
        Thread("Anmälde medarbetarna till stadens utbildning om demens.",
               "Berättade att medarbetarna går utbildningen om demens och att kontaktpersonen "
               "stämmer av med närstående efteråt.",
               "Behov av mer kunskap om demens. Medarbetarna utbildas och kunskapen följs upp i "
               "medarbetarsamtalen."),
    ),
    "tillganglighet": (
        Thread("Ändrade telefontiderna så att enheten svarar hela förmiddagen.",
               "Berättade om de nya telefontiderna och att mejl besvaras inom två arbetsdagar.",
               "Svårt att nå enheten. Telefontiderna är utökade och mejl besvaras inom två "
               "arbetsdagar."),
    ),
    "fysisk_miljo": (
        Thread("Felanmälde till fastighetsägaren och bad om sandning och städning.",
               "Berättade att fastighetsägaren åtgärdat felet och att enheten följer upp varje "
               "vecka under vintern.",
               "Brister i den fysiska miljön. Felanmält till fastighetsägaren och följs upp "
               "veckovis."),
    ),
    "teknik": (
        Thread("Felanmälde låset och trygghetslarmet till leverantören, som bytte batteri.",
               "Berättade att låset och larmet är lagade och att larmet testas varje månad.",
               "Tekniska fel på lås och larm. Leverantören har åtgärdat felen och enheten testar "
               "larmen månatligen."),
    ),
    "mat": (
        Thread("Kontaktade matleverantören om temperaturen vid leverans.",
               "Berättade att leverantören ändrat leveranstiden så att maten kommer varm och "
               "att vi följer upp med brukaren.",
               "Kall mat vid leverans. Leverantören har ändrat sina leveranstider; uppföljning "
               "med brukaren efter två veckor."),
    ),
    "fraga_ide": (
        Thread("Tog upp förslaget med arbetsgruppen och planerade in det.",
               "Tackade för förslaget och berättade att det är inplanerat från nästa månad.",
               "Förslag från brukare. Förslaget är genomfört och utvärderas i höst."),
        Thread("Undersökte möjligheten att ändra tiden i planeringen.",
               "Berättade att tiden kan ändras från nästa vecka och bekräftade den nya tiden.",
               "Fråga om ändrad tid. Tiden är ändrad efter brukarens önskemål."),
    ),
    "personuppgifter": (
        Thread("Kontrollerade adressuppgifterna i verksamhetssystemet och rättade dem.",
               "Bad om ursäkt och berättade att uppgifterna är rättade och att rutinen för "
               "utskick är genomgången.",
               "Fel i hanteringen av personuppgifter. Uppgifterna är rättade och rutinen för "
               "utskick har gåtts igenom med medarbetarna."),
    ),
    "halso_sjukvard": (
        Thread("Kontaktade sjuksköterskan och gick igenom signeringslistan.",
               "Berättade att sjuksköterskan gått igenom läkemedelshanteringen med "
               "medarbetarna.",
               "Brist i hälso- och sjukvårdsinsats. Läkemedelsrutinen är genomgången med "
               "sjuksköterska och medarbetare."),
    ),
    "brister_rutiner": (
        Thread("Gick igenom rutinen med arbetsgruppen på morgonmötet.",
               "Berättade att rutinen är genomgången med alla medarbetare och följs upp.",
               "Rutinen följdes inte. Den är genomgången med arbetsgruppen och följs upp vid "
               "stickprov."),
    ),
    "annat": (
        Thread("Utredde synpunkten och tog kontakt med berörda.",
               "Berättade vad vi gjort och tackade för att synpunkten lämnades.",
               "Synpunkten är omhändertagen och åtgärdad."),
    ),
    "annat_ej_personal": (
        Thread("Felanmälde till fastighetsägaren.",
               "Berättade att felet är anmält och när det beräknas vara åtgärdat.",
               "Fel i lokalen, anmält till fastighetsägaren och åtgärdat."),
    ),
    "avv_utforande": (
        Thread("Jämförde utförandet med beställningen och rättade planeringen.",
               "Tack för avvikelsen. Planeringen är rättad efter beställningen och rutinen för "
               "att läsa nya beställningar tas upp på APT.",
               "Insatsen utfördes inte enligt beställning. Planeringen är rättad och rutinen för "
               "nya beställningar är förtydligad."),
        Thread("Gick igenom tillsynstiderna med nattpatrullen.",
               "Tack för rapporten. Tillsynstiderna är genomgångna med nattpatrullen och följs "
               "upp varje vecka en månad framåt.",
               "Tillsyn vid fel tid. Tiderna är genomgångna med nattpatrullen och följs upp."),
    ),
    "avv_bemotande": (
        Thread("Samtal med berörd medarbetare om bemötande.",
               "Tack för att du rapporterade. Jag har pratat med berörd medarbetare och vi tar "
               "upp bemötande på APT.",
               "Brister i bemötande. Samtal med medarbetaren och bemötande tas upp på APT."),
    ),
    "avv_rattssakerhet": (
        Thread("Gick igenom ärendet i verksamhetssystemet och rättade handläggningen.",
               "Tack för avvikelsen. Handläggningen är rättad och rutinen är genomgången med "
               "handläggarna.",
               "Brist i rättssäkerheten vid handläggning. Rättat och rutinen genomgången."),
        Thread("Kontaktade mottagaren och bad om radering; kontrollerade adresslistan.",
               "Tack för avvikelsen. Mottagaren har raderat e-posten och adresslistan är "
               "kontrollerad.",
               "E-post till fel mottagare. Mottagaren har raderat den; rutinen för att "
               "kontrollera mottagare är förtydligad."),
    ),
    "avv_fysisk_miljo": (
        Thread("Tog hjälpmedlet ur bruk och beställde ett nytt.",
               "Tack för rapporten. Ett nytt hjälpmedel är beställt och det gamla är taget ur "
               "bruk.",
               "Brist i utrustning. Hjälpmedlet är ersatt och kontroll av hjälpmedel läggs in i "
               "rutinen."),
    ),
    "avv_annat": (
        Thread("Kontaktade den andra verksamheten och bad om rättelse.",
               "Tack för avvikelsen. Den andra verksamheten är kontaktad och har rättat felet.",
               "Fel hos annan verksamhet. Kontaktad och rättat."),
    ),
}

BY_TYPE = {
    "klagomal": (
        Thread("Utredde klagomålet med berörda medarbetare.",
               "Berättade vad utredningen visade och vad vi ändrar.",
               "Klagomålet är utrett och åtgärdat."),
    ),
    "synpunkt": (
        Thread("Tog upp synpunkten med arbetsgruppen.",
               "Tackade för synpunkten och berättade hur vi tar den vidare.",
               "Synpunkten är omhändertagen."),
    ),
    "avvikelse": (
        Thread("Gick igenom händelsen med arbetsgruppen.",
               "Tack för avvikelsen. Händelsen är genomgången med arbetsgruppen.",
               "Avvikelsen är utredd och åtgärdad."),
    ),
}

#: A second åtgärd, some time after the first.
FOLLOW_UPS = (
    "Följde upp med brukaren efter två veckor; det fungerar nu bra.",
    "Stämde av med kontaktpersonen att ändringen genomförts.",
    "Följde upp på arbetsgruppens möte att rutinen efterlevs.",
    "Stickprov i planeringen visar att ändringen håller.",
)

#: A first återkoppling that only confirms the case came in, given before the answer.
ACKNOWLEDGEMENTS = {
    "klagomal": "Bekräftade att klagomålet kommit in och att vi återkommer inom två veckor.",
    "synpunkt": "Tackade för synpunkten och berättade att vi återkommer när vi har tittat på den.",
}

PRAISE_SUMMARIES = (
    "Berömmet är framfört till arbetsgruppen.",
    "Berömmet är framfört till berörda medarbetare.",
)
PRAISE_APT_SUMMARY = "Berömmet tas upp på nästa APT och framförs där till medarbetarna."
