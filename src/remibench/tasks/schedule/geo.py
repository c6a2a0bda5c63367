"""Where the cities are, so that a leg's flying time fits the distance it covers.

A block time (gate to gate) is taxi and climb overhead plus cruise at about 800 km/h over the
great-circle distance, rounded to 5 minutes. The itinerary uses it for every leg, and the legs
before the hub are drawn only from cities close enough to fit the day.
"""

from __future__ import annotations

import math

# (latitude, longitude) in degrees, one per city of wording.CITIES.
COORDS: dict[str, tuple[float, float]] = {
    "Los Angeles": (33.9, -118.4), "Chicago": (41.9, -87.9), "New York": (40.6, -73.8), "Boston": (42.4, -71.0),
    "Denver": (39.9, -104.7), "Seattle": (47.4, -122.3), "Miami": (25.8, -80.3), "Atlanta": (33.6, -84.4),
    "Dallas": (32.9, -97.0), "Houston": (30.0, -95.3), "Phoenix": (33.4, -112.0), "San Francisco": (37.6, -122.4),
    "Las Vegas": (36.1, -115.2), "Orlando": (28.4, -81.3), "Toronto": (43.7, -79.6), "Vancouver": (49.2, -123.2),
    "Montreal": (45.5, -73.7), "Mexico City": (19.4, -99.1), "Cancun": (21.0, -86.9), "Bogota": (4.7, -74.1),
    "Lima": (-12.0, -77.1), "Santiago": (-33.4, -70.8), "Buenos Aires": (-34.8, -58.5), "Sao Paulo": (-23.4, -46.5),
    "Rio de Janeiro": (-22.8, -43.2), "London": (51.5, -0.5), "Paris": (49.0, 2.5), "Amsterdam": (52.3, 4.8),
    "Frankfurt": (50.0, 8.6), "Munich": (48.4, 11.8), "Zurich": (47.5, 8.6), "Vienna": (48.1, 16.6),
    "Madrid": (40.5, -3.6), "Barcelona": (41.3, 2.1), "Lisbon": (38.8, -9.1), "Rome": (41.8, 12.2),
    "Milan": (45.6, 8.7), "Athens": (37.9, 23.9), "Istanbul": (41.3, 28.7), "Dublin": (53.4, -6.3),
    "Copenhagen": (55.6, 12.6), "Oslo": (60.2, 11.1), "Stockholm": (59.7, 17.9), "Helsinki": (60.3, 25.0),
    "Warsaw": (52.2, 21.0), "Prague": (50.1, 14.3), "Budapest": (47.4, 19.3), "Brussels": (50.9, 4.5),
    "Geneva": (46.2, 6.1), "Edinburgh": (55.9, -3.4), "Manchester": (53.4, -2.3), "Dubai": (25.3, 55.4),
    "Doha": (25.3, 51.6), "Cairo": (30.1, 31.4), "Nairobi": (-1.3, 36.9), "Johannesburg": (-26.1, 28.2),
    "Cape Town": (-34.0, 18.6), "Lagos": (6.6, 3.3), "Casablanca": (33.4, -7.6), "Tel Aviv": (32.0, 34.9),
    "Mumbai": (19.1, 72.9), "Delhi": (28.6, 77.1), "Bangalore": (13.2, 77.7), "Singapore": (1.4, 104.0),
    "Bangkok": (13.7, 100.7), "Hong Kong": (22.3, 113.9), "Tokyo": (35.5, 139.8), "Osaka": (34.4, 135.2),
    "Seoul": (37.5, 126.4), "Beijing": (40.1, 116.6), "Shanghai": (31.1, 121.8), "Taipei": (25.1, 121.2),
    "Manila": (14.5, 121.0), "Jakarta": (-6.1, 106.7), "Kuala Lumpur": (2.7, 101.7), "Sydney": (-33.9, 151.2),
    "Melbourne": (-37.7, 144.8), "Auckland": (-37.0, 174.8), "Honolulu": (21.3, -157.9), "Anchorage": (61.2, -150.0),
    "Minneapolis": (44.9, -93.2), "Detroit": (42.2, -83.4), "Philadelphia": (39.9, -75.2), "Washington": (38.9, -77.5),
    "Charlotte": (35.2, -80.9), "Nashville": (36.1, -86.7), "New Orleans": (30.0, -90.3), "Austin": (30.2, -97.7),
    "San Diego": (32.7, -117.2), "Portland": (45.6, -122.6), "Salt Lake City": (40.8, -112.0), "Calgary": (51.1, -114.0),
    "Havana": (23.0, -82.4), "Panama City": (9.1, -79.4), "San Jose": (10.0, -84.2), "Reykjavik": (64.0, -22.6),
    "Hamburg": (53.6, 10.0), "Berlin": (52.4, 13.5), "Nice": (43.7, 7.2), "Lyon": (45.7, 5.1),
    "Porto": (41.2, -8.7), "Seville": (37.4, -5.9), "Venice": (45.5, 12.4), "Naples": (40.9, 14.3),
    "Krakow": (50.1, 19.8), "Riga": (56.9, 23.97), "Tallinn": (59.4, 24.8), "Vilnius": (54.6, 25.3),
    "Bucharest": (44.6, 26.1), "Sofia": (42.7, 23.4), "Belgrade": (44.8, 20.3), "Zagreb": (45.7, 16.1),
    "Marrakesh": (31.6, -8.0), "Tunis": (36.9, 10.2), "Accra": (5.6, -0.2), "Addis Ababa": (9.0, 38.8),
    "Riyadh": (24.96, 46.7), "Muscat": (23.6, 58.3), "Karachi": (24.9, 67.2), "Colombo": (7.2, 79.9),
    "Kathmandu": (27.7, 85.4), "Hanoi": (21.2, 105.8), "Perth": (-31.9, 115.97), "Brisbane": (-27.4, 153.1),
    "Quito": (-0.1, -78.4),
}
CRUISE_KMH = 800
OVERHEAD_MIN = 40


def distance_km(a: str, b: str) -> float:
    """Great-circle distance between two cities."""
    (lat1, lon1), (lat2, lon2) = COORDS[a], COORDS[b]
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def block_minutes(a: str, b: str) -> int:
    """Scheduled gate-to-gate time of a direct flight, a multiple of 5 minutes (at least 45)."""
    raw = OVERHEAD_MIN + distance_km(a, b) / CRUISE_KMH * 60
    return max(45, 5 * round(raw / 5))
