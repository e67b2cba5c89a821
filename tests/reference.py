"""Facts of the reference article page (../shared/reference/) that the demo newsroom must mirror."""

REFERENCE_TAGS = [
    "NATO",
    "defense cooperation",
    "alliance",
    "bilateral relations",
    "diplomacy",
    "economic cooperation",
    "Vladimir Putin",
    "Xi Jinping",
    "China",
    "Russia",
]
REFERENCE_DATELINE = "20:48 GMT+3, 23 January 2020"
REFERENCE_POLL_COUNTS = [1559, 410, 312]
