"""Realistic Dutch tips for the archive tests, written for this project, with the groups a trainer would make.

Each entry is (group label, text). Tips with the same label are near-duplicates that the archive must group; a
label of None is a tip that must stay on its own. Several pairs look alike on the surface but mean something else
("koffie halen" for yourself versus coffee offered to a visitor; "luisteren" versus "samenvatten"): they must stay
apart.
"""
from __future__ import annotations

FRIS_BLIJVEN = [
    # counting to ten: typos, digits, number words, punctuation
    ("tellen", "Top 10 tellen"),
    ("tellen", "tot tien tellen"),
    ("tellen", "10 tellen!"),
    ("tellen", "Tot 10 tellen."),
    ("tellen", "Even tot tien tellen"),
    ("tellen", "TOT TIEN TELLEN!!!"),
    ("tellen", "tot tien tellen voordat je reageert"),
    ("tellen", "Eerst tot tien tellen voor je iets zegt"),
    # a coffee break for yourself
    ("koffie", "Even koffie halen!"),
    ("koffie", "koffie halen"),
    ("koffie", "Even een kop koffie halen"),
    ("koffie", "Kopje koffie halen"),
    ("koffie", "even koffie haleN"),
    ("koffie", "Ff koffie halen"),
    # offering the visitor something: not the same idea as a coffee break
    ("aanbieden", "Bezoeker eerst koffie of thee aanbieden"),
    ("aanbieden", "De klant eerst een kopje koffie of thee aanbieden"),
    ("aanbieden", "Biedt de bezoeker koffie of thee aan"),
    ("aanbieden", "Eerst koffie of thee aanbieden aan de bezoeker"),
    # breathing
    ("ademen", "Diep ademhalen"),
    ("ademen", "Even diep ademhalen"),
    ("ademen", "diep adem halen"),
    ("ademen", "Rustig diep ademhalen."),
    ("ademen", "Eerst even diep ademhalen"),
    # a walk
    ("rondje", "Een rondje lopen"),
    ("rondje", "Even een rondje lopen"),
    ("rondje", "rondje lopen!"),
    ("rondje", "Een rondje om het gebouw lopen"),
    ("rondje", "Rondje lopen buiten"),
    # listen first, then summarise
    ("samenvatten", "Eerst luisteren, dan samenvatten"),
    ("samenvatten", "Eerst luisteren en dan samenvatten"),
    ("samenvatten", "Luisteren, dan samenvatten"),
    ("samenvatten", "eerst luisteren dan pas samenvatten"),
    ("samenvatten", "Eerst goed luisteren en daarna samenvatten"),
    # "so if I understand you correctly"
    ("begrijp", "Samenvatten met 'dus als ik u goed begrijp'"),
    ("begrijp", "Beginnen met: dus als ik u goed begrijp..."),
    ("begrijp", "\"Dus als ik het goed begrijp\" zeggen"),
    ("begrijp", "Dus als ik u goed begrijp, ..."),
    # treat people as you want to be treated
    ("behandelen", "Behandel mensen zoals je zelf behandeld wilt worden"),
    ("behandelen", "Behandel een ander zoals je zelf behandeld wil worden"),
    ("behandelen", "behandel anderen zoals jij behandeld wilt worden"),
    ("behandelen", "Mensen behandelen zoals je zelf behandeld wil worden"),
    # smile on the phone
    ("glimlach", "Met een glimlach de telefoon opnemen"),
    ("glimlach", "Neem de telefoon op met een glimlach"),
    ("glimlach", "telefoon opnemen met een glimlach :)"),
    ("glimlach", "Met een glimlach opnemen"),
    # passion
    ("passie", "Passie voor je vak houden"),
    ("passie", "Je passie voor het vak vasthouden"),
    ("passie", "passie voor je vak blijven houden"),
    # enjoy all kinds of people
    ("genieten", "Genieten van alle soorten mensen"),
    ("genieten", "Geniet van al die verschillende mensen"),
    ("genieten", "Genieten van alle verschillende soorten mensen die je spreekt"),
    # say what you do, do what you say
    ("zeggen-doen", "Zeg wat je doet en doe wat je zegt"),
    ("zeggen-doen", "Doe wat je zegt, zeg wat je doet!"),
    ("zeggen-doen", "zeg wat je doet, doe wat je zegt"),
    # not working: say so and call back
    ("terugbellen", "Als het niet lukt, zeg dat en bel later terug"),
    ("terugbellen", "Lukt het niet? Zeg dat dan en bel later terug"),
    ("terugbellen", "Als het niet lukt gewoon zeggen en later terugbellen"),
    # accents and spelling
    ("cafe", "Naar het café om de hoek"),
    ("cafe", "Naar het cafe om de hoek!"),
    # on their own: venting, jokes and one-off ideas
    (None, "Vrijdagmiddagborrel!!"),
    (None, "Vakantie boeken"),
    (None, "Collega's om hulp vragen als het te veel wordt"),
    (None, "Muziek luisteren in de pauze"),
    (None, "Op tijd naar huis gaan"),
    (None, "Water drinken"),
    (None, "Niet alles persoonlijk opvatten"),
    (None, "Sporten na het werk"),
    (None, "Stoom afblazen bij een collega"),
    (None, "Chocola in de la"),
    (None, "Luisteren naar wat de klant echt bedoelt"),
    (None, "Twee minuten stilte voor jezelf"),
]

NEE_ZEGGEN = [
    ("helaas", "Dat kan ik helaas niet veranderen."),
    ("helaas", "Helaas kan ik dat niet veranderen"),
    ("helaas", "dat kan ik helaas niet veranderen, meneer"),
    ("merk", "Ik merk dat u hier boos over bent"),
    ("merk", "Ik merk dat u hier erg boos over bent."),
    ("merk", "ik merk dat u boos bent"),
    ("afronden", "We herhalen onszelf, wat ik wel kan doen is..."),
    ("afronden", "We gaan in herhaling. Wat ik wel voor u kan doen is ..."),
    ("afronden", "We herhalen ons. Wat ik wel kan doen:"),
    ("afronden", "Wat ik wel kan doen is..."),
    ("afronden", "Wat ik wél kan doen:"),
    (None, "Ik snap dat dit niet het antwoord is waarop u hoopte"),
    (None, "Zullen we samen kijken naar de vrije sector?"),
    (None, "Er is een klachtencommissie, zal ik uitleggen hoe dat werkt?"),
]


def groups_of(data: list[tuple[str | None, str]]) -> dict[str, set[str]]:
    """Expected groups: label -> set of texts."""
    expected: dict[str, set[str]] = {}
    for label, text in data:
        if label is not None:
            expected.setdefault(label, set()).add(text)
    return expected
