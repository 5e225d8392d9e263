"""Quantities in English and Portuguese text, read into one form so that the two languages compare.

``quantities`` finds figures with what they count: "27,5%" and "27.5 percent" are both 27.5
percent, "9 trilhões de ienes" and "9 trillion yen" both 9e12 JPY, "2 de abril" and "April 2"
the same date, "9h30" and "9:30 a.m." the same time. ``same_quantity`` says whether two state the
same thing, allowing for the rounding of the less precise one and for unit conversions ("20 feet",
"seis metros"); ``comparable`` says whether they measure the same kind of thing at a like
magnitude, so that a difference between them is a contradiction rather than two different
facts. ``render`` writes a quantity the way a language does.

Text is read in one pass over atoms (a run of digits and separators, a run of letters, or one
other character), so no regex can backtrack; values stay ``Decimal``, so "1e999", a 400-digit
figure or "NaN" can neither overflow nor raise.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext

from .words import fold, is_function_word

_ATOM = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")
# Thousands grouped by spaces ("45 000", "2 500,5"): a non-breaking, narrow or thin space in either language,
# a plain one in Portuguese only ("on May 5 200 people" is English for a date and a count). Three digits a group.
_GROUP_SPACES = "\u00a0\u202f\u2009"
_SPACED_ATOM = {lang: re.compile(rf"\d{{1,3}}(?:[{spaces}]\d{{3}})+(?!\d)(?:[.,]\d+)*|{_ATOM.pattern}")
                for lang, spaces in (("en", _GROUP_SPACES), ("pt", " " + _GROUP_SPACES))}
# Fixed, so that results never depend on a caller's decimal context; exponents without bound, so nothing overflows.
_ARITHMETIC = Context(prec=60, Emax=MAX_EMAX, Emin=MIN_EMIN)

_DASHES = frozenset({"-", "–"})
_GLUED_DEGREES = {"C": "celsius", "F": "fahrenheit"}  # a capital glued to a figure, no degree sign: "42.5C", "98F"
_JOINERS = frozenset({":", "/", ".", ",", "#"})  # glued before a figure, they make it part of a code or a time
CALENDAR_KINDS = frozenset({"date", "month", "weekday", "time"})
_PLAUSIBLE_RATIO = Decimal(10_000)  # two figures further apart than this are two facts, not one misstated
_CONVERSION_SLACK = Decimal("0.1")  # "385 miles" becomes "600 km": a converted figure is rounded freely

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"),
}
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                        "oct": 10, "nov": 11, "dec": 12}  # English, read only with their dot: "Sept."
# "May" is also a verb: it is a month only after one of these words, or next to a figure ("2 May", "May 2").
_BEFORE_MAY = frozenset("in of on since until till by from to during through before after early mid late last next "
                        "this end beginning between and or".split())
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
}
# Before an English weekday, these make it a day; otherwise a capitalised word after it makes it part of a
# name: "on Friday Trump said", but "The Sunday Times", "Saturday Night Live".
_BEFORE_WEEKDAY = frozenset("on last next this by until till since early late from to through before after of every "
                            "and or".split())
# Portuguese often drops "-feira", but "segunda" and "quinta" are also "second" and "fifth": a short form is a
# weekday after one of these words and before no noun ("na quinta, às 19h30", not "na segunda rodada").
_SHORT_WEEKDAYS = {"segunda": 1, "terca": 2, "quarta": 3, "quinta": 4, "sexta": 5}
_BEFORE_SHORT_WEEKDAY = frozenset({"na", "nesta", "desta", "ultima", "proxima", "toda"})
_DAY_PARTS = frozenset({"manha", "tarde", "noite", "madrugada"})  # "na tarde de sexta"
_MERIDIEMS = {"a.m.": "am", "a.m": "am", "am": "am", "p.m.": "pm", "p.m": "pm", "pm": "pm"}

_NUMBER_WORDS = {
    "en": dict(zip("zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                   "seventeen eighteen nineteen twenty".split(), [0, *range(2, 21)]))
    | dict(zip("thirty forty fifty sixty seventy eighty ninety".split(), range(30, 100, 10))),
    "pt": dict(zip("zero dois tres quatro cinco seis sete oito nove dez onze doze treze quatorze quinze dezesseis "
                   "dezessete dezoito dezenove vinte".split(), [0, *range(2, 21)]))
    | dict(zip("trinta quarenta cinquenta sessenta setenta oitenta noventa".split(), range(30, 100, 10)))
    | {"duas": 2, "catorze": 14, "dezasseis": 16, "dezassete": 17, "dezanove": 19, "cem": 100, "mil": 1000},
}
# "one", "a", "um" are mostly articles and pronouns: they count only before a scale word ("a million").
_ONE = {"en": frozenset({"one", "a", "an"}), "pt": frozenset({"um", "uma"})}

_SCALES = {
    "en": {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "dozen": 12,
           "mn": 10**6, "bn": 10**9, "tn": 10**12},
    "pt": {"centena": 100, "dezena": 10, "duzia": 12, "mil": 10**3, "milhao": 10**6, "milhoes": 10**6,
           "bilhao": 10**9, "bilhoes": 10**9, "trilhao": 10**12, "trilhoes": 10**12, "mi": 10**6, "bi": 10**9,
           "tri": 10**12,
           # European Portuguese counts on the long scale
           "biliao": 10**12, "bilioes": 10**12, "triliao": 10**18, "trilioes": 10**18},
}
_CURRENCY_SCALES = {"m": 10**6, "k": 10**3}  # "$5m", "€20k": read so only after a currency sign
_CURRENCY_SIGNS = {("us", "$"): "USD", ("u", "$"): "USD", ("r", "$"): "BRL", ("c", "$"): "CAD", ("a", "$"): "AUD",
                   ("hk", "$"): "HKD", ("$",): "USD", ("€",): "EUR", ("£",): "GBP", ("¥",): "JPY"}
# "125th Street" stays English in Portuguese text, so both languages' suffixes are read in both; "1º" folds to "1o".
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "o", "a"})
_RANGE_WORDS = frozenset({"to", "and", "or", "a", "e", "ou", "-", "–"})  # "2 to 3 inches", "entre 7,5 e 15 cm"

# unit -> (singular, plural) as each language writes it: read in text and written in suggestions.
_UNIT_NAMES = {
    "en": {
        "USD": ("dollar", "dollars"), "JPY": ("yen", "yen"), "EUR": ("euro", "euros"), "BRL": ("real", "reais"),
        "GBP": ("pound sterling", "pounds sterling"), "CNY": ("yuan", "yuan"),
        "percent": ("percent", "percent"), "pp": ("percentage point", "percentage points"),
        "minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days"), "week": ("week", "weeks"),
        "month": ("month", "months"), "year": ("year", "years"),
        "mm": ("millimetre", "millimetres"), "cm": ("centimetre", "centimetres"), "m": ("metre", "metres"),
        "km": ("kilometre", "kilometres"), "inch": ("inch", "inches"), "ft": ("foot", "feet"),
        "yard": ("yard", "yards"), "mile": ("mile", "miles"),
        "g": ("gram", "grams"), "kg": ("kilogram", "kilograms"), "t": ("tonne", "tonnes"), "lb": ("lb", "lb"),
        "l": ("litre", "litres"), "gallon": ("gallon", "gallons"), "barrel": ("barrel", "barrels"),
        "ha": ("hectare", "hectares"), "acre": ("acre", "acres"), "km/h": ("km/h", "km/h"), "mph": ("mph", "mph"),
        "celsius": ("°C", "°C"), "fahrenheit": ("°F", "°F"),
    },
    "pt": {
        "USD": ("dólar", "dólares"), "JPY": ("iene", "ienes"), "EUR": ("euro", "euros"), "BRL": ("real", "reais"),
        "GBP": ("libra", "libras"), "CNY": ("iuane", "iuanes"),
        "percent": ("por cento", "por cento"), "pp": ("ponto percentual", "pontos percentuais"),
        "minute": ("minuto", "minutos"), "hour": ("hora", "horas"), "day": ("dia", "dias"),
        "week": ("semana", "semanas"), "month": ("mês", "meses"), "year": ("ano", "anos"),
        "mm": ("milímetro", "milímetros"), "cm": ("centímetro", "centímetros"), "m": ("metro", "metros"),
        "km": ("quilômetro", "quilômetros"), "inch": ("polegada", "polegadas"), "ft": ("pé", "pés"),
        "yard": ("jarda", "jardas"), "mile": ("milha", "milhas"),
        "g": ("grama", "gramas"), "kg": ("quilo", "quilos"), "t": ("tonelada", "toneladas"), "lb": ("lb", "lb"),
        "l": ("litro", "litros"), "gallon": ("galão", "galões"), "barrel": ("barril", "barris"),
        "ha": ("hectare", "hectares"), "acre": ("acre", "acres"), "km/h": ("km/h", "km/h"), "mph": ("mph", "mph"),
        "celsius": ("°C", "°C"), "fahrenheit": ("°F", "°F"),
    },
}
_UNIT_ALIASES = {
    "en": {
        "%": "percent", "per cent": "percent", "pct": "percent", "percentage pts": "pp",
        "us dollars": "USD", "u . s . dollars": "USD", "reals": "BRL",
        "usd": "USD", "eur": "EUR", "jpy": "JPY", "brl": "BRL", "gbp": "GBP", "cny": "CNY",
        "min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour",
        "mm": "mm", "millimeter": "mm", "millimeters": "mm", "cm": "cm", "centimeter": "cm", "centimeters": "cm",
        "meter": "m", "meters": "m", "km": "km", "kilometer": "km", "kilometers": "km", "ft": "ft",
        "kg": "kg", "kilo": "kg", "kilos": "kg", "ton": "t", "tons": "t", "lbs": "lb", "liter": "l", "liters": "l",
        "kilometres per hour": "km/h", "kilometers per hour": "km/h", "miles per hour": "mph",
        "celsius": "celsius", "degrees celsius": "celsius",
        "fahrenheit": "fahrenheit", "degrees fahrenheit": "fahrenheit",
    },
    "pt": {
        "%": "percent", "p . p .": "pp", "libra esterlina": "GBP", "libras esterlinas": "GBP",
        "usd": "USD", "eur": "EUR", "jpy": "JPY", "brl": "BRL",
        "mm": "mm", "cm": "cm", "km": "km", "kg": "kg", "quilograma": "kg", "quilogramas": "kg",
        "km por hora": "km/h", "quilômetros por hora": "km/h", "milhas por hora": "mph",
        "celsius": "celsius", "graus celsius": "celsius", "fahrenheit": "fahrenheit", "graus fahrenheit": "fahrenheit",
        "ºc": "celsius",  # "25ºC", the ordinal sign for the degree sign; it folds to "oc" ("ºF" would be "of")
    },
}
# What a unit measures -> its units' sizes in the base one: a figure the writer converted ("20 feet",
# "seis metros") is the same fact. Units not listed (currencies, percent) measure only themselves.
_SIZES: dict[str, dict[str, str | Decimal]] = {
    "length": {"mm": "0.001", "cm": "0.01", "m": "1", "km": "1000", "inch": "0.0254", "ft": "0.3048", "yard": "0.9144",
               "mile": "1609.344"},
    "mass": {"g": "0.001", "kg": "1", "t": "1000", "lb": "0.45359237"},
    "volume": {"l": "1", "gallon": "3.785411784"},
    "area": {"ha": "1", "acre": "0.40468564224"},
    "speed": {"km/h": "1", "mph": "1.609344"},
    "duration": {"minute": "60", "hour": "3600", "day": "86400", "week": "604800", "month": "2629746",
                 "year": "31556952"},
    "temperature": {"celsius": "1", "fahrenheit": _ARITHMETIC.divide(5, 9)},
    "percent": {"pp": "1"},  # a rate read as percent or percentage points is still one rate
}
_MEASURES = {unit: (measure, Decimal(size)) for measure, units in _SIZES.items() for unit, size in units.items()}
_ZEROS = {"fahrenheit": _ARITHMETIC.divide(-160, 9)}  # 0 °F in °C
_UNIT_PREFIXES = {"en": {"USD": "$", "EUR": "€", "GBP": "£", "BRL": "R$"},
                  "pt": {"USD": "US$ ", "EUR": "€ ", "GBP": "£ ", "BRL": "R$ "}}
_SCALE_NAMES = {
    "en": {10**12: ("trillion", "trillion"), 10**9: ("billion", "billion"), 10**6: ("million", "million")},
    "pt": {10**12: ("trilhão", "trilhões"), 10**9: ("bilhão", "bilhões"), 10**6: ("milhão", "milhões")},
}


@dataclass(frozen=True)
class _Phrases:
    """Phrases keyed by their atoms, folded (or only lowercased): "segunda-feira" -> ("segunda", "-", "feira")."""

    values: dict[tuple[str, ...], str]
    first_words: frozenset[str]  # most atoms start no phrase: say so at once
    longest: int
    accented: bool

    @classmethod
    def of(cls, names: dict[str, str], accented: bool = False) -> _Phrases:
        key = str.lower if accented else fold
        values = {tuple(key(m.group()) for m in _ATOM.finditer(name)): value for name, value in names.items()}
        return cls(values, frozenset(words[0] for words in values), max(map(len, values)), accented)


def _language_tables(lang: str) -> dict:
    units = {name: unit for unit, forms in _UNIT_NAMES[lang].items() for name in forms} | _UNIT_ALIASES[lang]
    return {
        "units": _Phrases.of(units),
        # Accents kept: "março" is March, "marco" a landmark.
        "months": _Phrases.of({name: str(n) for n, name in enumerate(_MONTHS[lang], 1)}, accented=True),
        "weekdays": _Phrases.of({name: str(n) for n, name in enumerate(_WEEKDAYS[lang], 1)}),
        "numbers": _NUMBER_WORDS[lang], "one": _ONE[lang], "scales": _SCALES[lang],
    }


_TABLES = {lang: _language_tables(lang) for lang in ("en", "pt")}
_MERIDIEM_PHRASES = _Phrases.of(_MERIDIEMS)


@dataclass(frozen=True)
class Quantity:
    """A figure found in text, ``text[start:end]``, with its value in a form shared by all languages.

    ``kind`` is "number", "year", "ordinal", "slashed" (two whole figures joined by a slash, as a
    fraction "2/3" or a day and month "28/12" is written, value the first over the second; or a date
    with its year, "28/12/2025", value its figures in order, 20252812), or for
    the calendar "date" (value month * 100 + day),
    "month" (1-12), "weekday" (1 = Monday) or "time" (minutes after midnight). ``step`` is the
    rounding unit of the figure as written: 1 for "24%", 0.1 for "27,5%", 1e12 for "9 trilhões".
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str = ""
    kind: str = "number"
    step: Decimal = Decimal(1)

    @property
    def family(self) -> str:
        """What it measures: quantities of one family can contradict each other."""
        if self.kind in ("date", "month"):
            return "date"
        if self.kind != "number":
            return self.kind
        return _MEASURES[self.unit][0] if self.unit in _MEASURES else self.unit or "number"

    @property
    def spelled_out(self) -> bool:
        """Written in words only ("dois", "twenty-five"), no digit."""
        return not any(ch.isdigit() for ch in self.text)

    @property
    def contestable(self) -> bool:
        """Can another figure contradict it? Not an ordinal, which often counts something else once rephrased
        ("89th minute", "2º tempo"), nor a bare number in words, as often idiom as a count ("os dois", "both")."""
        return self.kind != "ordinal" and not (self.family == "number" and self.spelled_out)


