"""The demo newsroom's articles, written for Broadsheet. Times are the newsroom's local time (GMT+3).

Body items: ("p", text), ("quote", text, attribution), ("pull", text). The first article mirrors the reference page
(feature apps add their blocks to it: the reader poll after the third paragraph); its five editor-picked related
articles follow it.
"""

REFERENCE_SLUG = "china-and-russia-will-not-form-a-military-alliance-analysts-say"

ARTICLES = [
    {
        "slug": REFERENCE_SLUG,
        "section": "china",
        "title": "China and Russia will not form a military alliance, analysts say",
        "standfirst": "Beijing and Moscow are training together and trading more than ever, but experts on "
        "both sides see no formal pact on the horizon.",
        "authors": ["li-wei", "elena-sokolova"],
        "tags": [
            "nato",
            "defense-cooperation",
            "alliance",
            "bilateral-relations",
            "diplomacy",
            "economic-cooperation",
            "vladimir-putin",
            "xi-jinping",
            "china",
            "russia",
        ],
        "at": "2020-01-23 20:48",
        "place": "Beijing",
        "related": [
            "russian-gas-could-cut-chinas-reliance-on-coal",
            "xi-pledges-fresh-impetus-for-ties-with-moscow",
            "putin-says-cooperation-with-beijing-is-reshaping-the-world-order",
            "kremlin-calls-ties-with-beijing-the-strongest-in-decades",
            "russian-and-chinese-navies-plan-mediterranean-exercise",
        ],
        "body": [
            (
                "p",
                "Close cooperation between China and Russia is unlikely to turn into a formal military "
                "alliance, according to analysts who follow relations between the two capitals.",
            ),
            (
                "p",
                "Tian Chunsheng, who studies Russia at a research centre attached to China's State Council, "
                "said the two governments had good reasons to work together but no plan to bind themselves "
                "by treaty. Both sides, he argued, still remember how the split of the late 1960s turned allies "
                "into rivals within a few years.",
            ),
            (
                "p",
                "Joint exercises, arms purchases and a shared wariness of Western pressure have brought the "
                "two militaries closer over the past decade. Yet in Tian's reading, shared interests are not "
                "the same thing as a mutual defence commitment.",
            ),
            ("pull", "Shared interests are not the same thing as a mutual defence commitment."),
            (
                "p",
                "A bloc modelled on NATO would run against principles that both governments have defended "
                "for decades, he said, chief among them the refusal to join military alliances aimed at third "
                "countries.",
            ),
            (
                "quote",
                "Neither capital wants to be dragged into the other's quarrels. Cooperation gives them "
                "most of the benefits of an alliance with none of the obligations.",
                "Marina Kostina, visiting fellow in Eurasian security",
            ),
            (
                "p",
                "Antony Wong Dong, a military observer based in Macau, expects the partnership to remain "
                "collaborative rather than contractual while the United States and its allies try to contain "
                "both countries. So far, he said, neither side has found a reason to break with the other.",
            ),
            (
                "p",
                "During Xi Jinping's three-day state visit to Moscow, the two governments signed agreements "
                "on energy, infrastructure and military cooperation.",
            ),
        ],
    },
    {
        "slug": "russian-gas-could-cut-chinas-reliance-on-coal",
        "section": "economy",
        "title": "Russian gas could cut China's reliance on coal, energy experts say",
        "standfirst": "Deliveries through the new Power of Siberia pipeline may help northern Chinese cities "
        "breathe more easily in winter.",
        "authors": ["marc-dubois"],
        "tags": ["energy", "natural-gas", "climate", "china", "russia", "economic-cooperation"],
        "at": "2020-01-22 11:15",
        "place": "Moscow",
        "body": [
            (
                "p",
                "Natural gas from eastern Siberia began flowing to China at the end of last year, and energy "
                "analysts say the fuel could replace a noticeable share of the coal burned for heating in "
                "the north of the country.",
            ),
            (
                "p",
                "Coal still supplies most of China's electricity, and winter smog in cities such as Beijing "
                "and Tianjin is closely tied to household and district heating.",
            ),
            (
                "quote",
                "Every boiler that switches from coal to gas takes soot out of the air the same day. "
                "The pipeline will not solve the problem, but it makes the switch cheaper.",
                "Yuri Antonov, energy economist",
            ),
            ("p", "Contracted volumes are due to rise over the next five years as new fields come on stream."),
            (
                "facts",
                "Power of Siberia at a glance",
                "<ul><li>About 3,000 km of pipe on the Russian side</li><li>Deliveries began in December 2019"
                "</li><li>Planned volume: 38 billion cubic metres a year</li></ul>",
            ),
        ],
        "corrections": [
            (
                "2020-01-22 17:40",
                "An earlier version of this article said gas began flowing in the spring. Deliveries through "
                "the pipeline began in December 2019.",
            )
        ],
    },
    {
        "slug": "xi-pledges-fresh-impetus-for-ties-with-moscow",
        "section": "china",
        "title": "Xi pledges fresh impetus for ties with Moscow",
        "standfirst": "China's president told his Russian counterpart that the relationship would be a "
        "priority of Beijing's foreign policy in the year ahead.",
        "authors": ["li-wei"],
        "tags": ["xi-jinping", "vladimir-putin", "diplomacy", "bilateral-relations", "china", "russia"],
        "at": "2020-01-21 16:30",
        "place": "Beijing",
        "body": [
            (
                "p",
                "Xi Jinping said on Tuesday that Beijing was ready to give new momentum to its partnership "
                "with Russia, in a message marking the start of a year of scientific and technical "
                "cooperation between the two countries.",
            ),
            (
                "p",
                "The Chinese leader listed trade, energy and joint research as the areas where he expected "
                "the most progress, and invited Vladimir Putin to visit China later in the year.",
            ),
            (
                "p",
                "Officials in Moscow welcomed the message and said preparations for several intergovernmental "
                "meetings were already under way.",
            ),
        ],
    },
    {
        "slug": "putin-says-cooperation-with-beijing-is-reshaping-the-world-order",
        "section": "russia",
        "title": "Putin says cooperation with Beijing is reshaping the world order",
        "standfirst": "The Russian president described the partnership with China as a counterweight that "
        "makes international rules fairer.",
        "authors": ["elena-sokolova"],
        "tags": ["vladimir-putin", "diplomacy", "bilateral-relations", "china", "russia"],
        "at": "2020-01-20 14:05",
        "place": "Moscow",
        "body": [
            (
                "p",
                "Vladimir Putin said on Monday that close coordination between Moscow and Beijing was "
                "helping to build what he called a more balanced international system.",
            ),
            (
                "p",
                "Speaking to diplomats at the Kremlin, the president said the two countries shared views "
                "on most questions before the United Nations Security Council.",
            ),
            (
                "quote",
                "The message to the room was that Russia does not see itself as isolated while it "
                "has a partner of China's weight.",
                "Pavel Orlov, foreign policy analyst",
            ),
        ],
    },
    {
        "slug": "kremlin-calls-ties-with-beijing-the-strongest-in-decades",
        "section": "russia",
        "title": "Kremlin calls ties with Beijing the strongest in decades",
        "standfirst": "Moscow says political trust and trade with China have reached a level without "
        "precedent in the history of the two states.",
        "authors": ["elena-sokolova", "tomas-herrera"],
        "tags": ["vladimir-putin", "bilateral-relations", "economic-cooperation", "china", "russia"],
        "at": "2020-01-19 12:40",
        "place": "Moscow",
        "body": [
            (
                "p",
                "Relations between Russia and China are better than at any point in their history, the "
                "Kremlin said, pointing to record trade and regular meetings between the two leaders.",
            ),
            (
                "p",
                "Two-way trade passed 100 billion dollars for the first time in 2018 and stayed above "
                "that mark last year, according to customs figures.",
            ),
            ("p", "Officials on both sides have set a target of doubling that figure within five years."),
        ],
    },
    {
        "slug": "russian-and-chinese-navies-plan-mediterranean-exercise",
        "section": "military",
        "title": "Russian and Chinese navies plan joint exercise in the Mediterranean",
        "standfirst": "Warships from both fleets will train together far from home waters for eleven days.",
        "authors": ["hannah-meyer"],
        "tags": ["naval-exercises", "defense-cooperation", "mediterranean", "china", "russia"],
        "at": "2020-01-18 09:20",
        "place": "Sevastopol",
        "body": [
            (
                "p",
                "The Russian and Chinese navies will hold a joint exercise in the Mediterranean Sea from "
                "11 to 21 May, defence officials said.",
            ),
            (
                "p",
                "The drills will include air defence, anti-submarine warfare and escorting civilian ships, "
                "and will end with a combined live-fire stage.",
            ),
            ("p", "It will be the second time the two fleets have trained together in the Mediterranean."),
        ],
    },
]

