"""The words of Schedule items: cities with airport codes, traveller names and question templates.

Kept apart from the sampler and solver so the wording and the place names can grow without
touching the logic.
"""

from __future__ import annotations

CITIES: list[tuple[str, str]] = [
    ("Los Angeles", "LAX"), ("Chicago", "ORD"), ("New York", "JFK"), ("Boston", "BOS"), ("Denver", "DEN"),
    ("Seattle", "SEA"), ("Miami", "MIA"), ("Atlanta", "ATL"), ("Dallas", "DFW"), ("Houston", "IAH"),
    ("Phoenix", "PHX"), ("San Francisco", "SFO"), ("Las Vegas", "LAS"), ("Orlando", "MCO"), ("Toronto", "YYZ"),
    ("Vancouver", "YVR"), ("Montreal", "YUL"), ("Mexico City", "MEX"), ("Cancun", "CUN"), ("Bogota", "BOG"),
    ("Lima", "LIM"), ("Santiago", "SCL"), ("Buenos Aires", "EZE"), ("Sao Paulo", "GRU"), ("Rio de Janeiro", "GIG"),
    ("London", "LHR"), ("Paris", "CDG"), ("Amsterdam", "AMS"), ("Frankfurt", "FRA"), ("Munich", "MUC"),
    ("Zurich", "ZRH"), ("Vienna", "VIE"), ("Madrid", "MAD"), ("Barcelona", "BCN"), ("Lisbon", "LIS"),
    ("Rome", "FCO"), ("Milan", "MXP"), ("Athens", "ATH"), ("Istanbul", "IST"), ("Dublin", "DUB"),
    ("Copenhagen", "CPH"), ("Oslo", "OSL"), ("Stockholm", "ARN"), ("Helsinki", "HEL"), ("Warsaw", "WAW"),
    ("Prague", "PRG"), ("Budapest", "BUD"), ("Brussels", "BRU"), ("Geneva", "GVA"), ("Edinburgh", "EDI"),
    ("Manchester", "MAN"), ("Dubai", "DXB"), ("Doha", "DOH"), ("Cairo", "CAI"), ("Nairobi", "NBO"),
    ("Johannesburg", "JNB"), ("Cape Town", "CPT"), ("Lagos", "LOS"), ("Casablanca", "CMN"), ("Tel Aviv", "TLV"),
    ("Mumbai", "BOM"), ("Delhi", "DEL"), ("Bangalore", "BLR"), ("Singapore", "SIN"), ("Bangkok", "BKK"),
    ("Hong Kong", "HKG"), ("Tokyo", "HND"), ("Osaka", "KIX"), ("Seoul", "ICN"), ("Beijing", "PEK"),
    ("Shanghai", "PVG"), ("Taipei", "TPE"), ("Manila", "MNL"), ("Jakarta", "CGK"), ("Kuala Lumpur", "KUL"),
    ("Sydney", "SYD"), ("Melbourne", "MEL"), ("Auckland", "AKL"), ("Honolulu", "HNL"), ("Anchorage", "ANC"),
    ("Minneapolis", "MSP"), ("Detroit", "DTW"), ("Philadelphia", "PHL"), ("Washington", "IAD"), ("Charlotte", "CLT"),
    ("Nashville", "BNA"), ("New Orleans", "MSY"), ("Austin", "AUS"), ("San Diego", "SAN"), ("Portland", "PDX"),
    ("Salt Lake City", "SLC"), ("Calgary", "YYC"), ("Havana", "HAV"), ("Panama City", "PTY"), ("San Jose", "SJO"),
    ("Reykjavik", "KEF"), ("Hamburg", "HAM"), ("Berlin", "BER"), ("Nice", "NCE"), ("Lyon", "LYS"),
    ("Porto", "OPO"), ("Seville", "SVQ"), ("Venice", "VCE"), ("Naples", "NAP"), ("Krakow", "KRK"),
    ("Riga", "RIX"), ("Tallinn", "TLL"), ("Vilnius", "VNO"), ("Bucharest", "OTP"), ("Sofia", "SOF"),
    ("Belgrade", "BEG"), ("Zagreb", "ZAG"), ("Marrakesh", "RAK"), ("Tunis", "TUN"), ("Accra", "ACC"),
    ("Addis Ababa", "ADD"), ("Riyadh", "RUH"), ("Muscat", "MCT"), ("Karachi", "KHI"), ("Colombo", "CMB"),
    ("Kathmandu", "KTM"), ("Hanoi", "HAN"), ("Perth", "PER"), ("Brisbane", "BNE"), ("Quito", "UIO"),
]
FIRST_NAMES = ["Maya", "Omar", "Lena", "Tariq", "Priya", "Jonas", "Aisha", "Mateo", "Chloe", "Kenji", "Ingrid", "Samuel",
               "Nadia", "Felix", "Rosa", "Dmitri", "Amara", "Lucas", "Hana", "Kwame", "Elif", "Rafael", "Zoe", "Arjun",
               "Sofia", "Malik", "Yuki", "Pablo", "Leila", "Tomas", "Grace", "Ravi", "Ines", "Oscar", "Mei", "Noah"]