def quantities(text: str, lang: str) -> list[Quantity]:
    """Every quantity of ``text``, in order; ``lang`` ("en", "pt") decides "1.500" and "1,500"."""
    with localcontext(_ARITHMETIC):
        return _Reader(text, lang).read()


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Do they state the same thing? Equal within the rounding of the less precise, in units that agree."""
    if a.text == b.text:  # written alike: "1,500" copied into Portuguese is the source's figure, whatever the locale
        return True
    if a.kind in CALENDAR_KINDS or b.kind in CALENDAR_KINDS:
        return _same_day(a, b)
    if "slashed" in (a.kind, b.kind):  # "28/12" is "12/28" written the other way round
        return a.kind == b.kind and _same_slashed(a, b)
    with localcontext(_ARITHMETIC):
        if not a.unit or not b.unit or a.unit == b.unit:  # a bare figure agrees with any unit
            return abs(a.value - b.value) <= max(a.step, b.step) / 2
        if a.family != b.family:
            return False
        (value_a, step_a), (value_b, step_b) = _in_base(a), _in_base(b)
        slack = max(step_a, step_b) / 2 + _CONVERSION_SLACK * max(abs(value_a), abs(value_b))
        return abs(value_a - value_b) <= slack


def comparable(a: Quantity, b: Quantity) -> bool:
    """Could one be a misstatement of the other? Both contestable, of one family and, for amounts, of a like
    magnitude. An age is a bare figure in English ("Jones, 52,") and years in Portuguese ("52 anos").
    Weekdays a day apart are one event told from two time zones ("Friday, Japan time")."""
    one_bare = a.kind == b.kind == "number" and {a.unit, b.unit} == {"", "year"}
    if _misread_year(a, b) or _misread_year(b, a):
        return a.contestable and b.contestable
    if not (a.contestable and b.contestable) or (a.family != b.family and not one_bare):
        return False
    if a.kind == "weekday":
        apart = int(abs(a.value - b.value)) % 7
        return min(apart, 7 - apart) > 1
    if a.kind in CALENDAR_KINDS or a.kind in ("year", "slashed"):
        return True
    with localcontext(_ARITHMETIC):
        values = (a.value, b.value) if one_bare else (_in_base(a)[0], _in_base(b)[0])
        small, large = sorted(map(abs, values))
        return large <= max(small, Decimal(1)) * _PLAUSIBLE_RATIO


def _misread_year(bare: Quantity, year: Quantity) -> bool:
    """A four-digit figure where the other side has a year ("desde 1590" for "since 1950") is a year gone wrong."""
    return (bare.kind == "number" and not bare.unit and year.kind == "year" and bare.value == bare.value.to_integral_value()
            and 1000 <= bare.value <= 9999)


def _in_base(q: Quantity) -> tuple[Decimal, Decimal]:
    """Value and step in the base unit of what it measures: 20 feet -> 6.096 (metres)."""
    if q.unit not in _MEASURES:
        return q.value, q.step
    size = _MEASURES[q.unit][1]
    return q.value * size + _ZEROS.get(q.unit, 0), q.step * size


def _same_day(a: Quantity, b: Quantity) -> bool:
    if a.kind in ("weekday", "time") or b.kind in ("weekday", "time"):
        return a.kind == b.kind and a.value == b.value
    if a.kind not in CALENDAR_KINDS or b.kind not in CALENDAR_KINDS:
        return False
    (month_a, day_a), (month_b, day_b) = (_month_day(a), _month_day(b))
    return month_a == month_b and (day_a == day_b or 0 in (day_a, day_b))  # "abril" covers "April 2"


def impossible_date(q: Quantity) -> bool:
    """A day past the end of its month: "39 de setembro", "30 de fevereiro"."""
    if q.kind != "date":
        return False
    month, day = _month_day(q)
    return day > _DAYS_IN_MONTH[month - 1]


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# between the figures of a date: "28/12/2025", "28-12-2025", "28.12.2025" (the last two only with the year)
_DATE_SEPARATOR = re.compile(r"[/.-]")
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


def _figures_of(text: str) -> list[str]:
    """The figures of a slashed quantity or a date in figures, whichever separator it is written with."""
    return _DATE_SEPARATOR.split(text)


def _separator(text: str) -> str:
    found = _DATE_SEPARATOR.search(text)
    return found.group() if found else "/"


def _order_of(text: str, lang: str) -> str:
    """The language whose order a date in figures is read in: a dotted one ("5.6.2025") is day first in English too."""
    return "" if _separator(text) == "." else lang


def _slashed_parts(q: Quantity) -> tuple[str, ...]:
    return tuple(part.lstrip("0") for part in _figures_of(q.text))


def _day_first(q: Quantity) -> str:
    """A date with its year as Portuguese writes it, day first, when it is surely written month first ("12/29/2025")."""
    parts = _figures_of(q.text)
    if len(parts) == 3 and int(parts[0]) <= 12 < int(parts[1]):
        parts[:2] = parts[1::-1]
    return _separator(q.text).join(parts)


def _same_slashed(a: Quantity, b: Quantity) -> bool:
    """One fraction, or one day of the year written day first or month first: "28/12/2025" is "12/28/25".
    A date with a year and one without agree on the day ("28/12" and "12/28/2025")."""
    parts_a, parts_b = _slashed_parts(a), _slashed_parts(b)
    if len(parts_a) == len(parts_b) == 2 and a.value == b.value:
        return True
    if parts_a[:2] != parts_b[:2] and parts_a[:2] != parts_b[1::-1]:
        return False
    if len(parts_a) == 3 and len(parts_b) == 3:
        short = min(len(parts_a[2]), len(parts_b[2]))  # "25" is the year "2025" written short
        return parts_a[2][-short:] == parts_b[2][-short:] if short else parts_a[2] == parts_b[2]
    return True


def day_and_year(q: Quantity, lang: str, named: Sequence[Quantity] = ()) -> list[Quantity]:
    """A date written in figures with its year, "28/12/2025", as the two facts it states: the day of the year
    ("28/12", a "date") and the year ("2025"; "25" is 2025 and "99" 1999, as POSIX reads two digits), each with
    its own span, so each can be held to a source that names the month ("December 28, 2025"). The day comes first
    as ``lang`` writes it (month first in English) unless only the other order is a date.

    Two figures without a year ("segunda-feira (28/12)", as Brazilian news dates a day) are as often a fraction
    ("2/3 dos eleitores"): they are a day only when they share the day or the month of a date in ``named`` (the
    source's). Any other quantity as it is."""
    parts = _figures_of(q.text)
    if q.kind != "slashed" or len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return [q]
    first, second = int(parts[0]), int(parts[1])
    month_first = _month_first(first, second, _order_of(q.text, lang))
    if month_first is None:
        return [q]
    month, day = (first, second) if month_first else (second, first)
    day_end = q.start + len(parts[0]) + 1 + len(parts[1])
    date = Quantity(q.start, day_end, q.text[:day_end - q.start], Decimal(month * 100 + day), kind="date")
    if len(parts) == 2:
        shares = any(n.kind == "date" and (_month_day(n)[0] == month or _month_day(n)[1] == day) for n in named)
        return [date] if shares else [q]
    year = int(parts[2])
    if len(parts[2]) == 2:
        year += 1900 if year >= _TWO_DIGIT_PIVOT else 2000
    return [date, Quantity(q.end - len(parts[2]), q.end, parts[2], Decimal(year), kind="year")]


_TWO_DIGIT_PIVOT = 69  # POSIX strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068


def _month_first(first: int, second: int, lang: str) -> bool | None:
    """Whether two figures of a date are month then day: in English when both orders are dates; else only when
    day first is not one. None when neither order is a date."""
    day_first = 1 <= first <= 31 and 1 <= second <= 12
    month_first = 1 <= first <= 12 and 1 <= second <= 31
    if not (day_first or month_first):
        return None
    return month_first and (lang == "en" or not day_first)


def in_figures(day: Quantity, written: Quantity, lang: str) -> str:
    """A day of the year in figures, in the order and widths of ``written``, a day written in figures in ``lang``
    ("28/12" for December 28 where "27/12" is written); "" for a month without its day or ``written`` in words."""
    parts = _figures_of(written.text)
    if len(parts) != 2 or day.kind != "date" or not all(p.isdigit() for p in parts):
        return ""
    month, day_of_month = _month_day(day)
    month_first = _month_first(int(parts[0]), int(parts[1]), _order_of(written.text, lang))
    figures = (month, day_of_month) if month_first else (day_of_month, month)
    return _separator(written.text).join(f"{figure:0{len(part)}d}" for figure, part in zip(figures, parts))


def _is_day(q: Quantity) -> bool:
    """A bare whole figure that could be a day of the month."""
    return q.kind == "number" and not q.unit and q.step == 1 and q.value in range(1, 32)


def _month_day(q: Quantity) -> tuple[int, int]:
    return divmod(int(q.value), 100) if q.kind == "date" else (int(q.value), 0)


def value_text(q: Quantity) -> str:
    """The value in plain, language-free words, for evidence: "27.5 percent", "--04-02", "09:30"."""
    if q.kind in ("date", "month"):
        month, day = _month_day(q)
        return f"--{month:02d}-{day:02d}" if day else f"--{month:02d}"
    if q.kind == "time":
        return "{:02d}:{:02d}".format(*divmod(int(q.value), 60))
    if q.kind in ("weekday", "ordinal"):
        return f"{q.kind} {q.value}"
    if q.kind == "slashed":
        return q.text
    return f"{format(q.value, 'f')} {q.unit}".strip()


def render(q: Quantity, lang: str) -> str:
    """The quantity as ``lang`` writes it: "27,5%", "9 trilhões de ienes", "April 2", "US$ 63 bilhões"."""
    lang = lang if lang in _TABLES else "en"
    if q.kind in CALENDAR_KINDS:
        return _render_calendar(q, lang)
    if q.kind == "year":
        return format(q.value, "f")
    if q.kind == "slashed":
        return _day_first(q) if lang == "pt" else q.text
    with localcontext(_ARITHMETIC):
        mantissa, step, scale_word = _scaled(q, lang)
        figure = _format_figure(mantissa, step, lang)
    if q.kind == "ordinal":
        return figure + ("º" if lang == "pt" else _english_ordinal_suffix(int(mantissa)))
    number = f"{figure} {scale_word}" if scale_word else figure
    if not q.unit:
        return number
    if q.unit == "percent":
        return number + "%"
    if q.unit in _UNIT_PREFIXES[lang]:
        return _UNIT_PREFIXES[lang][q.unit] + number
    singular, plural = _UNIT_NAMES[lang].get(q.unit, (q.unit, q.unit))
    name = singular if mantissa == 1 and not scale_word else plural
    return f"{number}{' de ' if lang == 'pt' and scale_word else ' '}{name}"


def _render_calendar(q: Quantity, lang: str) -> str:
    if q.kind == "weekday":
        return _WEEKDAYS[lang][int(q.value) - 1]
    if q.kind == "time":
        hours, minutes = divmod(int(q.value), 60)
        if lang == "pt":
            return f"{hours}h{minutes:02d}" if minutes else f"{hours}h"
        clock = f"{(hours - 1) % 12 + 1}:{minutes:02d}" if minutes else str((hours - 1) % 12 + 1)
        return f"{clock} {'p.m.' if hours >= 12 else 'a.m.'}"
    month, day = _month_day(q)
    name = _MONTHS[lang][month - 1]
    if not day:
        return name
    return f"{day} de {name}" if lang == "pt" else f"{name} {day}"


def _scaled(q: Quantity, lang: str) -> tuple[Decimal, Decimal, str]:
    """A large round figure as mantissa and scale word: 6.3e10 -> 63, "billion"."""
    for scale, (singular, plural) in _SCALE_NAMES[lang].items():
        if abs(q.value) >= scale and q.step >= scale // 1000:
            mantissa = q.value / scale
            return mantissa, q.step / scale, singular if abs(mantissa) < 2 else plural
    return q.value, q.step, ""


def _format_figure(value: Decimal, step: Decimal, lang: str) -> str:
    shown = max(0, -step.adjusted())
    needed = max(0, -value.normalize().as_tuple().exponent)  # "1,000 bilhão" reads better as "1 bilhão"
    written = format(value, f",.{min(shown, needed)}f")
    return written.translate(str.maketrans(",.", ".,")) if lang == "pt" else written


def _english_ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def read_figure(written: str, lang: str) -> tuple[Decimal, Decimal] | None:
    """Digits with separators -> (value, rounding step); the locale decides only what the shape cannot.

    "1.500" is 1500 in Portuguese and 1.5 in English; "27.5" and "27,5" are 27.5 in both, since
    a thousands separator is always followed by three digits. Shapes that fit no reading
    ("1.2.3", "12,34,5") give None.
    """
    written = re.sub(f"[ {_GROUP_SPACES}]", "", written)
    groups = re.split(r"[.,]", written)
    marks = [ch for ch in written if ch in ".,"]
    if not marks:
        return Decimal(written), Decimal(1)
    thousands_shaped = 1 <= len(groups[0]) <= 3 and groups[0] != "0" and all(len(g) == 3 for g in groups[1:])
    if len(set(marks)) == 2:  # "1.500,25" / "1,500.25": the last mark alone is the decimal one
        if marks.count(marks[-1]) != 1 or not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:-1])):
            return None
        return _decimal("".join(groups[:-1]), groups[-1])
    if len(marks) > 1:
        return (Decimal("".join(groups)), Decimal(1)) if thousands_shaped else None
    decimal_mark = "," if lang == "pt" else "."
    if marks[0] != decimal_mark and thousands_shaped:
        return Decimal("".join(groups)), Decimal(1)
    return _decimal(groups[0], groups[1])


