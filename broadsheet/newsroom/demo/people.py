"""The demo newsroom's sections, staff and tags (all fictional people except the tags' public figures)."""

SECTIONS = [
    ("World", "world", "News from every continent, reported by our correspondents."),
    ("Russia", "russia", "Politics, society and business in Russia."),
    ("China", "china", "Politics, society and business in China."),
    ("Economy", "economy", "Markets, trade, energy and the money behind the headlines."),
    ("Military", "military", "Defence, security and the armed forces."),
    ("Opinion", "opinion", "Argument and analysis from our columnists and guests."),
]

AUTHORS = [
    (
        "Elena Sokolova",
        "elena-sokolova",
        "Moscow correspondent",
        "Elena has covered Russian politics and foreign policy for eleven years, from the Kremlin press pool to the regions.",
    ),
    (
        "Li Wei",
        "li-wei",
        "Beijing correspondent",
        "Li Wei reports on Chinese diplomacy and the economy. Before joining us she edited a business weekly in Shanghai.",
    ),
    (
        "Daniel Okafor",
        "daniel-okafor",
        "Economics editor",
        "Daniel writes about trade, energy markets and central banks, and runs our weekly economics briefing.",
    ),
    (
        "Hannah Meyer",
        "hannah-meyer",
        "Defence correspondent",
        "Hannah covers armed forces, arms control and military alliances, and has reported from four naval exercises.",
    ),
    (
        "Tomás Herrera",
        "tomas-herrera",
        "World affairs reporter",
        "Tomás follows summits, elections and the work of international organisations.",
    ),
    (
        "Priya Raman",
        "priya-raman",
        "Opinion editor",
        "Priya commissions and edits our comment pages and writes a fortnightly column on global politics.",
    ),
    (
        "Marc Dubois",
        "marc-dubois",
        "Energy reporter",
        "Marc reports on oil, gas and the shift to cleaner power, with a focus on Eurasian pipelines.",
    ),
]

# (name, slug, kind): the first ten are the reference page's tags, in its order.
TAGS = [
    ("NATO", "nato", "organisation"),
    ("defense cooperation", "defense-cooperation", "topic"),
    ("alliance", "alliance", "topic"),
    ("bilateral relations", "bilateral-relations", "topic"),
    ("diplomacy", "diplomacy", "topic"),
    ("economic cooperation", "economic-cooperation", "topic"),
    ("Vladimir Putin", "vladimir-putin", "person"),
    ("Xi Jinping", "xi-jinping", "person"),
    ("China", "china", "place"),
    ("Russia", "russia", "place"),
    ("energy", "energy", "topic"),
    ("natural gas", "natural-gas", "topic"),
    ("climate", "climate", "topic"),
    ("trade", "trade", "topic"),
    ("naval exercises", "naval-exercises", "topic"),
    ("Mediterranean", "mediterranean", "place"),
    ("United States", "united-states", "place"),
    ("European Union", "european-union", "organisation"),
    ("central banks", "central-banks", "topic"),
    ("elections", "elections", "topic"),
    ("arms control", "arms-control", "topic"),
    ("Arctic", "arctic", "place"),
    ("technology", "technology", "topic"),
    ("agriculture", "agriculture", "topic"),
    ("Germany", "germany", "place"),
    ("India", "india", "place"),
    ("United Nations", "united-nations", "organisation"),
]