SURNAMES = ["Chen", "Okafor", "Novak", "Haddad", "Silva", "Larsen", "Kowalski", "Nguyen", "Moreau", "Tanaka", "Singh",
            "Brennan", "Rossi", "Petrov", "Mensah", "Alvarez", "Fischer", "Kim", "Dubois", "Costa", "Yilmaz", "Walsh",
            "Ibrahim", "Lindqvist", "Park", "Romero", "Schmidt", "Osei", "Varga", "Ahmed"]

DOC_PASS = ["{name}'s boarding pass is shown in {tag}.",
            "{tag} is the boarding pass {name} printed before leaving for the airport.",
            "{name} checked in online and received the boarding pass in {tag}."]
DOC_PASS_INBOUND = ["{name} flies to {hub} with the boarding pass in {tag}.",
                    "{tag} is the boarding pass for {name}'s flight to {hub}."]
DOC_ITINERARY = ["{name}'s itinerary is shown in {tag}.", "{tag} is {name}'s travel itinerary.",
                 "{name} is travelling on the itinerary in {tag}."]
BOARD_ONE = ["The departures board at {airport} airport shows {tags}.", "At {airport} airport, the departures screen reads {tags}."]
BOARD_MANY = ["Each terminal of {airport} airport has its own departures screen: {tags}.",
              "The departure screens of the terminals at {airport} airport show {tags}."]
ARRIVALS = ["The arrivals board at {airport} shows {tag}.", "On landing in {airport}, the arrivals screen reads {tag}."]
NO_ARRIVALS = "{name}'s flight into {airport} lands exactly on schedule."
MCT_TEXT = ["{name} needs at least {mct} minutes between landing and the departure of the next flight.",
            "The minimum connection time at {airport} is {mct} minutes: a flight can only be caught if it leaves at "
            "least {mct} minutes after landing."]
ASK = {
    "gate": ["Which gate should {name} go to? Answer with the gate code.",
             "At which gate must {name} board the flight? Give the gate code exactly as shown.",
             "To which gate should {name} head now? Reply with the gate code only."],
    "earliest": ["{name} holds an open ticket and will take the earliest departure from {airport} that can still be "
                 "caught. To which city does that flight go?",
                 "What is the destination city of the earliest flight out of {airport} that {name} can still catch?"],
    "reachable": ["{name} can fly on to {cands} and will take whichever of these flights can still be caught and "
                  "leaves first. To which city will {name} fly?",
                  "Of {cands_and}, which destination has the earliest flight out of {airport} that {name} can still "
                  "catch?"],
    "connection_gate": ["{name} must get to {target}. If the booked connection cannot be made, {name} takes the "
                        "earliest later flight to {target} that can still be caught. From which gate will {name} "
                        "leave {airport}? Give the gate code.",
                        "Which gate should {name} go to for the first flight to {target} that can still be caught "
                        "(the booked connection if it can still be made)? Answer with the gate code."],
}


def join_words(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]