# Shorter demo stories: (slug, section, title, standfirst, authors, tags, local time, place, paragraphs)
SHORT_STORIES = [
    (
        "central-bank-holds-key-rate-steady",
        "economy",
        "Central bank holds key rate steady as inflation cools",
        "Policymakers kept borrowing costs unchanged and signalled room for a cut later in the year.",
        ["daniel-okafor"],
        ["central-banks", "russia"],
        "2020-01-24 13:30",
        "Moscow",
        [
            "The central bank left its key interest rate unchanged on Friday, saying consumer prices were rising "
            "more slowly than it had expected in the autumn.",
            "Most economists had forecast the decision. Several now expect a quarter-point cut by the summer.",
        ],
    ),
    (
        "grain-exports-reach-record",
        "economy",
        "Grain exports reach a record as harvest beats forecasts",
        "Shipments of wheat to North Africa and the Middle East drove the increase.",
        ["daniel-okafor"],
        ["agriculture", "trade", "russia"],
        "2020-01-23 10:10",
        "Rostov-on-Don",
        [
            "Grain exports in the first half of the season were the highest on record, traders said, after a "
            "harvest that beat official forecasts.",
            "Egypt and Turkey remained the largest buyers, while shipments to South-East Asia also grew.",
        ],
    ),
    (
        "arctic-shipping-route-sees-more-traffic",
        "russia",
        "Arctic shipping route sees more traffic than ever",
        "Cargo carried along the Northern Sea Route rose by more than half last year.",
        ["marc-dubois"],
        ["arctic", "trade", "energy", "russia"],
        "2020-01-22 15:45",
        "Murmansk",
        [
            "Ships carried more cargo along the Northern Sea Route last year than in any year before, driven by "
            "liquefied gas from projects on the Yamal peninsula.",
            "Port officials say new ice-class tankers will allow year-round sailings on the eastern stretch "
            "within a few years.",
        ],
    ),
    (
        "trade-talks-resume-in-washington",
        "world",
        "Trade talks resume in Washington after holiday pause",
        "Negotiators will try to turn a first-phase agreement into lasting tariff cuts.",
        ["tomas-herrera"],
        ["trade", "united-states", "china"],
        "2020-01-22 09:00",
        "Washington",
        [
            "Trade negotiators from the United States and China met again this week to work on the details of "
            "a first-phase agreement signed earlier in January.",
            "Business groups on both sides want a timetable for removing tariffs imposed during two years of dispute.",
        ],
    ),
    (
        "eu-ministers-debate-energy-security",
        "world",
        "EU ministers debate energy security as winter demand peaks",
        "Member states disagree on how much gas storage each country should be required to keep.",
        ["tomas-herrera", "marc-dubois"],
        ["european-union", "energy", "natural-gas"],
        "2020-01-21 18:20",
        "Brussels",
        [
            "Energy ministers from across the European Union met in Brussels to discuss rules on gas storage and "
            "emergency supplies.",
            "Countries that rely on a single pipeline pushed for shared reserves; others warned that the cost "
            "would fall on households.",
        ],
    ),
    (
        "new-icebreaker-launched-in-st-petersburg",
        "russia",
        "New nuclear icebreaker launched in St Petersburg",
        "The ship is the third of its class and is due to enter service in two years.",
        ["elena-sokolova"],
        ["arctic", "technology", "russia"],
        "2020-01-21 12:00",
        "St Petersburg",
        [
            "A new nuclear-powered icebreaker was floated out at a St Petersburg shipyard on Tuesday.",
            "Once fitted out, it will escort tankers and cargo ships through Arctic ice up to three metres thick.",
        ],
    ),
    (
        "beijing-unveils-support-for-small-firms",
        "china",
        "Beijing unveils tax relief for small firms",
        "The measures aim to protect jobs as growth slows to its lowest rate in decades.",
        ["li-wei", "daniel-okafor"],
        ["china", "central-banks"],
        "2020-01-20 10:30",
        "Beijing",
        [
            "China's cabinet announced lower taxes and cheaper credit for small and medium-sized businesses, "
            "which employ most of the country's urban workers.",
            "Economists said the package was modest but showed that officials are worried about employment.",
        ],
    ),
    (
        "high-speed-rail-network-passes-35000-km",
        "china",
        "High-speed rail network passes 35,000 kilometres",
        "New lines opened at the end of the year link several provincial capitals for the first time.",
        ["li-wei"],
        ["technology", "china"],
        "2020-01-19 08:50",
        "Shanghai",
        [
            "China's high-speed rail network now runs for more than 35,000 kilometres after a string of new "
            "lines opened in December.",
            "Railway officials expect a record number of passengers during the Lunar New Year travel season.",
        ],
    ),
    (
        "lunar-new-year-travel-rush-begins",
        "china",
        "Lunar New Year travel rush begins",
        "Hundreds of millions of journeys are expected over the forty-day holiday season.",
        ["li-wei"],
        ["china"],
        "2020-01-18 07:30",
        "Guangzhou",
        [
            "Stations and airports across China filled up as the Lunar New Year travel season began.",
            "Transport authorities added extra trains and flights to cope with demand.",
        ],
    ),
    (
        "defence-ministers-meet-in-moscow",
        "military",
        "Defence ministers discuss Asia-Pacific security in Moscow",
        "Talks covered missile defence, joint patrols and communication between armed forces.",
        ["hannah-meyer"],
        ["defense-cooperation", "china", "russia"],
        "2020-01-17 17:10",
        "Moscow",
        [
            "Defence ministers from Russia and China met in Moscow to discuss security in the Asia-Pacific region.",
            "The two sides agreed to expand exchanges between military academies.",
        ],
    ),
    (
        "arms-control-treaty-future-in-doubt",
        "military",
        "Future of last arms control treaty in doubt",
        "A year before it expires, the two largest nuclear powers have not agreed on an extension.",
        ["hannah-meyer", "tomas-herrera"],
        ["arms-control", "united-states", "russia"],
        "2020-01-24 11:45",
        "Geneva",
        [
            "With a year to go before the last treaty limiting strategic nuclear weapons expires, diplomats say "
            "there has been little progress towards extending it.",
            "Arms control experts warn that without the treaty, neither side would have inspections or data "
            "exchanges to rely on.",
        ],
    ),
    (
        "nato-allies-review-baltic-air-policing",
        "military",
        "NATO allies review Baltic air policing",
        "Rotating fighter detachments will continue, with more aircraft during exercises.",
        ["hannah-meyer"],
        ["nato", "defense-cooperation"],
        "2020-01-23 14:20",
        "Vilnius",
        [
            "NATO members reviewed their air policing mission over the Baltic states and agreed to keep the "
            "present rotation of fighter jets.",
            "Officials said more aircraft would be deployed during large exercises in the spring.",
        ],
    ),
    (
        "navy-tests-new-frigate-in-barents-sea",
        "military",
        "Navy tests new frigate in the Barents Sea",
        "Sea trials include the first firing of the ship's air defence system.",
        ["hannah-meyer"],
        ["naval-exercises", "arctic", "russia"],
        "2020-01-20 16:55",
        "Severomorsk",
        [
            "A newly built frigate began sea trials in the Barents Sea this week.",
            "If the trials succeed, the ship will join the Northern Fleet by the end of the year.",
        ],
    ),
    (
        "india-and-russia-sign-helicopter-deal",
        "military",
        "India and Russia finalise helicopter deal",
        "The agreement covers joint production of light utility helicopters.",
        ["hannah-meyer", "tomas-herrera"],
        ["defense-cooperation", "india", "russia"],
        "2020-01-19 13:00",
        "New Delhi",
        [
            "India and Russia agreed the final terms for producing light helicopters in India.",
            "The first aircraft are expected to be assembled within three years.",
        ],
    ),
    (
        "un-climate-envoy-calls-for-faster-coal-exit",
        "world",
        "UN climate envoy calls for faster exit from coal",
        "Countries were urged to present stronger emissions targets before November's summit.",
        ["tomas-herrera"],
        ["climate", "united-nations", "energy"],
        "2020-01-23 17:35",
        "New York",
        [
            "The United Nations' climate envoy urged governments to stop building new coal power stations.",
            "Countries are due to submit updated emissions targets before the climate summit in November.",
        ],
    ),
    (
        "german-industry-orders-fall",
        "economy",
        "German industrial orders fall for a third month",
        "Weak demand from abroad weighed on machine makers and car suppliers.",
        ["daniel-okafor"],
        ["germany", "trade", "european-union"],
        "2020-01-22 12:25",
        "Berlin",
        [
            "Orders for German industrial goods fell again in November, official figures showed.",
            "Economists said trade tensions and the slowdown in China were hurting exporters.",
        ],
    ),
    (
        "oil-prices-slip-on-demand-worries",
        "economy",
        "Oil prices slip on worries about demand",
        "Brent crude fell for a fourth session as traders weighed slower growth in Asia.",
        ["marc-dubois"],
        ["energy", "trade"],
        "2020-01-21 19:40",
        "London",
        [
            "Oil prices fell for the fourth day running as traders worried about weaker demand.",
            "Analysts expect producers to discuss further output cuts at their next meeting.",
        ],
    ),
    (
        "yuan-rouble-settlements-grow",
        "economy",
        "More trade settled in yuan and roubles",
        "Russian and Chinese companies are using their own currencies for a growing share of deals.",
        ["daniel-okafor", "li-wei"],
        ["economic-cooperation", "trade", "china", "russia"],
        "2020-01-20 11:55",
        "Moscow",
        [
            "A growing share of trade between Russia and China is settled in roubles and yuan rather than "
            "dollars, central bank data show.",
            "Bankers said the change protects companies from sanctions and exchange-rate swings.",
        ],
    ),
    (
        "soybean-imports-from-russia-rise",
        "economy",
        "China buys more soybeans from Russia's Far East",
        "Farmers near the border are planting more to meet Chinese demand.",
        ["daniel-okafor"],
        ["agriculture", "trade", "china", "russia"],
        "2020-01-18 15:15",
        "Blagoveshchensk",
        [
            "Soybean exports from Russia's Far East to China rose sharply last year.",
            "Regional officials said new bridges across the Amur river would make shipments cheaper.",
        ],
    ),
    (
        "india-elections-state-results",
        "world",
        "Regional election results reshape India's political map",
        "Opposition parties won in two states, raising their hopes for the next national vote.",
        ["tomas-herrera"],
        ["elections", "india"],
        "2020-01-17 10:05",
        "New Delhi",
        [
            "Opposition parties won control of two state assemblies in results announced on Friday.",
            "Analysts said local issues such as jobs and farm prices had decided both contests.",
        ],
    ),
    (
        "un-security-council-debates-syria-aid",
        "world",
        "UN Security Council debates cross-border aid to Syria",
        "Members are divided over how many border crossings aid convoys should be allowed to use.",
        ["tomas-herrera"],
        ["united-nations", "diplomacy"],
        "2020-01-17 21:30",
        "New York",
        [
            "The UN Security Council debated how humanitarian aid should reach north-western Syria.",
            "Aid agencies warned that closing crossings would leave hundreds of thousands without supplies.",
        ],
    ),
    (
        "german-chancellor-visits-moscow",
        "world",
        "German chancellor visits Moscow for talks on Libya and gas",
        "The visit was the first of its kind in several years.",
        ["elena-sokolova", "tomas-herrera"],
        ["germany", "diplomacy", "natural-gas", "russia"],
        "2020-01-18 19:00",
        "Moscow",
        [
            "Germany's chancellor held talks at the Kremlin on the conflict in Libya and on gas supplies to Europe.",
            "Both sides said they wanted a ceasefire in Libya to be followed by a conference in Berlin.",
        ],
    ),
    (
        "moscow-metro-opens-new-stations",
        "russia",
        "Moscow metro opens four new stations",
        "The extension brings the underground to neighbourhoods in the south-west of the city.",
        ["elena-sokolova"],
        ["russia"],
        "2020-01-24 09:40",
        "Moscow",
        [
            "Four new metro stations opened in Moscow's south-west, cutting journey times for about half a "
            "million residents.",
            "City officials plan to open a further twenty stations over the next three years.",
        ],
    ),
    (
        "winter-without-snow-in-moscow",
        "russia",
        "Moscow's warmest winter in records leaves ski slopes bare",
        "Artificial snow was trucked into the city for New Year celebrations.",
        ["elena-sokolova"],
        ["climate", "russia"],
        "2020-01-17 12:15",
        "Moscow",
        [
            "Moscow has had its warmest winter since records began, meteorologists said.",
            "Ski slopes around the city stayed closed and parks brought in artificial snow for the holidays.",
        ],
    ),
    (
        "government-reshuffle-announced",
        "russia",
        "New cabinet named after government reshuffle",
        "Most economic ministers kept their posts, while several deputy prime ministers changed.",
        ["elena-sokolova"],
        ["russia"],
        "2020-01-22 20:10",
        "Moscow",
        [
            "A new cabinet was announced on Tuesday evening after the government resigned last week.",
            "Ministers responsible for finance, foreign affairs and defence kept their jobs.",
        ],
    ),
    (
        "shenzhen-tech-firms-expand-in-europe",
        "china",
        "Shenzhen technology firms expand in Europe",
        "Makers of drones, phones and batteries are opening research centres on the continent.",
        ["li-wei"],
        ["technology", "european-union", "china"],
        "2020-01-23 08:15",
        "Shenzhen",
        [
            "Technology companies from Shenzhen are opening research centres and factories in Europe.",
            "Executives say the move brings them closer to customers and away from trade disputes.",
        ],
    ),
    (
        "china-air-quality-improves",
        "china",
        "Air quality improves in northern Chinese cities",
        "Fine particle pollution fell for a sixth year, environment officials said.",
        ["li-wei", "marc-dubois"],
        ["climate", "energy", "china"],
        "2020-01-24 10:50",
        "Beijing",
        [
            "Levels of fine particle pollution in northern Chinese cities fell again last year.",
            "Officials credited the switch from coal to gas and electricity for home heating.",
        ],
    ),
    (
        "panda-diplomacy-moscow-zoo",
        "china",
        "Moscow Zoo's pandas mark their first year in Russia",
        "The pair arrived as a gift marking seventy years of diplomatic relations.",
        ["li-wei"],
        ["diplomacy", "china", "russia"],
        "2020-01-21 09:30",
        "Moscow",
        [
            "Two giant pandas lent by China to Moscow Zoo have completed their first year in Russia.",
            "Keepers said the animals had adapted well to the winter.",
        ],
    ),
    (
        "opinion-partnership-without-a-treaty",
        "opinion",
        "A partnership without a treaty suits both Moscow and Beijing",
        "Formal alliances bring obligations. Russia and China have found a looser arrangement that works.",
        ["priya-raman"],
        ["alliance", "bilateral-relations", "china", "russia"],
        "2020-01-24 08:00",
        "",
        [
            "Commentators in the West often ask when Russia and China will sign a defence pact. They may be "
            "asking the wrong question.",
            "A looser partnership lets each side help the other where interests meet, and stay out of disputes "
            "where they do not.",
        ],
    ),
    (
        "opinion-europe-must-decide-on-gas",
        "opinion",
        "Europe must decide what it wants from its gas suppliers",
        "Energy security is not only about pipelines. It is about what governments are willing to pay for.",
        ["priya-raman", "marc-dubois"],
        ["energy", "natural-gas", "european-union"],
        "2020-01-22 08:00",
        "",
        [
            "Every winter Europe rediscovers how much gas it burns and how few suppliers it has.",
            "Storage, new terminals and efficiency all cost money. The argument should be about who pays.",
        ],
    ),
    (
        "opinion-arms-control-needs-new-players",
        "opinion",
        "Arms control needs more than two players",
        "Any successor to the old treaties must find a way to include China.",
        ["hannah-meyer"],
        ["arms-control", "china", "united-states", "russia"],
        "2020-01-20 08:00",
        "",
        [
            "The treaties that limited nuclear arsenals were written for a world with two superpowers.",
            "A new framework will have to bring in other nuclear states, starting with China.",
        ],
    ),
    (
        "opinion-trade-deal-is-a-truce",
        "opinion",
        "The new trade deal is a truce, not a peace",
        "Tariffs remain on most goods, and the hardest questions have been postponed.",
        ["daniel-okafor"],
        ["trade", "united-states", "china"],
        "2020-01-18 08:00",
        "",
        [
            "The first-phase trade agreement calmed markets, but most tariffs remain in place.",
            "Subsidies and technology transfer, the disputes that started the conflict, have been left for later.",
        ],
    ),
    (
        "opinion-arctic-is-the-next-crossroads",
        "opinion",
        "The Arctic is becoming a crossroads",
        "Melting ice is opening routes that will matter to trade and to navies alike.",
        ["priya-raman"],
        ["arctic", "trade", "naval-exercises"],
        "2020-01-19 08:00",
        "",
        [
            "For most of history the Arctic was a barrier. It is turning into a route.",
            "Countries that plan now for ports, rescue services and rules of navigation will shape how it is used.",
        ],
    ),
    (
        "world-leaders-gather-in-davos",
        "world",
        "World leaders gather in Davos as growth slows",
        "Climate and trade dominate the agenda of the annual meeting.",
        ["tomas-herrera", "daniel-okafor"],
        ["climate", "trade"],
        "2020-01-21 10:00",
        "Davos",
        [
            "Political and business leaders arrived in the Swiss resort of Davos for the annual World Economic Forum.",
            "Organisers said climate risks topped the list of concerns in their survey of executives.",
        ],
    ),
    (
        "un-report-on-global-migration",
        "world",
        "UN report counts record number of international migrants",
        "About one in thirty people now lives outside the country of their birth.",
        ["tomas-herrera"],
        ["united-nations"],
        "2020-01-19 16:20",
        "Geneva",
        [
            "The number of people living outside their country of birth has reached a new high, a UN report said.",
            "Most migrants move within their own region, the report found.",
        ],
    ),
]

