"""The legal cases of the demo, each told whole: the rapport or event and every step's texts.

Lex Sarah after IVO's structure for an utredning (what happened, why, what prevents it from
happening again), lex Maria as the MAS records it, breaches as GDPR art. 33.5 asks them to be
documented. No names: roles and initials at most.
"""
from typing import NamedTuple


class SarahThread(NamedTuple):
    description: str
    #: What the reporter did at once, in the rapport.
    reported_measures: str
    protective_measures: str
    what_happened: str
    why: str
    prevention: str
    measures: str
    action: str
    feedback: str
    lessons: str
    summary: str


class MariaThread(NamedTuple):
    description: str
    event: str
    investigation: str
    action: str
    summary: str


class BreachThread(NamedTuple):
    description: str
    what_happened: str
    data_categories: str
    consequences: str
    measures: str
    not_notified_reason: str
    not_informed_reason: str
    action: str
    summary: str


SARAH = (
    SarahThread(
        "Brukaren blev utan tillsyn under natten på grund av ett missat besök.",
        "Ringde nattpatrullen, som gjorde ett extra besök.",
        "Extra tillsynsbesök samma natt; nattpatrullens lista kontrollerades.",
        "Ett planerat tillsynsbesök kl. 02 föll bort ur nattpatrullens lista och brukaren "
        "fick ingen tillsyn mellan kl. 22 och 07.",
        "Listan skrevs ut innan en ändring i planeringen sparats, och ingen jämförde den med "
        "besluten.",
        "Nattpatrullen stämmer av listan mot planeringen vid passets början; planerarna "
        "sparar ändringar före kl. 20.",
        "Ny rutin för nattpatrullens lista; genomgång med alla nattmedarbetare.",
        "Genomgång av rutinen med nattpatrullen och planerarna.",
        "Tack för rapporten. Utredningen visar att listan inte stämde med planeringen; ny "
        "rutin gäller från och med nu.",
        "Listor ska stämmas av mot planeringen vid varje pass, inte bara när de skrivs ut.",
        "Missat tillsynsbesök på natten. Ny rutin för avstämning av nattpatrullens lista."),
    SarahThread(
        "Medarbetare uppmärksammade att brukaren inte fått sina måltider under helgen.",
        "Värmde mat åt brukaren och meddelade planeraren.",
        "Brukaren fick mat samma dag; måltidsstödet lades in på fasta tider.",
        "Måltidsstödet under lördag och söndag utfördes inte; brukaren hade äldre matlådor "
        "i kylen.",
        "Helgpersonalen hade inte fått information om att brukaren behöver stöd vid "
        "måltiderna, bara leverans.",
        "Insatsen står nu tydligt i genomförandeplanen och i helgpersonalens arbetslista.",
        "Genomgång av genomförandeplaner för brukare med måltidsstöd.",
        "Kontroll av alla genomförandeplaner med måltidsstöd.",
        "Tack för rapporten. Alla genomförandeplaner med måltidsstöd är kontrollerade.",
        "Insatser som bara står i journalen når inte helgpersonalen; arbetslistan ska visa dem.",
        "Uteblivet måltidsstöd under en helg. Genomförandeplaner och arbetslistor är "
        "kontrollerade."),
    SarahThread(
        "Utskick med sekretessuppgifter skickades till fel person.",
        "Meddelade enhetschefen och bad mottagaren att lämna tillbaka brevet.",
        "Mottagaren kontaktades och lämnade tillbaka utskicket samma dag.",
        "Ett brev med uppgifter om brukarens insatser skickades till en tidigare adress där "
        "en annan person bor.",
        "Adressen i verksamhetssystemet var inte uppdaterad efter flytten.",
        "Adressen kontrolleras mot folkbokföringen före varje utskick med "
        "sekretessuppgifter.",
        "Rutin för kontroll av adress före utskick.",
        "Kontroll av adressuppgifter för alla brukare som flyttat under året.",
        "Tack för rapporten. Rutinen för utskick är ändrad och adresserna är kontrollerade.",
        "Uppgifter om flytt ska föras in samma dag som enheten får veta det.",
        "Utskick till fel adress. Ny kontroll av adress före utskick."),
    SarahThread(
        "Brukaren J.L. lämnades ensam trots beslut om dubbelbemanning.",
        "Avbröt förflyttningen och kallade in en kollega.",
        "Ytterligare en medarbetare skickades direkt; dubbelbemanningen lades in på nytt.",
        "En medarbetare gick ensam till brukaren vid två tillfällen trots beslut om "
        "dubbelbemanning vid förflyttning.",
        "Den andra medarbetaren blev sjuk och ersättaren planerades inte in; "
        "dubbelbemanningen syntes inte i planeringen.",
        "Dubbelbemanning markeras i planeringen så att ett besök inte kan planeras med en "
        "medarbetare.",
        "Markering av dubbelbemanning i planeringsverktyget; genomgång med planerarna.",
        "Genomgång av alla beslut om dubbelbemanning med planerarna.",
        "Tack för rapporten. Dubbelbemanning syns nu i planeringen och kan inte missas.",
        "Ett beslut som bara finns i pappersakten följs inte; det ska synas där planeringen görs.",
        "Dubbelbemanning uteblev. Beslutet syns nu i planeringsverktyget."),
)

