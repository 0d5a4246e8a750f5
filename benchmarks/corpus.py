"""A deterministic synthetic library of sales assets, and the queries reps type against it.

The assets read like a field-operations SaaS vendor's sales content: case studies, email templates,
testimonials, white papers and sales aids about scheduling, dispatch, inspections and compliance for
construction crews, home health nurses, cold-chain fleets and the like. Everyday words follow a
Zipf-like frequency curve; customer, people, place and equipment names make the vocabulary keep
growing with the library, as a real one does. Asset `n` is the same in every run and can be rebuilt
on its own, so the library is streamed rather than held in memory.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

KINDS = ("case_study", "email_template", "testimonial", "white_paper", "sales_aid")
KIND_WEIGHTS = (30, 20, 15, 15, 20)
MARKETS = ("construction", "healthcare", "logistics", "utilities", "facilities", "telecom",
           "energy", "manufacturing", "hospitality", "retail", "government", "education")
PERSONAS = ("Operations Director", "Field Service Manager", "CFO", "IT Director",
            "Safety Manager", "Dispatcher", "COO", "Owner")
STAGES = ("discovery", "evaluation", "proposal", "negotiation", "onboarding", "renewal",
          "expansion")
PRODUCTS = ("Fieldline Schedule", "Fieldline Dispatch", "Fieldline Inspect", "Fieldline Mobile",
            "Fieldline Insights", "Fieldline Inventory", "Fieldline Billing", "Fieldline Safety")
COMPETITORS = ("CrewGrid", "Dispatchly", "RouteWise", "FieldPro", "TaskTrack", "WorkOrderly")

INDUSTRIES = {
    "construction": ["general contractors", "specialty trades", "concrete crews", "roofing crews",
                     "electrical contractors", "civil engineering firms"],
    "healthcare": ["home health agencies", "hospice providers", "visiting nurses",
                   "medical device service teams", "outpatient clinics"],
    "logistics": ["cold chain fleets", "last mile carriers", "freight terminals",
                  "food distribution fleets", "warehouse operators"],
    "utilities": ["water utilities", "electric cooperatives", "gas distribution crews",
                  "meter reading teams"],
    "facilities": ["facilities management firms", "HVAC contractors", "elevator maintenance teams",
                   "fire protection inspectors", "janitorial services"],
    "telecom": ["fiber installers", "cable technicians", "tower maintenance crews"],
    "energy": ["solar installers", "oil and gas field crews", "wind turbine technicians"],
    "manufacturing": ["equipment service teams", "plant maintenance crews", "OEM field engineers"],
    "hospitality": ["hotel engineering teams", "restaurant equipment repair"],
    "retail": ["store maintenance teams", "merchandising crews", "point of sale installers"],
    "government": ["public works departments", "parks maintenance crews", "code inspectors"],
    "education": ["school district facilities", "campus maintenance teams"],
}
PAINS = ["missed site visits", "overtime costs", "paper timesheets", "failed compliance audits",
         "dispatch delays", "repeat truck rolls", "no-show appointments", "long drive times",
         "technician turnover", "SLA penalties", "manual scheduling", "spreadsheet chaos",
         "inventory shrinkage", "billing errors", "safety incidents", "unbilled work",
         "customer churn", "slow quote cycles", "lost inspection reports", "double bookings",
         "idle crews", "late invoices", "expired certifications", "warranty disputes"]
METRICS = ["first time fix rate", "mean time to repair", "technician utilization", "drive time",
           "SLA compliance", "jobs per day", "overtime hours", "days sales outstanding",
           "customer satisfaction", "net promoter score", "on-time arrival", "audit pass rate",
           "return on investment", "payback period", "total cost of ownership", "billable hours",
           "schedule adherence", "truck rolls per ticket", "invoice accuracy", "response time"]
REGULATIONS = ["OSHA", "HIPAA", "EVV", "FSMA", "DOT", "NFPA", "EPA", "ISO 9001", "SOC 2", "GDPR",
               "Joint Commission", "CMS"]
FEATURES = ["offline mobile forms", "GPS time tracking", "automated dispatch", "route optimization",
            "digital safety checklists", "electronic visit verification", "photo evidence",
            "customer notifications", "parts inventory", "skills-based scheduling",
            "real-time dashboards", "temperature logging", "e-signatures", "recurring work orders",
            "crew capacity planning", "QuickBooks integration", "Salesforce integration",
            "audit trails", "geofenced clock-in", "preventive maintenance plans"]

# Everyday business English, most frequent first; sampled with Zipf-like weights.
COMMON = """
the and to of a in for is that on with our your we it this as are be at by from you have
can will more their they team teams crew crews work job jobs customer customers time day
days site sites field office schedule scheduling scheduled data report reports manager
managers every each new all one two three first week weeks month months year years cost
costs hours visit visits technician technicians service services plan plans app mobile
process processes system systems company companies need needs help helps make makes easy
faster better without before after across between during while because when where which
how what who also only just still even most many fewer less lower higher than same other
keep keeps track tracks know knows see sees get gets start starts run runs use uses using
used show shows find finds save saves saved cut cuts reduce reduced improve improved
grow growth build built move moved call calls email emails phone phones paper form forms
photo photos note notes record records audit audits compliance safety quality inspection
inspections checklist checklists route routes truck trucks van vans parts part order orders
invoice invoices billing quote quotes contract contracts renewal price pricing budget
budgets revenue margin margins profit payroll overtime labor workforce staff people person
region regions branch branches location locations area areas city county state national
local remote onsite offline online real live update updates change changes problem
problems issue issues risk risks question questions answer answers result results outcome
outcomes number numbers percent rate rates average total goal goals target targets
project projects program programs pilot rollout launch training onboard support partner
partners vendor vendors tool tools software platform integration integrations dashboard
dashboards visibility control standard standards policy policies rule rules regulation
regulations requirement requirements document documents documentation proof evidence
signature signatures approval approvals review reviews decision decisions leader leaders
executive executives owner owners director directors supervisor supervisors dispatcher
dispatchers nurse nurses patient patients driver drivers fleet fleets warehouse shipment
shipments delivery deliveries temperature reading readings storage equipment asset assets
maintenance repair repairs install installs installation warranty ticket tickets request
requests priority urgent emergency backlog capacity demand peak season seasonal weather
morning afternoon evening weekend shift shifts clock timesheet timesheets spreadsheet
spreadsheets whiteboard manual automated automatic digital simple clear fast slow late
early daily weekly monthly quarterly annual long short full partial whole entire small
large big mid regional growing leading trusted proven modern legacy old current future
next last previous recent today tomorrow yesterday hour minute minutes second seconds
""".split()

FIRST_NAMES = """Dana Maria James Priya Luis Aisha Tom Keiko Omar Grace Ben Sofia Raj Elena
Marcus Chloe Andre Fatima Noah Olivia Liam Ava Ethan Mia Lucas Zoe Diego Hannah Samir Nina
Victor Leah Carlos Ruth Ivan Amara Felix Julia Hugo Iris Kwame Lena Pavel Rosa Theo Yara""".split()
LAST_NAMES = """Ruiz Chen Patel Okafor Novak Haddad Brennan Sato Lindqvist Moreau Alvarez Kim
Walsh Oyelaran Fischer Mendes Kowalski Nakamura Abbott Delgado Rossi Petrov Hughes Larsen
Osei Varga Quinn Tanaka Dubois Mwangi Sorensen Iyer Castillo Weber Nguyen Silva Byrne Adler
Hoffman Reyes Farouk Grant Molina Ortega Park Shah Young Zamora Keller""".split()
CITIES = """Austin Denver Tampa Omaha Boise Tulsa Fresno Raleigh Spokane Madison Akron Dayton
Reno Tacoma Savannah Lubbock Wichita Mobile Eugene Provo Ogden Fargo Duluth Macon Laredo
Modesto Stockton Pueblo Yakima Erie Toledo Albany Trenton Durham Chandler Mesa Plano Irving
Garland Frisco Boulder Billings Missoula Bangor Burlington Concord Nashua Portland Salem
Medford Bend Flagstaff Tucson Yuma Sparks Henderson Springfield Peoria Joliet Rockford""".split()
NAME_HEADS = """Harbor Summit Cedar Granite Bluewater Northwind Redline Keystone Ironwood
Lakeshore Pinecrest Riverbend Silverline Stonebridge Clearwater Highland Maple Oakridge
Prairie Coastal Frontier Heritage Liberty Meridian Pioneer Sentinel Tidewater Evergreen
Copperfield Brightpath Westfield Eastgate Sunbelt Timberline Bayside Crescent Falcon
Beacon Anchor Compass Atlas Vantage Horizon Sterling Union Alliance Apex Cornerstone""".split()
NAME_TAILS = """Builders Logistics Mechanical Services Facilities Utilities Electric Plumbing
Roofing Health Homecare Transport Freight Energy Solar Telecom Systems Contractors Group
Partners Maintenance Environmental Inspections Fleet Supply""".split()


def _zipf_weights(count: int, exponent: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, count + 1)))


_DOMAIN_TERMS = PAINS + METRICS + FEATURES


def _rare_words(count: int) -> list[str]:
    """Jargon, brand and place names that each turn up in only a few assets."""
    rnd = random.Random("rare")
    heads = "br cr dr fl gr kl pr st tr v z m n l r s t k p b d g h".split()
    vowels = "a e i o u ai ea io ou".split()
    codas = "n r l s x nd rt ck m st ng".split()
    words: set[str] = set()
    while len(words) < count:
        syllables = rnd.randint(2, 4)
        words.add("".join(rnd.choice(heads) + rnd.choice(vowels) for _ in range(syllables))
                  + rnd.choice(codas))
    return sorted(words)


RARE = _rare_words(40_000)
# One Zipf curve over everyday words then the long tail, as in real prose: the top few hundred
# words make up most of the text, and most words turn up in only a few assets.
VOCABULARY = COMMON + RARE
_VOCABULARY_CUM = _zipf_weights(len(VOCABULARY), 1.0)
_DOMAIN_CUM = _zipf_weights(len(_DOMAIN_TERMS), 0.8)
_EPOCH = datetime(2019, 1, 1)


@dataclass
class Attachment:
    text: str


@dataclass
class Asset:
    """Shaped like enablement.models.Asset as far as the search document builder reads it."""

    id: int
    kind: str
    status: str
    title: str
    summary: str
    body: str
    details: dict
    markets: list[str]
    personas: list[str]
    stages: list[str]
    products: list[str]
    published_at: datetime | None
    updated_at: datetime
    attachments: list[Attachment] = field(default_factory=list)


class _Writer:
    """Sentences about one customer story, drawn from one seeded random source."""

    def __init__(self, rnd: random.Random, market: str, product: str):
        self.rnd = rnd
        self.market = market
        self.product = product
        self.industry = rnd.choice(INDUSTRIES[market])
        self.company = f"{rnd.choice(NAME_HEADS)} {rnd.choice(NAME_HEADS)} {rnd.choice(NAME_TAILS)}"
        self.city = rnd.choice(CITIES)
        self.person = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}"
        self.pain = rnd.choice(PAINS)
        self.metric = rnd.choice(METRICS)
        self.site_code = f"site {rnd.randint(100, 99999)}"
        self.model = f"{rnd.choice('ABCDEFGHKLMRTX')}{rnd.choice('ABCDEFGHKLMRTX')}-{rnd.randint(100, 9999)}"  # noqa: E501 - prose

    def pct(self) -> str:
        return f"{self.rnd.randint(8, 62)}%"

    def domain(self) -> str:
        return self.rnd.choices(_DOMAIN_TERMS, cum_weights=_DOMAIN_CUM)[0]

    def filler(self, words: int) -> str:
        return " ".join(self.rnd.choices(VOCABULARY, cum_weights=_VOCABULARY_CUM, k=words))

    def sentence(self) -> str:
        r = self.rnd
        templates = (
            lambda: f"{self.company} cut {self.pain} by {self.pct()} after rolling out {self.product}.",  # noqa: E501 - prose
            lambda: f"{self.industry.capitalize()} lose {r.randint(2, 14)} hours a week to {self.domain()}.",  # noqa: E501 - prose
            lambda: f"With {r.choice(FEATURES)}, the {self.industry} in {self.city} improved {self.metric} by {self.pct()}.",  # noqa: E501 - prose
            lambda: f"{self.person}, {r.choice(PERSONAS)} at {self.company}, says the {r.choice(COMMON)} {self.filler(r.randint(3, 8))}.",  # noqa: E501 - prose
            lambda: f"{r.choice(REGULATIONS)} audits used to mean {self.domain()} and {r.choice(PAINS)}.",  # noqa: E501 - prose
            lambda: f"Unlike {r.choice(COMPETITORS)}, {self.product} handles {r.choice(FEATURES)} out of the box.",  # noqa: E501 - prose
            lambda: f"The {self.site_code} crew replaced {r.choice(['paper forms', 'whiteboards', 'spreadsheets', 'phone calls'])} with {r.choice(FEATURES)}.",  # noqa: E501 - prose
            lambda: f"Every {self.model} unit is inspected {r.choice(['weekly', 'monthly', 'quarterly'])} and the report reaches the office the same day.",  # noqa: E501 - prose
            lambda: f"Return on investment came within {r.randint(3, 14)} months, mostly from lower {self.domain()}.",  # noqa: E501 - prose
            lambda: f"{self.filler(r.randint(6, 18)).capitalize()} {self.domain()} {self.filler(r.randint(4, 12))}.",  # noqa: E501 - prose
            lambda: f"{self.filler(r.randint(8, 22)).capitalize()}.",
            lambda: f"{self.filler(r.randint(5, 14)).capitalize()} {self.metric} {self.filler(r.randint(3, 9))}.",  # noqa: E501 - prose
        )
        weights = (3, 3, 3, 2, 2, 2, 1, 1, 1, 8, 8, 5)
        return r.choices(templates, weights=weights)[0]()

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rnd.randint(3, 7)))

    def text(self, words: int) -> str:
        paragraphs, count = [], 0
        while count < words:
            paragraph = self.paragraph()
            paragraphs.append(paragraph)
            count += paragraph.count(" ") + 1
        return "\n\n".join(paragraphs)

    def title(self, kind: str) -> str:
        r = self.rnd
        options = {
            "case_study": [f"How {self.company} cut {self.pain} by {self.pct()}",
                           f"{self.company}: {self.metric} up {self.pct()} in {r.randint(2, 11)} months"],  # noqa: E501 - prose
            "email_template": [f"Follow-up on {self.pain} for the {r.choice(PERSONAS)}",
                               f"Quick idea for {self.industry}: {r.choice(FEATURES)}"],
            "testimonial": [f"{self.person} on {self.product}",
                            f"{self.company} on ending {self.pain}"],
            "white_paper": [f"{r.choice(REGULATIONS)} compliance for {self.industry}",
                            f"The {self.metric} playbook for {self.industry}"],
            "sales_aid": [f"Battle card: {self.product} vs {r.choice(COMPETITORS)}",
                          f"Talk track: {self.pain} for the {r.choice(PERSONAS)}",
                          f"ROI calculator guide for {self.industry}"],
        }
        return r.choice(options[kind])

    def summary(self) -> str:
        return (f"How {self.industry} in {self.city} tackled {self.pain} with {self.product} "
                f"and improved {self.metric}. {self.filler(self.rnd.randint(6, 16)).capitalize()}.")


def make_asset(n: int, seed: int = 7) -> Asset:
    """Asset number `n` (1-based) of the library, the same in every run."""
    rnd = random.Random(f"{seed}:{n}")
    kind = rnd.choices(KINDS, weights=KIND_WEIGHTS)[0]
    markets = sorted(set(rnd.sample(MARKETS, rnd.choice((1, 1, 1, 2, 3)))))
    products = sorted(set(rnd.sample(PRODUCTS, rnd.choice((1, 1, 2)))))
    writer = _Writer(rnd, markets[0], products[0])
    status = rnd.choices(("published", "draft", "archived"), weights=(90, 6, 4))[0]
    words = min(1500, max(300, int(rnd.lognormvariate(6.6, 0.45))))
    updated = _EPOCH + timedelta(minutes=rnd.randint(0, 3 * 365 * 24 * 60))
    asset = Asset(
        id=n, kind=kind, status=status, title=writer.title(kind), summary=writer.summary(),
        body=writer.text(words), details=_details(writer, kind), markets=markets,
        personas=sorted(set(rnd.sample(PERSONAS, rnd.choice((1, 2))))),
        stages=sorted(set(rnd.sample(STAGES, rnd.choice((1, 2))))), products=products,
        published_at=updated if status != "draft" else None, updated_at=updated,
    )
    if kind == "white_paper" and rnd.random() < 0.7:
        asset.attachments.append(Attachment(writer.text(rnd.randint(300, 900))))
    return asset


def _details(writer: _Writer, kind: str) -> dict:
    if kind == "case_study":
        return {"customer": writer.company, "industry": writer.industry,
                "challenge": writer.pain, "results": f"{writer.pct()} better {writer.metric}"}
    if kind == "testimonial":
        return {"quote": writer.sentence(), "person": writer.person, "company": writer.company}
    if kind == "email_template":
        return {"subject": f"Quick idea for {{{{company}}}} about {writer.pain}"}
    return {}


def library(size: int, seed: int = 7):
    """Assets 1..size, one at a time."""
    for n in range(1, size + 1):
        yield make_asset(n, seed)


# ------------------------------------------------------------------ queries


@dataclass
class BenchQuery:
    kind: str  # words | phrase | typo | filtered | paged | question
    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1


def _typo(rnd: random.Random, word: str) -> str:
    typo = word
    while typo == word:
        typo = _edit(rnd, word)
    return typo


def _edit(rnd: random.Random, word: str) -> str:
    i = rnd.randint(1, len(word) - 2)
    edit = rnd.choice(("drop", "swap", "double", "replace"))
    if edit == "drop":
        return word[:i] + word[i + 1:]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rnd.choice("aeiourstn") + word[i + 1:]


_QUERY_WORDS = [w for w in COMMON[60:] if len(w) > 3] + [
    "overtime", "dispatch", "HIPAA", "OSHA", "inspection", "compliance", "scheduling",
    "technician", "route", "invoice", "warranty", "temperature", "payroll", "turnover",
    "certifications", "crews", "battle card", "talk track", "ROI", "utilization",
    *(w for term in _DOMAIN_TERMS for w in term.split() if len(w) > 4),
    *(w for names in INDUSTRIES.values() for term in names for w in term.split() if len(w) > 4),
]
_TYPO_WORDS = sorted({w.lower() for w in _QUERY_WORDS if len(w) >= 7 and w.isalpha()})
_PHRASES = PAINS + METRICS + FEATURES + [
    "cold chain", "return on investment", "total cost of ownership", "time to repair",
    "out of the box", "the same day", "safety checklists", "site visits", "home health",
]


def queries(count: int = 300, seed: int = 11, library_size: int = 10_000) -> list[BenchQuery]:
    """A fixed mix of what reps type: words, quoted phrases, typos, filters and later pages."""
    rnd = random.Random(seed)
    kinds = rnd.choices(("words", "phrase", "typo", "filtered", "paged"),
                        weights=(35, 20, 15, 20, 10), k=count)
    return [_query(rnd, kind, library_size) for kind in kinds]


def _words(rnd: random.Random, low: int = 1, high: int = 3) -> str:
    return " ".join(rnd.sample(_QUERY_WORDS, rnd.randint(low, high)))


def _query(rnd: random.Random, kind: str, library_size: int) -> BenchQuery:
    if kind == "words":
        return BenchQuery(kind, _words(rnd))
    if kind == "phrase":
        return BenchQuery(kind, _phrase(rnd, library_size))
    if kind == "typo":
        typo = _typo(rnd, rnd.choice(_TYPO_WORDS))
        return BenchQuery(kind, typo if rnd.random() < 0.6 else f"{_words(rnd, 1, 1)} {typo}")
    if kind == "filtered":
        filters = {"market": rnd.sample(MARKETS, rnd.choice((1, 1, 2)))}
        if rnd.random() < 0.5:
            filters["kind"] = [rnd.choice(KINDS)]
        if rnd.random() < 0.3:
            filters["persona"] = [rnd.choice(PERSONAS)]
        if rnd.random() < 0.3:
            filters["stage"] = [rnd.choice(STAGES)]
        return BenchQuery(kind, _words(rnd, 1, 2), filters)
    return BenchQuery(kind, _words(rnd, 1, 2), page=rnd.randint(2, 5))


def _phrase(rnd: random.Random, library_size: int) -> str:
    if rnd.random() < 0.5:
        return f'"{rnd.choice(_PHRASES)}"'
    # A few consecutive words lifted from an asset, stop words and all, as a rep would paste them.
    words = make_asset(rnd.randint(1, library_size)).body.replace(".", " ").replace(",", " ").split()  # noqa: E501 - prose
    length = rnd.choice((2, 2, 3, 4))
    start = rnd.randint(0, len(words) - length)
    phrase = f'"{" ".join(words[start:start + length])}"'
    return phrase if rnd.random() < 0.7 else f"{_words(rnd, 1, 1)} {phrase}"


QUESTION_STARTS = ("how did a", "how do we", "what is the", "which customers", "does Fieldline",
                   "can we", "why do", "who has", "what does", "how can our")
_QUESTION_PARTS = [*_QUERY_WORDS, *PAINS, *REGULATIONS, *FEATURES, *METRICS,
                   "the", "for", "with", "our", "in", "on", "their", "customers", "teams"]


def questions(count: int = 60, seed: int = 13) -> list[BenchQuery]:
    """Questions as reps type them: 8 to 20 words, a question word first, a "?" last."""
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        length = rnd.randint(8, 20)
        words = rnd.choice(QUESTION_STARTS).split()
        while len(words) < length:
            words.extend(rnd.choice(_QUESTION_PARTS).split())
        found.append(BenchQuery("question", " ".join(words[:length]) + "?"))
    return found