# Demo articles that are genuinely about the same story, labelled by hand: the ground truth the
# automatic related articles are measured against (tests/newsroom/test_related.py, README). An
# article may belong to two stories (the Kremlin's remarks are about the partnership and its trade).
STORY_CLUSTERS = {
    "china-russia-partnership": [
        REFERENCE_SLUG,
        "xi-pledges-fresh-impetus-for-ties-with-moscow",
        "putin-says-cooperation-with-beijing-is-reshaping-the-world-order",
        "kremlin-calls-ties-with-beijing-the-strongest-in-decades",
        "russian-and-chinese-navies-plan-mediterranean-exercise",
        "defence-ministers-meet-in-moscow",
        "opinion-partnership-without-a-treaty",
    ],
    "china-russia-trade": [
        "kremlin-calls-ties-with-beijing-the-strongest-in-decades",
        "russian-gas-could-cut-chinas-reliance-on-coal",
        "yuan-rouble-settlements-grow",
        "soybean-imports-from-russia-rise",
    ],
    "european-gas": [
        "eu-ministers-debate-energy-security",
        "opinion-europe-must-decide-on-gas",
        "german-chancellor-visits-moscow",
    ],
    "arctic": [
        "arctic-shipping-route-sees-more-traffic",
        "new-icebreaker-launched-in-st-petersburg",
        "opinion-arctic-is-the-next-crossroads",
    ],
    "arms-control": ["arms-control-treaty-future-in-doubt", "opinion-arms-control-needs-new-players"],
    "us-china-trade": ["trade-talks-resume-in-washington", "opinion-trade-deal-is-a-truce"],
}