#: What the anmälan to IVO consisted of, and what IVO decided.
IVO_DOCUMENTS = "Anmälan enligt IVO:s blankett, utredningen och bedömningen."
IVO_DECISIONS = (
    "IVO avslutar ärendet; vårdgivaren har utrett och vidtagit åtgärder.",
    "IVO avslutar ärendet och förutsätter att åtgärderna följs upp.",
)

MARIA = (
    MariaThread(
        "Läkemedelsdos uteblev vid kvällsbesöket; sjuksköterska kontaktades.",
        "Kvällsdosen av ett hjärtläkemedel gavs inte; upptäcktes vid morgonbesöket.",
        "Signeringslistan saknade kvällsdosen efter en ändring av ordinationen; "
        "sjuksköterskan uppdaterade inte listan samma dag.",
        "Ordinationsändringar förs in i signeringslistan innan sjuksköterskan går för dagen.",
        "Läkemedelsdos uteblev efter en ändrad ordination. Rutinen för ordinationsändringar "
        "är skärpt."),
    MariaThread(
        "Brukaren föll vid förflyttning; bedömning av vårdskada pågår.",
        "Brukaren föll vid förflyttning från säng till rullstol och fick en höftfraktur.",
        "Förflyttningen gjordes utan lyft trots arbetsterapeutens ordination; lyften var "
        "urladdad.",
        "Lyften laddas varje kväll och kontrolleras vid passets början; förflyttningar utan "
        "lyft görs inte.",
        "Fall vid förflyttning. Rutin för laddning och kontroll av lyft."),
)

BREACH = (
    BreachThread(
        "Lista med kunduppgifter lämnades kvar i personalrummet.",
        "En utskriven lista med namn och adresser till brukare låg kvar i personalrummet, "
        "dit besökare har tillträde.",
        "Namn, adress, portkod.",
        "Liten risk: listan låg där under en förmiddag och ingen obehörig tros ha läst den.",
        "Listan är förstörd; utskrifter av listor är inte längre tillåtna.",
        "Incidenten innebär sannolikt ingen risk för de registrerades rättigheter: listan "
        "låg i ett låst personalrum.",
        "Låg risk; informationen hade inte spridits.",
        "Påminnelse till alla medarbetare om att inte skriva ut listor.",
        "Lista med kunduppgifter kvarglömd. Utskrifter av listor är inte tillåtna."),
    BreachThread(
        "E-post med personuppgifter skickades till fel mottagare.",
        "Ett mejl med uppgifter om en brukares insatser skickades till en extern mottagare "
        "med liknande namn.",
        "Namn, insatser, hälsouppgifter.",
        "Känsliga uppgifter har lämnats till en obehörig.",
        "Mottagaren har bekräftat att mejlet är raderat.",
        "Mottagaren raderade mejlet inom en timme och har bekräftat det skriftligt.",
        "Mottagaren har raderat mejlet; risken bedöms som låg.",
        "Genomgång av rutinen för e-post med personuppgifter; krypterad e-post används.",
        "E-post till fel mottagare. Krypterad e-post används för personuppgifter."),
    BreachThread(
        "Mobiltelefon med arbetsappar tappades bort under passet.",
        "En tjänstetelefon med appar för planering och dokumentation tappades bort.",
        "Namn, adresser, insatser.",
        "Obehöriga kan ha kommit åt uppgifter om brukare om telefonen inte var låst.",
        "Telefonen spärrades och raderades på distans inom en timme.",
        "Telefonen var låst med kod och raderades på distans innan någon kunde komma åt den.",
        "Telefonen raderades på distans; ingen uppgift tros ha lästs.",
        "Kontroll att alla tjänstetelefoner har skärmlås och fjärradering.",
        "Borttappad tjänstetelefon. Alla telefoner har skärmlås och fjärradering."),
)
