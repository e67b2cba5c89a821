# The same as English (broadsheet/formats/en): one style whichever English the back office speaks.
from broadsheet.formats.en.formats import *  # noqa: F403