def _decimal(whole: str, fraction: str) -> tuple[Decimal, Decimal]:
    return Decimal(f"{whole}.{fraction}"), Decimal(1).scaleb(-len(fraction))


class _Reader:
    """One pass over the atoms of a text, reading a quantity wherever one starts."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang if lang in _TABLES else "en"
        self.tables = _TABLES[self.lang]
        self.atoms = [(m.start(), m.end(), m.group()) for m in _SPACED_ATOM[self.lang].finditer(text)]
        self.keys = [fold(atom) for _, _, atom in self.atoms]
        self.lowered = [atom.lower() for _, _, atom in self.atoms]

    def read(self) -> list[Quantity]:
        found: list[tuple[Quantity, int]] = []  # with the scale its figure was multiplied by
        i = 0
        while i < len(self.atoms):
            read = self._calendar(i) or self._slashed(i) or self._amount(i)
            if read is None:
                i += 1
                continue
            quantity, i, scale = read
            found.append((quantity, scale))
        return self._ranges(found)

    def _ranges(self, found: list[tuple[Quantity, int]]) -> list[Quantity]:
        """A bare figure in a range takes what its neighbour counts: "2 to 3 inches", "de 5 a 10 bilhões",
        "24 e 25 de abril", "April 2 and 3"."""
        read = [q for q, _ in found]
        for n in range(len(found) - 1):
            (first, first_scale), (second, scale) = found[n], found[n + 1]
            if fold(self.text[first.end:second.start].strip()) not in _RANGE_WORDS:
                continue
            unitless = first.kind == "number" and not first.unit and first_scale == 1
            if unitless and second.kind == "number" and (second.unit or scale != 1):
                read[n] = replace(first, value=first.value * scale, step=first.step * scale, unit=second.unit)
            elif _is_day(first) and second.kind == "date":
                read[n] = replace(first, value=_month_day(second)[0] * 100 + first.value, kind="date")
            elif first.kind == "date" and _is_day(second):
                read[n + 1] = replace(second, value=_month_day(first)[0] * 100 + second.value, kind="date")
        return read

    # atoms

    def key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < len(self.keys) else ""

    def glued(self, i: int) -> bool:
        """Atom i touches the one before it (no space between)."""
        return 0 < i < len(self.atoms) and self.atoms[i - 1][1] == self.atoms[i][0]

    def is_figure(self, i: int) -> bool:
        return 0 <= i < len(self.atoms) and self.atoms[i][2][0].isdecimal()

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.atoms) and self.atoms[i][2][0].isalpha()

    def phrase(self, i: int, phrases: _Phrases) -> tuple[str, int] | None:
        """The longest of ``phrases`` starting at atom i: (its value, the atom after it)."""
        keys = self.lowered if phrases.accented else self.keys
        if i >= len(keys) or keys[i] not in phrases.first_words:
            return None
        for length in range(min(phrases.longest, len(keys) - i), 0, -1):
            value = phrases.values.get(tuple(keys[i:i + length]))
            if value is not None:
                return value, i + length
        return None

    def quantity(self, first: int, after: int, value: Decimal | int, unit: str = "", kind: str = "number",
                 step: Decimal = Decimal(1), scale: int = 1) -> tuple[Quantity, int, int]:
        start, end = self.atoms[first][0], self.atoms[after - 1][1]
        return Quantity(start, end, self.text[start:end], Decimal(value), unit, kind, step), after, scale

    def starts_cleanly(self, i: int) -> bool:
        """Not the tail of a code or a word: "G7", "Covid-19", "e999", "10:30", "1/2"."""
        if not self.glued(i):
            return True
        before = self.atoms[i - 1][2]
        if self._score_mark(i - 1):
            return True
        if self.is_word(i - 1) or self.is_figure(i - 1) or before in _JOINERS:
            return False
        return not (before in _DASHES and self.glued(i - 1) and self.is_word(i - 2))

    def ends_cleanly(self, after: int) -> bool:
        """Not followed by letters or digits that make it a code: "1e999", "5G", "1990s", "10:30"."""
        if after >= len(self.atoms) or not self.glued(after):
            return True
        following = self.atoms[after][2]
        if self._score_mark(after):
            return True
        if following in (":", "/"):
            return not self.is_figure(after + 1)
        return not (self.is_word(after) or self.is_figure(after))

    def _score_mark(self, i: int) -> bool:
        """The "x" of a Portuguese score, "2x0", which English writes "2-0"."""
        return (self.key(i) == "x" and self.glued(i) and self.glued(i + 1)
                and self.is_figure(i - 1) and self.is_figure(i + 1))

    # calendar

    def _calendar(self, i: int) -> tuple[Quantity, int, int] | None:
        weekday = self._weekday(i)
        if weekday is not None:
            return self.quantity(i, weekday[1], weekday[0], kind="weekday")
        month = self._month(i)
        if month is not None:
            number, after = month
            day = self._day(after)
            if day is not None:
                return self.quantity(i, day[1], number * 100 + day[0], kind="date")
            return self.quantity(i, after, number, kind="month")
        time = self._time(i)
        if time is not None:
            return self.quantity(i, time[1], time[0], kind="time")
        day = self._day(i)
        if day is None:
            return None
        after = day[1] + 1 if self.key(day[1]) == ("de" if self.lang == "pt" else "of") else day[1]
        month = self._month(after)
        if month is None:
            return None
        return self.quantity(i, month[1], month[0] * 100 + day[0], kind="date")

    def _weekday(self, i: int) -> tuple[int, int] | None:
        found = self.phrase(i, self.tables["weekdays"])
        if found is not None and self.lang == "en":
            named = self.is_word(found[1]) and self.atoms[found[1]][2][0].isupper() and self._month(found[1]) is None
            if not self.atoms[i][2][0].isupper() or (named and self.key(i - 1) not in _BEFORE_WEEKDAY):
                return None
        if found is None and self.lang == "pt" and self.key(i) in _SHORT_WEEKDAYS:
            after_a_day_word = self.key(i - 1) in _BEFORE_SHORT_WEEKDAY or (
                self.key(i - 1) == "de" and self.key(i - 2) in _DAY_PARTS)
            in_a_span = (  # "de segunda a sexta"
                (self.key(i - 1) == "de" and self.key(i + 1) == "a" and self._is_weekday_word(i + 2))
                or (self.key(i - 1) == "a" and self.key(i - 3) == "de" and self._is_weekday_word(i - 2)))
            before_a_noun = self.is_word(i + 1) and not is_function_word(self.atoms[i + 1][2], "pt")
            if in_a_span or (after_a_day_word and not before_a_noun):
                found = str(_SHORT_WEEKDAYS[self.key(i)]), i + 1
        return None if found is None else (int(found[0]), found[1])

    def _is_weekday_word(self, i: int) -> bool:
        return self.key(i) in _SHORT_WEEKDAYS or self.phrase(i, self.tables["weekdays"]) is not None

    def _month(self, i: int) -> tuple[int, int] | None:
        found = self.phrase(i, self.tables["months"])
        if found is None and self.lang == "en" and self.key(i) in _MONTH_ABBREVIATIONS and self.key(i + 1) == ".":
            found = str(_MONTH_ABBREVIATIONS[self.key(i)]), i + 2
        if found is None or not self._capitalised_if_english(i):
            return None
        number, after = int(found[0]), found[1]
        if self.lang == "en" and number == 5 and self.key(i) == "may" and not self._may_is_a_month(i):
            return None
        return number, after

    def _may_is_a_month(self, i: int) -> bool:
        before = i - 2 if self.key(i - 1) in _DASHES and self.glued(i) else i - 1  # "mid-May"
        return self.key(before) in _BEFORE_MAY or self.is_figure(before) or self.is_figure(i + 1)

    def _capitalised_if_english(self, i: int) -> bool:
        return self.lang != "en" or self.atoms[i][2][0].isupper()

    def _day(self, i: int) -> tuple[int, int] | None:
        """A day of the month at atom i, "2", "2nd", "1º": (day, the atom after it)."""
        if not self.is_figure(i) or not self.atoms[i][2].isdecimal() or not self.starts_cleanly(i):
            return None
        if len(self.atoms[i][2]) > 2:
            return None
        day, after = int(self.atoms[i][2]), i + 1
        if self.glued(after) and (self.key(after) in _ORDINAL_SUFFIXES or self.key(after) == "°"):
            after += 1
        if day < 1 or not self.ends_cleanly(after):
            return None
        return day, after  # may be past the month's end: "39 de setembro" is a date, a wrong one

    def _time(self, i: int) -> tuple[int, int] | None:
        """A time of day at atom i, "9h30", "21h", "7 a.m.", "4.40 pm", "09:30": (minutes after midnight, next atom)."""
        if not self.is_figure(i) or not self.starts_cleanly(i):
            return None
        hours, minutes, after = self.atoms[i][2], "00", i + 1
        if self.key(after) == "h" and self.glued(after):  # Portuguese: "9h", "9h30", "9h30min"
            after += 1
            if self.is_figure(after) and self.glued(after):
                minutes, after = self.atoms[after][2], after + 1
            if self.key(after) == "min" and self.glued(after):
                after += 1
            half = ""
        else:
            if self.key(after) == ":" and self.glued(after) and self.is_figure(after + 1) and self.glued(after + 1):
                minutes, after = self.atoms[after + 1][2], after + 2
            elif "." in hours:  # "4.40 am"
                hours, minutes = hours.split(".", 1)
            meridiem = self.phrase(after, _MERIDIEM_PHRASES)
            if meridiem is None and after == i + 1:
                return None  # a bare figure is no time of day
            half, after = meridiem or ("", after)
        clock_shaped = hours.isdecimal() and minutes.isdecimal() and len(hours) <= 2 and len(minutes) == 2
        if not clock_shaped or not self.ends_cleanly(after):
            return None
        hour, minute = int(hours), int(minutes)
        if half:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 24 or minute > 59:
            return None
        return hour * 60 + minute, after

    # amounts

    def _slashed(self, i: int) -> tuple[Quantity, int, int] | None:
        """Two whole figures joined by a slash, "2/3" or "28/12", or a date with its year, "28/12/2025" or
        "12/28/25" (day or month first), also written with dashes or dots and the year in full ("28-12-2025",
        "28.12.2025"); not "1/0", nor another run of three."""
        if dated := self._dated(i):
            return dated
        if not (self.is_figure(i) and self.key(i + 1) == "/" and self.is_figure(i + 2)
                and self.glued(i + 1) and self.glued(i + 2) and self.starts_cleanly(i)):
            return None
        if self.key(i + 3) == "/" and self.glued(i + 3):
            return self._slashed_date(i)
        if not self.ends_cleanly(i + 3):
            return None
        first, second = self.atoms[i][2], self.atoms[i + 2][2]
        if not (first.isdigit() and second.isdigit()) or int(second) == 0:
            return None
        return self.quantity(i, i + 3, Decimal(int(first)) / Decimal(int(second)), kind="slashed", step=Decimal(0))

    def _slashed_date(self, i: int, full_year: bool = False) -> tuple[Quantity, int, int] | None:
        if not (self.is_figure(i + 4) and self.glued(i + 4) and self.ends_cleanly(i + 5)):
            return None
        first, second, year = (self.atoms[i + k][2] for k in (0, 2, 4))
        if not (first.isdigit() and second.isdigit() and year.isdigit() and len(year) in ((4,) if full_year else (2, 4))):
            return None
        return self._date_figures(i, i + 5, first, second, year)

    def _dated(self, i: int) -> tuple[Quantity, int, int] | None:
        """A date with its year in full written with dashes, "28-12-2025", or dots, "28.12.2025" (one atom)."""
        if not (self.is_figure(i) and self.starts_cleanly(i)):
            return None
        if _DOTTED_DATE.fullmatch(self.atoms[i][2]) and self.ends_cleanly(i + 1):
            return self._date_figures(i, i + 1, *_figures_of(self.atoms[i][2]))
        if (self.key(i + 1) == self.key(i + 3) == "-" and self.is_figure(i + 2)
                and all(self.glued(k) for k in range(i + 1, i + 5))
                and not self._dashed_figure(i - 1, i - 2) and not self._dashed_figure(i + 5, i + 6)):
            return self._slashed_date(i, full_year=True)  # not three figures of a longer run ("1-2-2025-3")
        return None

    def _dashed_figure(self, dash: int, figure: int) -> bool:
        """A dash glued to the figure beside it, at atoms ``dash`` and ``figure`` (either order)."""
        return self.key(dash) == "-" and self.is_figure(figure) and self.glued(max(dash, figure))

    def _date_figures(self, first_atom: int, after: int, first: str, second: str, year: str
                      ) -> tuple[Quantity, int, int] | None:
        if _month_first(int(first), int(second), self.lang) is None:  # neither order is a day of the year
            return None
        value = int(year) * 10_000 + int(first) * 100 + int(second)  # the figures in order: equal when written alike
        return self.quantity(first_atom, after, value, kind="slashed", step=Decimal(0))

    def _amount(self, i: int) -> tuple[Quantity, int, int] | None:
        first = i
        currency = None
        for length in (2, 1):
            sign = _CURRENCY_SIGNS.get(tuple(self.keys[i:i + length]))
            if sign and len(self.keys[i:i + length]) == length and (length == 1 or self.glued(i + 1)):
                currency, i = sign, i + length
                break
        if currency and not self.starts_cleanly(first):
            return None
        mantissa = self._figure(i) or self._number_words(i)
        if mantissa is None:
            return None
        value, step, i, needs_scale = mantissa
        if not currency and self.is_figure(i - 1) and self.glued(i):
            if self.key(i) in _ORDINAL_SUFFIXES:
                return self.quantity(first, i + 1, value, kind="ordinal") if self.ends_cleanly(i + 1) else None
            if self.key(i) == "s" and self._is_year(i - 1, value):  # a decade: "the 1930s"
                return self.quantity(first, i + 1, value, kind="year") if self.ends_cleanly(i + 1) else None
            if self.atoms[i][2] in _GLUED_DEGREES and self.ends_cleanly(i + 1):  # "42.5C", the British press's
                return self.quantity(first, i + 1, value, _GLUED_DEGREES[self.atoms[i][2]], step=step)
        scale, i = self._scale(i, currency is not None)
        if needs_scale and scale == 1:
            return None
        if scale != 1:  # a product is rounded to the context's precision: never round a figure needlessly
            value, step = value * scale, step * scale
        unit, i = self._unit(i, after_scale=scale != 1)
        if not self.ends_cleanly(i):
            return None
        unit = currency or unit
        if not unit and scale == 1 and step == 1 and self._is_year(i - 1, value):
            return self.quantity(first, i, value, kind="year")
        return self.quantity(first, i, value, unit, step=step, scale=scale)

    def _figure(self, i: int) -> tuple[Decimal, Decimal, int, bool] | None:
        if not self.is_figure(i) or not self.starts_cleanly(i):
            return None
        read = read_figure(self.atoms[i][2], self.lang)
        return None if read is None else (read[0], read[1], i + 1, False)

    def _number_words(self, i: int) -> tuple[Decimal, Decimal, int, bool] | None:
        """A number in words: "nove", "vinte e cinco", "twenty-five"; "a"/"um" only before a scale word."""
        key = self.key(i)
        if key in self.tables["one"]:
            return Decimal(1), Decimal(1), i + 1, True
        value = self.tables["numbers"].get(key)
        if value is None:
            return None
        i += 1
        if value in range(20, 100, 10):
            # "vinte e cinco"; English joins tens and units with a hyphen or a space: "twenty-five"
            joiner = self.key(i) == "e" if self.lang == "pt" else self.key(i) == "-" and self.glued(i)
            joined = i + 1 if joiner else i
            units = self.tables["numbers"].get(self.key(joined), 1 if self.key(joined) in self.tables["one"] else 0)
            if 1 <= units <= 9 and self.key(joined) not in ("a", "an"):
                value, i = value + units, joined + 1
        return Decimal(value), Decimal(1), i, False

    def _scale(self, i: int, after_currency: bool) -> tuple[int, int]:
        """Scale words after a number, stacked as "mil milhões" stacks: (their product, the atom after)."""
        factor = 1
        for _ in range(3):
            scale = self.tables["scales"].get(self.key(i))
            if scale is None and after_currency and self.glued(i):
                scale = _CURRENCY_SCALES.get(self.key(i))
            if scale is None:
                break
            factor, i = factor * scale, i + 1
        return factor, i

    def _unit(self, i: int, after_scale: bool) -> tuple[str, int]:
        """The unit after a number: "%", "por cento", "ienes", "de ienes" after a scale, "-minute" glued."""
        start = i
        if self.key(i) in _DASHES and self.glued(i) and self.glued(i + 1):  # "130-minute", "90-day"
            start = i + 1
        elif after_scale and self.key(i) in ("de", "of"):  # "9 trilhões de ienes", "billions of dollars"
            start = i + 1
        return self.phrase(start, self.tables["units"]) or ("", i)

    def _is_year(self, i: int, value: Decimal) -> bool:
        """A bare four-digit figure in the years news speak of: "2025"."""
        return self.is_figure(i) and len(self.atoms[i][2]) == 4 and 1900 <= value <= 2100
