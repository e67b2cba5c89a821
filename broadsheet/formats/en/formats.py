"""How the back office and every template print a time: the newsroom's 24 hours, with the zone.

Django's own names (FORMAT_MODULE_PATH): Wagtail prints a go-live time as DATETIME_FORMAT, so the
schedule panel says "7 Dec 2026, 09:07 MSK" where Django's English said "9:07 a.m." without a
zone. Our templates print staff times through `newsroom_time` (broadsheet/newsroom/templatetags),
which uses these; readers' datelines keep the reference page's "20:48 GMT+3, 23 January 2020".
"""

TIME_FORMAT = "H:i T"  # '20:48 MSK'
DATETIME_FORMAT = "j M Y, H:i T"  # '23 Jan 2020, 20:48 MSK'
SHORT_DATETIME_FORMAT = "d/m/Y H:i T"  # '23/01/2020 20:48 MSK'
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday
