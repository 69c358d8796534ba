"""The table of posting phrasings that pay, office-terms and workplace reading is held to.

Written by us, modelled on the ways real boards phrase pay and office terms (never copied from
them). Each case states the truth, not what the code happens to return: a case the extractor
gets wrong is kept, with `gap` saying why, and runs as a strict xfail, so the accuracy figures
of bench/extract_accuracy.py count it.

Categories: a currency or locale ("usd", "eur-de", ...), "multi" (several ranges: zones,
countries, cities), "period", "kind", "hint", "format" (number formats), "mixed" (pay among
benefit amounts), "hard", "policy" (deliberate refusals) and "negative" (numbers, money or
percentages that are not pay, or not office terms).
"""

from __future__ import annotations

from typing import NamedTuple


class PayCase(NamedTuple):
    category: str
    text: str
    expected: list[dict]
    hint: str | None = None
    gap: str | None = None  # why the extractor is known to miss this case


class OfficeCase(NamedTuple):
    category: str
    text: str
    expected: dict | None
    gap: str | None = None


def R(
    lo: float,
    hi: float,
    currency: str,
    period: str,
    scope: str | None = None,
    kind: str | None = None,
) -> dict:
    """One expected pay range."""
    return {
        "min": lo,
        "max": hi,
        "currency": currency,
        "period": period,
        "scope": scope,
        "kind": kind,
    }


def OT(
    mode: str,
    pct: int | None = None,
    days: int | None = None,
    exceptions: list[dict] | None = None,
) -> dict:
    """Expected office terms; remote is 0% and 0 days and on-site 100% by definition."""
    if mode == "remote":
        pct, days = 0 if pct is None else pct, 0 if days is None else days
    if mode == "onsite" and pct is None:
        pct = 100
    return {
        "mode": mode,
        "min_office_pct": pct,
        "days_per_week": days,
        "exceptions": exceptions or [],
    }


def EX(location: str, pct: int | None = None, days: int | None = None) -> dict:
    """One expected office-terms exception."""
    return {"location": location, "min_office_pct": pct, "days_per_week": days}


NBSP, THIN = "\u00a0", "\u202f"

PAY_CASES: list[PayCase] = [
    # --- US dollars -------------------------------------------------------------------------
    PayCase(
        "usd",
        "The base salary range for this role is $120,000 - $150,000.",
        [R(120000, 150000, "USD", "year", kind="base")],
    ),
    PayCase("usd", "$120,000 per year", [R(120000, 120000, "USD", "year")]),
    PayCase("usd", "Salary: $95,000–$115,000 annually", [R(95000, 115000, "USD", "year")]),
    PayCase("usd", "Compensation: $140K - $175K + equity", [R(140000, 175000, "USD", "year")]),
    PayCase(
        "usd",
        "The expected salary for this position is between $130,000 and $160,000.",
        [R(130000, 160000, "USD", "year")],
    ),
    PayCase("usd", "Pay range: $28.50 - $34.00 per hour", [R(28.5, 34, "USD", "hour")]),
    PayCase("usd", "Hourly rate: $45/hr - $60/hr", [R(45, 60, "USD", "hour")]),
    PayCase("usd", "This role pays $22 an hour.", [R(22, 22, "USD", "hour")]),
    PayCase("usd", "Salary: USD 180,000 - 220,000", [R(180000, 220000, "USD", "year")]),
    PayCase(
        "usd",
        "US$150,000 – US$190,000 base salary",
        [R(150000, 190000, "USD", "year", kind="base")],
    ),
    PayCase(
        "usd",
        "Base pay: $165,000 to $200,000 USD per year",
        [R(165000, 200000, "USD", "year", kind="base")],
    ),
    PayCase("usd", "$143.2K – $284K • Offers Equity", [R(143200, 284000, "USD", "year")]),
    PayCase(
        "usd",
        "The annual base salary for this position ranges from $104,000 to $156,000.",
        [R(104000, 156000, "USD", "year", kind="base")],
    ),
    PayCase("usd", "Salary range: $100k-$120k", [R(100000, 120000, "USD", "year")]),
    PayCase(
        "usd",
        "Expected compensation: $60-75/hour depending on experience",
        [R(60, 75, "USD", "hour")],
    ),
    PayCase("usd", "Target salary: $210,000", [R(210000, 210000, "USD", "year")]),
    PayCase("usd", "$70,000 - $85,000 a year", [R(70000, 85000, "USD", "year")]),
    PayCase(
        "usd",
        "For this role, we expect to pay $150,000-$175,000/yr in base salary.",
        [R(150000, 175000, "USD", "year", kind="base")],
    ),
    PayCase(
        "usd", "Annual Salary Range\n$135,000—$165,000 USD", [R(135000, 165000, "USD", "year")]
    ),
    PayCase("usd", "Salary: $120,000+ DOE", [R(120000, 120000, "USD", "year")]),
    PayCase("usd", "Starting at $25/hour", [R(25, 25, "USD", "hour")]),
    PayCase("usd", "$52,000.00 - $62,400.00 / year", [R(52000, 62400, "USD", "year")]),
    PayCase(
        "usd",
        "The hiring range for this position is $85,000 to $100,000 per annum.",
        [R(85000, 100000, "USD", "year")],
    ),
    PayCase("usd", "$25 - $35 per hour, depending on experience", [R(25, 35, "USD", "hour")]),
    PayCase("usd", "- $72,800 - $104,000 per year", [R(72800, 104000, "USD", "year")]),
    PayCase("usd", "The range is $120-150K.", [R(120000, 150000, "USD", "year")]),
    PayCase("usd", "Salary: $5,000 - $6,000 per month", [R(5000, 6000, "USD", "month")]),
    PayCase(
        "usd", "We pay $60 to $70 an hour for contract engineers.", [R(60, 70, "USD", "hour")]
    ),
    PayCase("usd", "Salary: $100,000 - 120,000", [R(100000, 120000, "USD", "year")]),
    PayCase(
        "usd",
        "The base salary range for this role is currently for residents of the United States "
        "only and reflects the base salary rate across the US.\nUnited States Salary Range\n"
        "$108,400—$129,600 USD",
        [R(108400, 129600, "USD", "year", "United States", "base")],
    ),
    PayCase(
        "usd",
        "Compensation: $150,000–$180,000 base salary + 10% bonus + RSUs",
        [R(150000, 180000, "USD", "year", kind="base")],
    ),
    PayCase(
        "usd",
        "$120,000 – $150,000 per year. This range does not include bonus or equity.",
        [R(120000, 150000, "USD", "year")],
    ),
    # --- Canadian, Australian, New Zealand, Singapore, Hong Kong dollars ---------------------
    PayCase("cad", "Salary range: CA$120,000 - CA$145,000", [R(120000, 145000, "CAD", "year")]),
    PayCase(
        "cad",
        "The base salary for this role in Canada is $110,000 to $130,000 CAD.",
        [R(110000, 130000, "CAD", "year", "Canada", "base")],
    ),
    PayCase("cad", "Canada: $95,000 - $115,000", [R(95000, 115000, "CAD", "year", "Canada")]),
    PayCase("cad", "C$85,000–C$100,000 per year", [R(85000, 100000, "CAD", "year")]),
    PayCase("cad", "Toronto: $120,000 - $140,000", [R(120000, 140000, "CAD", "year", "Toronto")]),
    PayCase("cad", "Salary: $90,000 - $110,000 (CAD)", [R(90000, 110000, "CAD", "year")]),
    PayCase(
        "cad",
        "In Canada, the range is $100,000 - $120,000.",
        [R(100000, 120000, "CAD", "year", "Canada")],
    ),
    PayCase("aud", "A$150,000 – A$180,000 + super", [R(150000, 180000, "AUD", "year")]),
    PayCase(
        "aud", "Salary: AU$130k - AU$150k plus superannuation", [R(130000, 150000, "AUD", "year")]
    ),
    PayCase(
        "aud",
        "Sydney: $160,000 - $190,000 (inc. super)",
        [R(160000, 190000, "AUD", "year", "Sydney")],
    ),
    PayCase(
        "nzd",
        "Base salary: NZ$110,000 – NZ$130,000",
        [R(110000, 130000, "NZD", "year", kind="base")],
    ),
    PayCase("sgd", "S$8,000 - S$11,000 per month", [R(8000, 11000, "SGD", "month")]),
    PayCase("sgd", "Monthly salary: SGD 7,500 – 9,500", [R(7500, 9500, "SGD", "month")]),
    PayCase("hkd", "HK$35,000 - HK$45,000 per month", [R(35000, 45000, "HKD", "month")]),
    # --- Latin America -----------------------------------------------------------------------
    PayCase("mxn", "Sueldo: $45,000 - $60,000 MXN mensuales", [R(45000, 60000, "MXN", "month")]),
    PayCase("brl", "Salário: R$ 8.000 a R$ 12.000 por mês", [R(8000, 12000, "BRL", "month")]),
    PayCase(
        "brl", "Faixa salarial: R$ 12.500,00 - R$ 15.000,00", [R(12500, 15000, "BRL", "month")]
    ),
    PayCase(
        "cop",
        "Salario: COP 8.000.000 - 10.000.000 mensuales",
        [R(8000000, 10000000, "COP", "month")],
    ),
    # --- Euro: German, French, Spanish, Dutch, Italian, Irish formats ------------------------
    PayCase(
        "eur-de", "Gehalt: 55.000 € - 65.000 € brutto pro Jahr", [R(55000, 65000, "EUR", "year")]
    ),
    PayCase(
        "eur-de",
        "Das Jahresgehalt liegt zwischen 60.000 und 75.000 EUR.",
        [R(60000, 75000, "EUR", "year")],
    ),
    PayCase("eur-de", "Vergütung: 65.000–80.000 € p.a.", [R(65000, 80000, "EUR", "year")]),
    PayCase("eur-de", "Stundenlohn: 18,50 € brutto", [R(18.5, 18.5, "EUR", "hour")]),
    PayCase("eur-de", "Bruttojahresgehalt ab 70.000 €", [R(70000, 70000, "EUR", "year")]),
    PayCase("eur-de", "€50K–€65K base + equity", [R(50000, 65000, "EUR", "year", kind="base")]),
    PayCase("eur-de", "Salary: 95.000 € per year", [R(95000, 95000, "EUR", "year")]),
    PayCase("eur-de", "Monatsgehalt: 4.500 € - 5.500 €", [R(4500, 5500, "EUR", "month")]),
    PayCase("eur-de", "Stundensatz: 85,00 € – 95,00 €", [R(85, 95, "EUR", "hour")]),
    PayCase(
        "eur-fr",
        f"Salaire : entre 45{NBSP}000 € et 55{NBSP}000 € bruts annuels",
        [R(45000, 55000, "EUR", "year")],
    ),
    PayCase("eur-fr", "Rémunération : 50k€ - 60k€ selon profil", [R(50000, 60000, "EUR", "year")]),
    PayCase("eur-fr", "TJM : 500 € - 650 €", [R(500, 650, "EUR", "day")]),
    PayCase("eur-fr", "Salaire : 3 200 € brut par mois", [R(3200, 3200, "EUR", "month")]),
    PayCase(
        "eur-fr",
        f"Salaire : 48{THIN}000 € – 58{THIN}000 € par an",
        [R(48000, 58000, "EUR", "year")],
    ),
    PayCase(
        "eur-es", "Salario: 40.000 € - 50.000 € brutos anuales", [R(40000, 50000, "EUR", "year")]
    ),
    PayCase("eur-nl", "Salaris: €4.000 - €5.200 bruto per maand", [R(4000, 5200, "EUR", "month")]),
    PayCase(
        "eur-it", "Retribuzione: 35.000 - 42.000 € lordi annui", [R(35000, 42000, "EUR", "year")]
    ),
    PayCase(
        "eur-it", "RAL: € 60.000,00 - € 70.000,00 lordi annui", [R(60000, 70000, "EUR", "year")]
    ),
    PayCase(
        "eur-ie",
        "Salary: €65,000 - €80,000 + bonus (Dublin)",
        [R(65000, 80000, "EUR", "year", "Dublin")],
    ),
    # --- Pound sterling ----------------------------------------------------------------------
    PayCase("gbp", "£45,000 - £55,000 per annum + benefits", [R(45000, 55000, "GBP", "year")]),
    PayCase("gbp", "£400 - £500 per day (outside IR35)", [R(400, 500, "GBP", "day")]),
    PayCase("gbp", "Salary: £60k–£70k DOE", [R(60000, 70000, "GBP", "year")]),
    PayCase("gbp", "London: £75,000 - £90,000", [R(75000, 90000, "GBP", "year", "London")]),
    PayCase("gbp", "£14.50 per hour", [R(14.5, 14.5, "GBP", "hour")]),
    PayCase("gbp", "Salary: £3,000 pcm", [R(3000, 3000, "GBP", "month")]),
    PayCase("gbp", "Weekly rate of £650", [R(650, 650, "GBP", "week")]),
    # --- Swiss franc -------------------------------------------------------------------------
    PayCase("chf", "CHF 120'000 - 140'000 per annum", [R(120000, 140000, "CHF", "year")]),
    PayCase("chf", "Salär: CHF 110’000 – 130’000 (100%)", [R(110000, 130000, "CHF", "year")]),
    PayCase(
        "chf", "Zürich: CHF 130,000 - CHF 160,000", [R(130000, 160000, "CHF", "year", "Zürich")]
    ),
    PayCase("chf", "Lohn: CHF 95’000.– bis CHF 115’000.–", [R(95000, 115000, "CHF", "year")]),
    # --- Nordic kronor -----------------------------------------------------------------------
    PayCase("sek", "Lön: 45 000 - 55 000 kr/mån", [R(45000, 55000, "SEK", "month")]),
    PayCase("sek", "Månadslön: 42 000–50 000 SEK", [R(42000, 50000, "SEK", "month")]),
    PayCase("sek", "Salary: SEK 50,000 per month", [R(50000, 50000, "SEK", "month")]),
    PayCase(
        "sek", f"Lön: 40{THIN}000–48{THIN}000 SEK per månad", [R(40000, 48000, "SEK", "month")]
    ),
    PayCase("nok", "Lønn: 650 000 - 800 000 NOK per år", [R(650000, 800000, "NOK", "year")]),
    PayCase("dkk", "Løn: 45.000 - 55.000 kr. pr. måned", [R(45000, 55000, "DKK", "month")]),
    # --- Central and Eastern Europe ----------------------------------------------------------
    PayCase(
        "pln",
        "Wynagrodzenie: 12 000 - 16 000 zł brutto miesięcznie",
        [R(12000, 16000, "PLN", "month")],
    ),
    PayCase(
        "pln", "B2B: 20 000 - 26 000 PLN netto + VAT", [R(20000, 26000, "PLN", "month", "B2B")]
    ),
    PayCase("pln", "UoP: 15 000 – 19 000 PLN brutto", [R(15000, 19000, "PLN", "month", "UoP")]),
    PayCase("pln", "Stawka: 120 - 150 zł/h netto (B2B)", [R(120, 150, "PLN", "hour")]),
    PayCase("pln", "od 14 000 do 18 000 PLN brutto/mies.", [R(14000, 18000, "PLN", "month")]),
    PayCase("czk", "Mzda: 60 000 - 80 000 Kč měsíčně", [R(60000, 80000, "CZK", "month")]),
    PayCase("ron", "Salariu: 9.000 - 12.000 lei net lunar", [R(9000, 12000, "RON", "month")]),
    PayCase("huf", "Bérezés: bruttó 900 000 - 1 200 000 Ft", [R(900000, 1200000, "HUF", "month")]),
    # --- India -------------------------------------------------------------------------------
    PayCase("inr", "CTC: ₹18,00,000 - ₹24,00,000 per annum", [R(1800000, 2400000, "INR", "year")]),
    PayCase("inr", "Salary: 18-24 LPA", [R(1800000, 2400000, "INR", "year")]),
    PayCase(
        "inr", "Compensation: INR 25 - 35 Lakhs per annum", [R(2500000, 3500000, "INR", "year")]
    ),
    PayCase("inr", "₹12L - ₹18L", [R(1200000, 1800000, "INR", "year")]),
    PayCase("inr", "Rs. 6,00,000 - 8,00,000 per annum", [R(600000, 800000, "INR", "year")]),
    PayCase("inr", "Salary: ₹1 55 000 per month", [R(155000, 155000, "INR", "month")]),
    PayCase(
        "inr",
        "Stipend: ₹40,000 per month",
        [R(40000, 40000, "INR", "month")],
        gap="an intern's stipend is their pay, but 'stipend' marks benefits everywhere else",
    ),
    # --- Japan, Korea, China -----------------------------------------------------------------
    PayCase("jpy", "年収600万円～900万円", [R(6000000, 9000000, "JPY", "year")]),
    PayCase("jpy", "月給30万円以上", [R(300000, 300000, "JPY", "month")]),
    PayCase(
        "jpy", "Salary: ¥8,000,000 - ¥12,000,000 per year", [R(8000000, 12000000, "JPY", "year")]
    ),
    PayCase("jpy", "時給1,500円", [R(1500, 1500, "JPY", "hour")]),
    PayCase("krw", "연봉 5,000만원 ~ 7,000만원", [R(50000000, 70000000, "KRW", "year")]),
    PayCase("cny", "月薪 20,000-30,000元", [R(20000, 30000, "CNY", "month")]),
    PayCase("cny", "Salary: RMB 300,000 - 450,000 per annum", [R(300000, 450000, "CNY", "year")]),
    # --- Other currencies --------------------------------------------------------------------
    PayCase(
        "zar",
        "Salary: R45 000 - R55 000 per month (Cape Town)",
        [R(45000, 55000, "ZAR", "month", "Cape Town")],
    ),
    PayCase("zar", "ZAR 600 000 - 750 000 per annum", [R(600000, 750000, "ZAR", "year")]),
    PayCase("aed", "AED 25,000 - 32,000 per month", [R(25000, 32000, "AED", "month")]),
    PayCase("ils", "Salary: ILS 30,000 - 38,000 per month", [R(30000, 38000, "ILS", "month")]),
    PayCase("try", "Maaş: ₺80.000 - ₺110.000 brüt aylık", [R(80000, 110000, "TRY", "month")]),
    PayCase("php", "PHP 60,000 - 80,000 monthly", [R(60000, 80000, "PHP", "month")]),
    # --- Several ranges: zones, countries, cities --------------------------------------------
    PayCase(
        "multi",
        "The annual base salary range for this role is:\n- Zone A: $150,000 - $180,000\n"
        "- Zone B: $135,000 - $162,000\n- Zone C: $120,000 - $144,000",
        [
            R(150000, 180000, "USD", "year", "Zone A", "base"),
            R(135000, 162000, "USD", "year", "Zone B", "base"),
            R(120000, 144000, "USD", "year", "Zone C", "base"),
        ],
    ),
    PayCase(
        "multi",
        "Pay ranges by location tier\nTier 1\n$160,000 - $200,000\nTier 2\n$144,000 - $180,000",
        [
            R(160000, 200000, "USD", "year", "Tier 1"),
            R(144000, 180000, "USD", "year", "Tier 2"),
        ],
    ),
    PayCase(
        "multi",
        "Canada: CA$120,000 - CA$140,000 | US: $130,000 - $150,000",
        [R(120000, 140000, "CAD", "year", "Canada"), R(130000, 150000, "USD", "year", "US")],
    ),
    PayCase(
        "multi",
        "Salary ranges by location:\nSan Francisco/New York: $180,000 - $220,000\n"
        "Seattle: $170,000 - $205,000\nAll other US locations: $150,000 - $185,000",
        [
            R(180000, 220000, "USD", "year", "San Francisco/New York"),
            R(170000, 205000, "USD", "year", "Seattle"),
            R(150000, 185000, "USD", "year", "All other US locations"),
        ],
    ),
    PayCase(
        "multi",
        "Salary: US: $140k–$170k; UK: £90k–£110k; Germany: €95k–€115k",
        [
            R(140000, 170000, "USD", "year", "US"),
            R(90000, 110000, "GBP", "year", "UK"),
            R(95000, 115000, "EUR", "year", "Germany"),
        ],
    ),
    PayCase(
        "multi",
        "The salary range for this role is $120,000 - $150,000 in New York City and "
        "$110,000 - $135,000 in Austin.",
        [
            R(120000, 150000, "USD", "year", "New York City"),
            R(110000, 135000, "USD", "year", "Austin"),
        ],
    ),
    PayCase(
        "multi",
        "Base salary by zone: Zone 1 $165,000–$195,000, Zone 2 $148,500–$175,500",
        [
            R(165000, 195000, "USD", "year", "Zone 1", "base"),
            R(148500, 175500, "USD", "year", "Zone 2", "base"),
        ],
    ),
    PayCase(
        "multi",
        "Remote (US): $130,000 - $160,000\nRemote (Canada): CA$115,000 - CA$140,000",
        [
            R(130000, 160000, "USD", "year", "Remote (US)"),
            R(115000, 140000, "CAD", "year", "Remote (Canada)"),
        ],
    ),
    PayCase(
        "multi",
        "Hourly pay range: Tier 1: $28.00 - $34.00 | Tier 2: $25.00 - $30.50",
        [R(28, 34, "USD", "hour", "Tier 1"), R(25, 30.5, "USD", "hour", "Tier 2")],
    ),
    PayCase(
        "multi",
        "Compensation\nUnited States: $150,000 - $180,000 USD\n"
        "United Kingdom: £95,000 - £115,000 GBP\nGermany: €100,000 - €120,000 EUR",
        [
            R(150000, 180000, "USD", "year", "United States"),
            R(95000, 115000, "GBP", "year", "United Kingdom"),
            R(100000, 120000, "EUR", "year", "Germany"),
        ],
    ),
    PayCase(
        "multi",
        "Geographic Zone 1 (SF Bay Area, NYC): $175,000 - $210,000",
        [R(175000, 210000, "USD", "year", "Geographic Zone 1 (SF Bay Area, NYC)")],
    ),
    PayCase(
        "multi",
        "Level II: $95,000 - $115,000; Level III: $115,000 - $140,000",
        [
            R(95000, 115000, "USD", "year", "Level II"),
            R(115000, 140000, "USD", "year", "Level III"),
        ],
    ),
    PayCase(
        "multi",
        "Salary: $150,000 - $180,000 (New York) / $135,000 - $162,000 (Austin)",
        [
            R(150000, 180000, "USD", "year", "New York"),
            R(135000, 162000, "USD", "year", "Austin"),
        ],
    ),
    PayCase(
        "multi",
        "Salary range: $85,000-$95,000 for candidates in Colorado; $90,000-$100,000 in California",
        [
            R(85000, 95000, "USD", "year", "Colorado"),
            R(90000, 100000, "USD", "year", "California"),
        ],
    ),
    PayCase(
        "multi",
        "Salary: $90k–$110k (Toronto) or $100k–$120k (NYC)",
        [R(90000, 110000, "CAD", "year", "Toronto"), R(100000, 120000, "USD", "year", "NYC")],
    ),
    PayCase(
        "multi",
        "Base salary: $110,000 - $130,000; OTE: $220,000 - $260,000",
        [
            R(110000, 130000, "USD", "year", kind="base"),
            R(220000, 260000, "USD", "year", kind="ote"),
        ],
    ),
    # --- Period: words, headings, magnitude --------------------------------------------------
    PayCase("period", "Compensation: $38 - $46", [R(38, 46, "USD", "hour")]),
    PayCase("period", "Salary: €4.500 - €5.500", [R(4500, 5500, "EUR", "month")]),
    PayCase("period", "Salary: $145,000", [R(145000, 145000, "USD", "year")]),
    PayCase("period", "Pay: $800 - $1,000 per week", [R(800, 1000, "USD", "week")]),
    PayCase("period", "Per diem rate: $350 - $450", [R(350, 450, "USD", "day")]),
    PayCase("period", "Hourly Pay Range:\n$19.50 - $24.00", [R(19.5, 24, "USD", "hour")]),
    PayCase(
        "period",
        "$40/hr (approximately $83,200 annually)",
        [R(40, 40, "USD", "hour"), R(83200, 83200, "USD", "year")],
    ),
    PayCase("period", "Daily rate: £550", [R(550, 550, "GBP", "day")]),
    # --- Kind: base, OTE, total --------------------------------------------------------------
    PayCase(
        "kind",
        "OTE: $200,000 - $240,000 (50/50 split)",
        [R(200000, 240000, "USD", "year", kind="ote")],
    ),
    PayCase(
        "kind", "On-target earnings of $180k–$220k", [R(180000, 220000, "USD", "year", kind="ote")]
    ),
    PayCase(
        "kind",
        "$120k base / $240k OTE",
        [
            R(120000, 120000, "USD", "year", kind="base"),
            R(240000, 240000, "USD", "year", kind="ote"),
        ],
    ),
    PayCase(
        "kind",
        "Total compensation: $250,000 - $320,000 (base + bonus + equity)",
        [R(250000, 320000, "USD", "year", kind="total")],
    ),
    PayCase(
        "kind",
        "Total target cash: $150,000 - $180,000",
        [R(150000, 180000, "USD", "year", kind="total")],
    ),
    PayCase(
        "kind",
        "The total compensation range (base + target bonus) is $130,000 - $155,000.",
        [R(130000, 155000, "USD", "year", kind="total")],
    ),
    PayCase(
        "kind",
        "Salary: $80,000 - $95,000 plus commission (OTE $140,000)",
        [R(80000, 95000, "USD", "year"), R(140000, 140000, "USD", "year", kind="ote")],
    ),
    PayCase(
        "kind",
        "OTE (base + commission)\n$180,000 - $220,000 USD",
        [R(180000, 220000, "USD", "year", kind="ote")],
    ),
    PayCase(
        "kind",
        "Base salary of $100k and OTE of $200k",
        [
            R(100000, 100000, "USD", "year", kind="base"),
            R(200000, 200000, "USD", "year", kind="ote"),
        ],
    ),
    # --- Currency hint -----------------------------------------------------------------------
    PayCase(
        "hint", "$120,000 - $140,000 per year", [R(120000, 140000, "CAD", "year")], hint="CAD"
    ),
    PayCase(
        "hint", "Salary: 60,000 - 75,000 per year", [R(60000, 75000, "EUR", "year")], hint="EUR"
    ),
    PayCase("hint", "Salary: $70,000 - $85,000", [R(70000, 85000, "AUD", "year")], hint="AUD"),
    PayCase("hint", "Pay: 25 - 30 per hour", [R(25, 30, "GBP", "hour")], hint="GBP"),
    PayCase(
        "hint",
        "All amounts are in EUR.\nSalary: 70,000 - 85,000",
        [R(70000, 85000, "EUR", "year")],
    ),
    PayCase(
        "hint",
        "$ 120 000 – 140 000 USD (Montréal)",
        [R(120000, 140000, "USD", "year", "Montréal")],
        hint="CAD",
    ),
    # --- Number formats ----------------------------------------------------------------------
    PayCase("format", "$100K–$120K", [R(100000, 120000, "USD", "year")]),
    PayCase("format", "Salary: $100-120k", [R(100000, 120000, "USD", "year")]),
    PayCase("format", "Salary: €55–65k", [R(55000, 65000, "EUR", "year")]),
    PayCase("format", "Salary: 50-60k €", [R(50000, 60000, "EUR", "year")]),
    PayCase("format", "Salary: $1.5k - $2k per week", [R(1500, 2000, "USD", "week")]),
    PayCase("format", "Salary: 100,000 - 120,000 USD", [R(100000, 120000, "USD", "year")]),
    PayCase("format", "Salary: USD 100,000-120,000", [R(100000, 120000, "USD", "year")]),
    PayCase("format", "Salary: USD $120,000 - $140,000", [R(120000, 140000, "USD", "year")]),
    PayCase("format", "Salary: 95.000 €", [R(95000, 95000, "EUR", "year")]),
    PayCase("format", "Pay: 32,50 € per hour", [R(32.5, 32.5, "EUR", "hour")]),
    PayCase("format", "Salary: CHF 120’000", [R(120000, 120000, "CHF", "year")]),
    PayCase(
        "format", "Salary: €1.234.567,89 per year", [R(1234567.89, 1234567.89, "EUR", "year")]
    ),
    # --- Pay among benefit amounts -----------------------------------------------------------
    PayCase(
        "mixed",
        "Salary: $120,000 - $140,000\n401(k) match up to $10,000 per year\n"
        "Home office stipend: $1,000",
        [R(120000, 140000, "USD", "year")],
    ),
    PayCase(
        "mixed",
        "Base salary: $150k–$180k + equity + 401(k) match",
        [R(150000, 180000, "USD", "year", kind="base")],
    ),
    PayCase(
        "mixed",
        "The base salary range is $100,000–$120,000. In addition, we offer a $5,000 relocation "
        "package.",
        [R(100000, 120000, "USD", "year", kind="base")],
    ),
    PayCase(
        "mixed",
        "Compensation & Benefits\n- Base salary: $130,000 - $150,000\n- $2,000 learning budget\n"
        "- Up to $500/month for wellness",
        [R(130000, 150000, "USD", "year", kind="base")],
    ),
    PayCase(
        "mixed",
        "Salary: $60k–$80k (we also cover $1,200/yr for internet)",
        [R(60000, 80000, "USD", "year")],
    ),
    PayCase(
        "mixed", "Pay: $20.00/hour; Shift differential: $2.00/hour", [R(20, 20, "USD", "hour")]
    ),
    PayCase(
        "mixed",
        "Compensation: $120,000 - $150,000 + up to 20% bonus",
        [R(120000, 150000, "USD", "year")],
    ),
    PayCase(
        "mixed",
        "Salary: £50,000 - £60,000, plus a £2,000 annual training budget",
        [R(50000, 60000, "GBP", "year")],
    ),
    # --- Hard cases --------------------------------------------------------------------------
    PayCase(
        "hard",
        "The pay for this role starts at $32/hour and goes up to $40/hour.",
        [R(32, 40, "USD", "hour")],
        gap="a range split across a sentence ('starts at ... goes up to') reads as one figure",
    ),
    PayCase(
        "hard",
        "Salary (USD)\n120,000 - 140,000",
        [R(120000, 140000, "USD", "year")],
        gap="digits with no currency on their own line are only read with a currency hint",
    ),
    PayCase(
        "hard",
        "We're paying £80-95k for this one, depending on experience.",
        [R(80000, 95000, "GBP", "year")],
    ),
    PayCase(
        "hard",
        "Our London salaries for this level sit between £70,000 and £85,000.",
        [R(70000, 85000, "GBP", "year", "London")],
        gap="a place inside a sentence is only a scope after 'in'/'for' or as a label",
    ),
    # --- More phrasings as boards write them -------------------------------------------------
    PayCase(
        "usd",
        "The salary range for this position is $95,000 - $125,000 per year. Actual compensation "
        "will be determined based on experience, location and other factors.",
        [R(95000, 125000, "USD", "year")],
    ),
    PayCase(
        "usd",
        "Pay Range: $24.50 - $31.50/hr. This position is also eligible for a $2,000 sign-on "
        "bonus.",
        [R(24.5, 31.5, "USD", "hour")],
    ),
    PayCase(
        "usd",
        "Compensation: $130k-$160k base + 0.1%-0.3% equity",
        [R(130000, 160000, "USD", "year", kind="base")],
    ),
    PayCase("usd", "$85,000/year - $95,000/year", [R(85000, 95000, "USD", "year")]),
    PayCase("eur-de", "Salary: From €45,000", [R(45000, 45000, "EUR", "year")]),
    PayCase(
        "usd",
        "The estimated base salary range for this role is $180,000 — $220,000 USD. This range may "
        "differ for roles based in other locations.",
        [R(180000, 220000, "USD", "year", kind="base")],
    ),
    PayCase(
        "multi",
        "New York City base salary: $150K – $180K",
        [R(150000, 180000, "USD", "year", "New York City", "base")],
    ),
    PayCase(
        "multi",
        "Washington state pay range: $120,000 - $140,000",
        [R(120000, 140000, "USD", "year", "Washington state")],
    ),
    PayCase(
        "multi",
        "Colorado Salary Range: $100,800 — $136,500 USD",
        [R(100800, 136500, "USD", "year", "Colorado")],
    ),
    PayCase("usd", "$18/hour + tips", [R(18, 18, "USD", "hour")]),
    PayCase(
        "usd", "Starting pay: $17.50/hr, with raises after 90 days", [R(17.5, 17.5, "USD", "hour")]
    ),
    PayCase(
        "usd",
        "Annual salary: $65,000 to $75,000 depending on qualifications",
        [R(65000, 75000, "USD", "year")],
    ),
    PayCase(
        "usd",
        "Our pay ranges are determined by role, level and location. The range displayed on each "
        "job posting reflects the minimum and maximum target for new hire salaries for the "
        "position across all US locations.\n$112,000—$168,000 USD",
        [R(112000, 168000, "USD", "year")],
    ),
    PayCase(
        "usd",
        "Salary Range: $140,000 - $180,000 + Equity + Benefits",
        [R(140000, 180000, "USD", "year")],
    ),
    PayCase("usd", "Non-exempt hourly rate: $22.00 - $26.00", [R(22, 26, "USD", "hour")]),
    PayCase(
        "usd",
        "This position pays $4,500 - $5,200 per month, paid biweekly",
        [R(4500, 5200, "USD", "month")],
    ),
    PayCase(
        "usd",
        "Pay: $50 per hour (W2) or $60 per hour (1099/C2C)",
        [R(50, 50, "USD", "hour"), R(60, 60, "USD", "hour")],
    ),
    PayCase("usd", "Estimated pay: $30-$35/hour for 10 weeks", [R(30, 35, "USD", "hour")]),
    PayCase("usd", "$150k–$180k • Remote (US) • Full-time", [R(150000, 180000, "USD", "year")]),
    PayCase(
        "eur-de",
        "Compensation: 120.000€ - 140.000€ brutto/Jahr",
        [R(120000, 140000, "EUR", "year")],
    ),
    PayCase(
        "kind",
        "OTE $160,000 (60/40 base/variable)",
        [R(160000, 160000, "USD", "year", kind="ote")],
    ),
    PayCase(
        "gbp",
        "Base: £70k | Bonus: 15% | Equity: yes",
        [R(70000, 70000, "GBP", "year", kind="base")],
    ),
    PayCase(
        "hint", "Compensation: $75,000 - $90,000", [R(75000, 90000, "SGD", "year")], hint="SGD"
    ),
    # the hint names no dollar: "$" stays the US dollar
    PayCase("hint", "Salary: $120,000", [R(120000, 120000, "USD", "year")], hint="EUR"),
    PayCase(
        "hint",
        "Salaire : 75 000 $ à 90 000 $ par année",
        [R(75000, 90000, "CAD", "year")],
        hint="CAD",
    ),
    PayCase(
        "mixed",
        "Relocation package: $10,000; Salary: $140,000–$160,000",
        [R(140000, 160000, "USD", "year")],
    ),
    # a level in brackets is not a place or zone
    PayCase(
        "multi",
        "Compensation: $100K–$130K (L4), $130K–$165K (L5)",
        [R(100000, 130000, "USD", "year"), R(130000, 165000, "USD", "year")],
    ),
    PayCase(
        "multi",
        "€55,000 – €70,000 gross per year (Berlin) or €50,000 – €64,000 (Lisbon)",
        [R(55000, 70000, "EUR", "year", "Berlin"), R(50000, 64000, "EUR", "year", "Lisbon")],
    ),
    PayCase(
        "multi",
        "Salary: $60,000-$70,000 (Tier 3 cities), $70,000-$80,000 (Tier 1 cities)",
        [
            R(60000, 70000, "USD", "year", "Tier 3 cities"),
            R(70000, 80000, "USD", "year", "Tier 1 cities"),
        ],
    ),
    PayCase(
        "hard",
        "Internship stipend: $8,000 per month",
        [R(8000, 8000, "USD", "month")],
        gap="an intern's stipend is their pay, but 'stipend' marks benefits everywhere else",
    ),
    PayCase(
        "multi",
        "Salary: $120,000 - $150,000 USD + 15% bonus + equity (NYC/SF); $100,000 - $125,000 "
        "(all other US)",
        [
            R(120000, 150000, "USD", "year", "NYC/SF"),
            R(100000, 125000, "USD", "year", "all other US"),
        ],
    ),
    PayCase(
        "usd",
        "Base pay for this role ranges from $52.00/hour to $65.00/hour",
        [R(52, 65, "USD", "hour", kind="base")],
    ),
    PayCase(
        "usd",
        "The US base salary range for this full-time position is $153,000-$223,000 + bonus + "
        "equity + benefits.",
        [R(153000, 223000, "USD", "year", "US", "base")],
    ),
    PayCase(
        "period",
        "Hourly Range: $20 - $25 USD\nAnnual Range: $41,600 - $52,000 USD",
        [R(20, 25, "USD", "hour"), R(41600, 52000, "USD", "year")],
    ),
    PayCase(
        "eur-fr", "Compensation: 90 000 – 110 000 EUR / year", [R(90000, 110000, "EUR", "year")]
    ),
    PayCase(
        "usd",
        "The anticipated annual base salary range is $80,000 - $110,000 per year (prorated for "
        "part-time)",
        [R(80000, 110000, "USD", "year", kind="base")],
    ),
    PayCase(
        "inr",
        "Expected salary: ₹25L – ₹35L per annum (fixed) + variable",
        [R(2500000, 3500000, "INR", "year", kind="base")],
    ),
    PayCase(
        "gbp",
        "Pay rate: £11.44 - £12.50 per hour (National Living Wage)",
        [R(11.44, 12.5, "GBP", "hour")],
    ),
    PayCase("eur-de", "Gehalt: 3.500 - 4.200 € brutto monatlich", [R(3500, 4200, "EUR", "month")]),
    PayCase("eur-de", "Jahresgehalt: 75k – 90k €", [R(75000, 90000, "EUR", "year")]),
    PayCase("usd", "$95K-$115K/yr + 10% bonus", [R(95000, 115000, "USD", "year")]),
    PayCase("format", "Salary: $70 – 90K", [R(70000, 90000, "USD", "year")]),
    PayCase(
        "gbp",
        "We're offering a salary between £40k and £50k depending on experience",
        [R(40000, 50000, "GBP", "year")],
    ),
    PayCase(
        "multi",
        "The pay range for this position in California is $136,000 – $204,000 and in all other "
        "locations is $118,000 – $177,000.",
        [
            R(136000, 204000, "USD", "year", "California"),
            R(118000, 177000, "USD", "year", "all other locations"),
        ],
    ),
    PayCase(
        "usd",
        "Salary: USD 4,000 – 5,500 per month (paid in USDC)",
        [R(4000, 5500, "USD", "month")],
    ),
    PayCase(
        "kind",
        "Compensation is $60,000 per year plus commission, with uncapped OTE of $120,000+",
        [R(60000, 60000, "USD", "year"), R(120000, 120000, "USD", "year", kind="ote")],
    ),
    PayCase(
        "multi",
        "Salary band: L3 $105k–$125k, L4 $125k–$150k",
        [R(105000, 125000, "USD", "year"), R(125000, 150000, "USD", "year")],
    ),
    PayCase("inr", "₹ 8,00,000 to ₹ 12,00,000 per year", [R(800000, 1200000, "INR", "year")]),
    PayCase("eur-de", "45-55k€ brutto/Jahr", [R(45000, 55000, "EUR", "year")]),
    PayCase(
        "usd",
        "The expected base pay for this role is between $56.25 and $84.38 per hour",
        [R(56.25, 84.38, "USD", "hour", kind="base")],
    ),
    PayCase(
        "kind",
        "Annual On-Target Earnings (OTE): $170,000 — $210,000",
        [R(170000, 210000, "USD", "year", kind="ote")],
    ),
    PayCase(
        "usd",
        "Base salary range (annual): $147,000 - $183,750",
        [R(147000, 183750, "USD", "year", kind="base")],
    ),
    PayCase(
        "multi",
        "San Francisco Bay Area: $190,000—$230,000 USD\n"
        "New York City: $180,000—$220,000 USD\n"
        "Remote (US): $160,000—$200,000 USD",
        [
            R(190000, 230000, "USD", "year", "San Francisco Bay Area"),
            R(180000, 220000, "USD", "year", "New York City"),
            R(160000, 200000, "USD", "year", "Remote (US)"),
        ],
    ),
    PayCase(
        "multi",
        "Hiring range for Tier 2 locations: $120K - $150K",
        [R(120000, 150000, "USD", "year", "Tier 2 locations")],
    ),
    PayCase("gbp", "Salary: £32,000 - £36,000 pro rata", [R(32000, 36000, "GBP", "year")]),
    PayCase("eur-de", "Pay: €18/hour gross", [R(18, 18, "EUR", "hour")]),
    PayCase("chf", "Salary: 6.000 – 7.500 CHF pro Monat", [R(6000, 7500, "CHF", "month")]),
    PayCase("nok", "Lønn: 55 000 kr i måneden", [R(55000, 55000, "NOK", "month")]),
    PayCase(
        "pln",
        "Wynagrodzenie: 18 000 – 24 000 PLN + VAT (B2B) / 14 000 – 19 000 PLN brutto (UoP)",
        [R(18000, 24000, "PLN", "month"), R(14000, 19000, "PLN", "month")],
    ),
    PayCase("inr", "CTC: 12-18 LPA + joining bonus", [R(1200000, 1800000, "INR", "year")]),
    PayCase(
        "multi",
        "Salary: $110,000–$140,000 (Level II) or $140,000–$170,000 (Level III)",
        [R(110000, 140000, "USD", "year"), R(140000, 170000, "USD", "year")],
    ),
    PayCase("kind", "Compensation: $200K+ OTE", [R(200000, 200000, "USD", "year", kind="ote")]),
    PayCase(
        "usd", "Hourly rate: $85-$100/hr (W2 contract, 6 months)", [R(85, 100, "USD", "hour")]
    ),
    PayCase("brl", "R$ 7.500,00 a R$ 9.000,00 + benefícios", [R(7500, 9000, "BRL", "month")]),
    PayCase(
        "eur-ie",
        "Annual salary of €75,000 to €95,000 depending on experience and location",
        [R(75000, 95000, "EUR", "year")],
    ),
    # --- Deliberate refusals: the contract needs both ends, caps are not ranges --------------
    # every two weeks has no period in the contract: left out rather than read as a week or month
    PayCase("policy", "Salary: $2,400 biweekly", []),
    PayCase("policy", "Salary of up to £85,000", []),
    PayCase("policy", "Up to $150,000 base salary", []),
    PayCase("policy", "Salary: 100-120k", []),  # no currency stated and no hint
    PayCase("policy", "Salary: 50.000-60.000", []),
    # --- Not pay -----------------------------------------------------------------------------
    PayCase(
        "negative",
        "401(k) Matching: we match 100% of the first 10% of pre-tax 401(k) "
        "contributions you make, up to a maximum of $10,000 per year.",
        [],
    ),
    PayCase(
        "negative", "Date stipend: every employee receives a $100 monthly stipend for dates.", []
    ),
    PayCase("negative", "We've processed over $200B of spend for 70,000+ companies.", []),
    PayCase("negative", "We raised $50M in Series B funding led by top investors.", []),
    PayCase("negative", "Our platform manages more than $1 trillion in assets.", []),
    PayCase("negative", "2-12+ years of experience in software engineering", [], hint="USD"),
    PayCase("negative", "Relocation assistance of up to $15,000 is available.", []),
    PayCase("negative", "A $5,000 sign-on bonus for eligible candidates.", []),
    PayCase("negative", "$1,500 annual learning and development budget", []),
    PayCase("negative", "$500 per year wellness allowance", []),
    PayCase("negative", "Home office setup stipend: $1,000", []),
    PayCase("negative", "HRA: we contribute $2,000 per year to your HRA.", []),
    PayCase("negative", "Equipment budget of $2,500 every three years.", []),
    PayCase("negative", "Employer-paid life insurance up to $50,000.", []),
    PayCase(
        "negative", "We donate $1,000 per employee per year to a charity of their choice.", []
    ),
    PayCase("negative", "Quota: $1.2M annual new ARR", []),
    PayCase("negative", "Manage a portfolio of 40+ enterprise accounts worth $20M.", []),
    PayCase("negative", "Deals range from $50,000 to $500,000 in ACV.", []),
    PayCase("negative", "Customers save an average of $3,000 per employee per year.", []),
    PayCase("negative", "Referral bonus: $3,000 for every hire you refer.", []),
    PayCase("negative", "Commuter benefits: up to $300/month pre-tax.", []),
    PayCase("negative", "Cell phone reimbursement of $75/month", []),
    PayCase("negative", "$2,000 travel credit every year", []),
    PayCase("negative", "15% annual bonus target and a 4% 401(k) match.", []),
    PayCase("negative", "We are a team of 250 people across 12 countries.", [], hint="USD"),
    PayCase("negative", "Founded in 2015, we serve 3,000+ customers.", [], hint="USD"),
    PayCase("negative", "Job ID: 2024-10567", [], hint="USD"),
    PayCase("negative", "Call us at 1-800-555-0199.", [], hint="USD"),
    PayCase("negative", "Our revenue grew from $10M to $40M ARR in two years.", []),
    PayCase("negative", "We've helped customers recover $350 million in lost revenue.", []),
    PayCase("negative", "The company was valued at $2.5 billion in its last round.", []),
    PayCase("negative", "Annual bonus of up to $20,000 based on performance.", []),
    PayCase("negative", "Equity: 0.1% - 0.25%", []),
    PayCase("negative", "Parental leave: 16 weeks at 100% pay", [], hint="USD"),
    PayCase("negative", "Tuition reimbursement up to $5,250 per year (IRS limit).", []),
    PayCase("negative", "Gym membership: we cover up to €50 per month.", []),
    PayCase("negative", "Meal vouchers worth €8 per working day.", []),
    PayCase("negative", "Internet allowance of £30 per month", []),
    PayCase("negative", "We offer a €1,000 yearly training budget.", []),
    PayCase("negative", "Childcare subsidy of up to CHF 500 per month.", []),
    PayCase("negative", "Pay transparency: we publish all salary bands internally.", []),
    PayCase("negative", "Python 3.11, Node 20 and Postgres 16", [], hint="USD"),
    PayCase("negative", "We've paid out over $10,000,000 in bug bounties.", []),
    PayCase("negative", "Series C startup backed by $120M from top investors", []),
    PayCase("negative", "Must be able to lift up to 50 pounds.", []),
    PayCase("negative", "Car allowance: $600/month", []),
    PayCase("negative", "Company-paid health insurance premiums (up to $1,200/month).", []),
    PayCase("negative", "Manage a $2M–$5M book of business.", []),
    PayCase("negative", "Hinge Premium is free for employees ($30/month value).", []),
    PayCase("negative", "$10 meal credit for late nights in the office", []),
    PayCase("negative", "Sign-on bonus: $10,000", []),
    PayCase("negative", "Learning: $1,000 per year for books and courses", []),
    PayCase("negative", "Salary reviews twice a year and 25 days of holiday", [], hint="USD"),
    PayCase("negative", "Budget ownership of €250k across 3 teams", []),
    PayCase("negative", "We offer $250 per month toward your coworking space.", []),
    PayCase("negative", "Support 1,500+ users across 30 offices worldwide.", [], hint="USD"),
    PayCase("negative", "One-time $500 home setup payment", []),
    PayCase("negative", "Earn up to $500 for every referral", []),
    PayCase(
        "negative", "Our customers include 9 of the top 10 US banks and process $2.5T a year.", []
    ),
    PayCase("negative", "Pricing starts at $49/month per seat.", []),
    PayCase("negative", "We've grown ARR 3x to $30M this year.", []),
    PayCase("negative", "Series A ($12M) led by Index Ventures", []),
    PayCase("negative", "Budget: $5k/month for ad spend", []),
    PayCase("negative", "$25 Uber Eats credit when working late", []),
    PayCase("negative", "Phone stipend ($50/mo)", []),
    PayCase("negative", "Join 200+ engineers in 15 offices", [], hint="USD"),
    PayCase("negative", "Compensation: competitive, plus 20 days PTO and 401(k)", [], hint="USD"),
    PayCase("negative", "Salary sacrifice scheme for bikes up to £1,000", []),
    PayCase(
        "negative", "We cover 100% of health premiums and give a $3,000 HSA contribution.", []
    ),
    PayCase("negative", "$0 premiums for employee-only coverage", []),
    PayCase("negative", "2,000+ customers in 40 countries rely on us", [], hint="USD"),
    PayCase("negative", "Relocation package: $10,000", []),
    PayCase("negative", "We reimburse up to $150 per month for your phone and internet.", []),
    PayCase("negative", "Take-home exercise: we pay $200 for your time.", []),
    PayCase("negative", "Our average deal size is $45,000 per year.", []),
    PayCase("negative", "The seed round of $4M closed in 2023.", []),
    PayCase("negative", "Annual company retreat (we cover flights up to $1,500).", []),
    PayCase("negative", "Our clients are businesses with $10M–$500M in revenue.", []),
    PayCase("negative", "Generous PTO: 25 days + $1,000 vacation bonus", []),
    PayCase("negative", "Paid overtime at 1.5x your hourly rate", [], hint="USD"),
    PayCase("negative", "$150,000 in Series A funding", []),
    PayCase("negative", "We've given away $3M in scholarships.", []),
    PayCase("negative", "A $500 annual allowance for books", []),
    PayCase("negative", "Earn $250 per successful hire you refer.", []),
    PayCase("negative", "Each team gets a $2,000 quarterly offsite budget.", []),
    PayCase("negative", "Our Series B raised $25 million from Sequoia.", []),
    PayCase("negative", "You will own a $3M marketing budget.", []),
    PayCase("negative", "Benefits: $1,200/year gym reimbursement", []),
    PayCase(
        "negative",
        "We offer a $1,000 home office setup allowance and $100/month internet stipend.",
        [],
    ),
    PayCase("negative", "Contracts typically range from $50,000 to $250,000.", []),
    PayCase("negative", "Annual learning budget: £1,000", []),
    PayCase("negative", "We're 120 people, 40% of whom are engineers.", [], hint="USD"),
]

OFFICE_CASES: list[OfficeCase] = [
    OfficeCase(
        "pct",
        "This role is hybrid, with at least 50% of your time in the office.",
        OT("hybrid", pct=50),
    ),
    OfficeCase("pct", "Our hybrid model means 60% in-office.", OT("hybrid", pct=60)),
    OfficeCase("pct", "You will spend 80% remote / 20% in office.", OT("hybrid", pct=20)),
    OfficeCase(
        "pct",
        "This role is based in London and follows our hybrid policy of 40% office time.",
        OT("hybrid", pct=40),
    ),
    OfficeCase(
        "pct", "We expect everyone in the office at least 40% of the time.", OT("hybrid", pct=40)
    ),
    OfficeCase("days", "You'll be in our London office 3 days/week.", OT("hybrid", days=3)),
    OfficeCase(
        "days",
        "Employees are expected to work from the office at least 3 days per week.",
        OT("hybrid", days=3),
    ),
    OfficeCase(
        "days",
        "This is a hybrid role based in our Berlin office, with 2 days per week on-site.",
        OT("hybrid", days=2),
    ),
    OfficeCase("days", "Hybrid (3 days)", OT("hybrid", days=3)),
    OfficeCase("days", "2-3 days a week in the office", OT("hybrid", days=2)),
    OfficeCase(
        "days",
        "Work from home two days a week and from the office three days.",
        OT("hybrid", days=3),
    ),
    OfficeCase("days", "Twice a week in the office", OT("hybrid", days=2)),
    OfficeCase("days", "Once a week in person at our Austin hub.", OT("hybrid", days=1)),
    OfficeCase(
        "days",
        "Expect to be in the office 4 days a week, with Fridays remote.",
        OT("hybrid", days=4),
    ),
    OfficeCase(
        "days",
        "This is a hybrid position. You'll come into the office three times a week.",
        OT("hybrid", days=3),
    ),
    OfficeCase(
        "days", "In London, we work from the office three days a week.", OT("hybrid", days=3)
    ),
    OfficeCase(
        "days",
        "Our offices in Warsaw and Kraków run a hybrid setup (2 days/week).",
        OT("hybrid", days=2),
    ),
    OfficeCase("weekdays", "We're in the office Tuesday to Thursday.", OT("hybrid", days=3)),
    OfficeCase("weekdays", "Our team comes into the office Mon/Wed/Fri.", OT("hybrid", days=3)),
    OfficeCase("weekdays", "Office attendance: Tuesdays and Thursdays.", OT("hybrid", days=2)),
    OfficeCase("weekdays", "Hybrid – 3 days in office (Tue–Thu)", OT("hybrid", days=3)),
    OfficeCase(
        "weekdays",
        "We work hybrid and the team meets in the office every Wednesday.",
        OT("hybrid", days=1),
    ),
    OfficeCase("onsite", "This position is on-site five days a week.", OT("onsite", days=5)),
    OfficeCase(
        "onsite",
        "This is an in-office role at our New York HQ, Monday through Friday.",
        OT("onsite", days=5),
    ),
    OfficeCase("onsite", "This role requires you to be on-site in Seattle.", OT("onsite")),
    OfficeCase("onsite", "This is not a remote position.", OT("onsite")),
    OfficeCase("onsite", "On-site, 5 days a week, at our Shenzhen factory.", OT("onsite", days=5)),
    OfficeCase("onsite", "Location: Berlin (On-site)", OT("onsite")),
    OfficeCase("onsite", "We work 100% from the office.", OT("onsite", pct=100)),
    OfficeCase("remote", "This role is fully remote.", OT("remote")),
    OfficeCase("remote", "We are a remote-first company.", OT("remote")),
    OfficeCase("remote", "100% remote within the United States.", OT("remote")),
    OfficeCase("remote", "Remote (EMEA)", OT("remote")),
    OfficeCase("remote", "Remote - US", OT("remote")),
    OfficeCase("remote", "Workplace type: Remote", OT("remote")),
    OfficeCase(
        "remote",
        "All of our roles are remote, though some carry location requirements.",
        OT("remote"),
    ),
    OfficeCase(
        "remote",
        "We are remote-first, with optional co-working offices in San Francisco and London.",
        OT("remote"),
    ),
    OfficeCase("remote", "You can work remotely from anywhere in Canada.", OT("remote")),
    OfficeCase("hybrid", "Location: London, UK (Hybrid)", OT("hybrid")),
    OfficeCase("hybrid", "New York, NY - Hybrid", OT("hybrid")),
    OfficeCase("hybrid", "This is a hybrid role.", OT("hybrid")),
    OfficeCase(
        "hybrid",
        "We are a remote-first company; this particular role is hybrid in Paris.",
        OT("hybrid"),
    ),
    OfficeCase(
        "exceptions",
        "We work hybrid: at least 50% of the time in the office (in Bucharest 80%).",
        OT("hybrid", pct=50, exceptions=[EX("Bucharest", pct=80)]),
    ),
    OfficeCase(
        "exceptions",
        "This is a hybrid role: three days a week in the office. Mexico City and Bengaluru work "
        "100% from the office.",
        OT("hybrid", days=3, exceptions=[EX("Mexico City", pct=100), EX("Bengaluru", pct=100)]),
    ),
    OfficeCase(
        "exceptions",
        "Hybrid: 2 days a week in the office; employees in New York are in 3 days a week.",
        OT("hybrid", days=2, exceptions=[EX("New York", days=3)]),
    ),
    OfficeCase(
        "exceptions",
        "We work from the office three days a week, except in Paris, where it's 4 days.",
        OT("hybrid", days=3, exceptions=[EX("Paris", days=4)]),
    ),
    OfficeCase(
        "exceptions",
        "Hybrid with 40% office time. Our Mexico City and Bengaluru teams work 100% from the "
        "office.",
        OT("hybrid", pct=40, exceptions=[EX("Mexico City", pct=100), EX("Bengaluru", pct=100)]),
    ),
    OfficeCase(
        "exceptions",
        "Hybrid: 3 days a week in the office, 4 days for Singapore and Tokyo.",
        OT("hybrid", days=3, exceptions=[EX("Singapore", days=4), EX("Tokyo", days=4)]),
        gap="a place named after its figure ('4 days for Singapore') is not linked to it",
    ),
    OfficeCase(
        "weekdays",
        "We're hybrid, with core in-office days on Tuesday and Wednesday.",
        OT("hybrid", days=2),
    ),
    OfficeCase("onsite", "This role is 100% in-office at our Chicago HQ.", OT("onsite", pct=100)),
    OfficeCase("remote", "Fully remote (must be based in the EU)", OT("remote")),
    OfficeCase("days", "Hybrid (NYC) – 3x/week in office", OT("hybrid", days=3)),
    OfficeCase("days", "Office presence required 2 days per week", OT("hybrid", days=2)),
    OfficeCase("pct", "Expected in office: 60% of the time", OT("hybrid", pct=60)),
    OfficeCase(
        "days",
        "We follow a 3-2 hybrid model (3 days in the office, 2 at home).",
        OT("hybrid", days=3),
    ),
    OfficeCase("onsite", "Work location: On-site - Dallas, TX", OT("onsite")),
    OfficeCase("remote", "Remote, with quarterly team offsites in Lisbon", OT("remote")),
    OfficeCase("hybrid", "You can work from home up to 2 days a week.", OT("hybrid")),
    OfficeCase(
        "days",
        "Our Seattle office is open Monday–Friday; we ask teams to come in three days a week.",
        OT("hybrid", days=3),
    ),
    OfficeCase(
        "days", "Flexible hybrid: most teams are in 2–3 days a week.", OT("hybrid", days=2)
    ),
    OfficeCase(
        "onsite", "This is an on-site role in our Munich lab (5 days/week).", OT("onsite", days=5)
    ),
    OfficeCase(
        "remote",
        "Remote within Europe; you'll join us in Berlin for a week every quarter.",
        OT("remote"),
    ),
    OfficeCase(
        "days",
        "We're an office-first company: 4 days a week in our London office, Fridays from home.",
        OT("hybrid", days=4),
    ),
    OfficeCase("weekdays", "Hybrid: Monday and Thursday in office", OT("hybrid", days=2)),
    OfficeCase(
        "exceptions",
        "Most of us work from the office 3 days a week; our Toronto team is fully remote.",
        OT("hybrid", days=3, exceptions=[EX("Toronto", pct=0, days=0)]),
    ),
    OfficeCase(
        "days",
        "This is a hybrid role requiring 2 days/week in our Boston office.",
        OT("hybrid", days=2),
    ),
    OfficeCase(
        "remote",
        "Remote-first, but we expect you in the office for our monthly all-hands.",
        OT("remote"),
    ),
    OfficeCase(
        "days",
        "Candidates must be able to work on-site in Atlanta 4 days per week.",
        OT("hybrid", days=4),
    ),
    OfficeCase("days", "In-office 3 days/week (Mon, Tue, Thu)", OT("hybrid", days=3)),
    OfficeCase("pct", "Work model: Hybrid (60% office)", OT("hybrid", pct=60)),
    OfficeCase(
        "exceptions",
        "Hybrid: 3 days a week in the office (4 in Paris).",
        OT("hybrid", days=3, exceptions=[EX("Paris", days=4)]),
    ),
    OfficeCase(
        "pct",
        "This role is hybrid: we expect you in our San Francisco office at least 50% of the time.",
        OT("hybrid", pct=50),
    ),
    # --- Not office terms --------------------------------------------------------------------
    OfficeCase("negative", "Enjoy free lunch in the office every day.", None),
    OfficeCase("negative", "Home office stipend of $500.", None),
    OfficeCase("negative", "100% paid parental leave.", None),
    OfficeCase("negative", "100% remote-friendly benefits.", None),
    OfficeCase("negative", "We build hybrid cloud infrastructure for banks.", None),
    OfficeCase("negative", "On-site interviews take place at our NYC office.", None),
    OfficeCase("negative", "Office hours: Monday to Friday, 9am-5pm.", None),
    OfficeCase("negative", "Provide remote support to users across 3 sites.", None),
    OfficeCase("negative", "Experience with remote sensing data.", None),
    OfficeCase("negative", "Microsoft Office proficiency required.", None),
    OfficeCase("negative", "You'll report to the Office of the CTO.", None),
    OfficeCase("negative", "We have offices in London, Paris and Berlin.", None),
    OfficeCase("negative", "Travel up to 25% of the time to customer sites.", None),
    OfficeCase("negative", "5 days of paid volunteering per year.", None),
    OfficeCase("negative", "Collaborate with remote teams across time zones.", None),
    OfficeCase("negative", "We offer 25 days of holiday plus bank holidays.", None),
    OfficeCase("negative", "Support hybrid and multi-cloud deployments.", None),
    OfficeCase("negative", "Monthly in-person team events at our Austin office.", None),
    OfficeCase("negative", "Our Office Manager keeps the office running.", None),
    OfficeCase("negative", "Train customers on-site and remotely as needed.", None),
    OfficeCase("negative", "Remote patient monitoring experience is a plus.", None),
    OfficeCase("negative", "Office 365 administration", None),
    OfficeCase("negative", "Hybrid vehicle powertrain design experience.", None),
    OfficeCase(
        "negative", "Our office has a gym, a rooftop and three days of hackathons a year.", None
    ),
    OfficeCase("negative", "On-site gym and free parking at our campus.", None),
    OfficeCase("negative", "We match 100% of your 401(k) contributions.", None),
    OfficeCase("negative", "Our hybrid approach to ML combines rules and models.", None),
    OfficeCase("negative", "We support customers with on-site installations.", None),
    OfficeCase(
        "negative", "Ability to travel on-site to customer locations 50% of the time", None
    ),
    OfficeCase("negative", "Remote work stipend of $500 per year", None),
    OfficeCase("negative", "We have a beautiful office in Austin with a rooftop terrace.", None),
    OfficeCase("negative", "Our on-site barista makes the best flat white in town.", None),
    OfficeCase("negative", "Remote-friendly culture with flexible hours.", None),
    OfficeCase("negative", "We're building a remote monitoring platform for wind farms.", None),
    OfficeCase("negative", "The office is 5 minutes from the train station.", None),
    OfficeCase("negative", "Office snacks, team lunches and a remote work allowance", None),
    OfficeCase("negative", "We partner with hybrid and electric vehicle makers.", None),
]

# (board value, expected workplace)
WORKPLACE_BOARD_CASES: list[tuple[str | None, str | None]] = [
    ("Remote", "remote"),
    ("remote", "remote"),
    ("Hybrid", "hybrid"),
    ("On-site", "onsite"),
    ("onsite", "onsite"),
    ("OnSite", "onsite"),
    ("In office", "onsite"),
    ("In-person", "onsite"),
    ("Office", "onsite"),
    ("TELECOMMUTE", "remote"),
    ("fully_remote", "remote"),
    ("FullyRemote", "remote"),
    ("Flexible", "hybrid"),
    ("Partially remote", "hybrid"),
    ("hybrid-remote", "hybrid"),
    ("Not remote", "onsite"),
    ("Remote OK", "remote"),
    ("Work from home", "remote"),
    ("Homeoffice", "remote"),
    ("Virtual", "remote"),
    ("unspecified", None),
    ("N/A", None),
    ("Full-time", None),
    ("", None),
    (None, None),
]

# (text, office terms already read or None, expected workplace)
WORKPLACE_TEXT_CASES: list[tuple[str, dict | None, str | None]] = [
    ("This role is fully remote.", None, "remote"),
    ("Hybrid: three days a week in the office.", None, "hybrid"),
    ("This position is on-site in Austin.", None, "onsite"),
    ("Great team, free snacks. #LI-Remote", None, "remote"),
    ("We're growing fast. #LI-Hybrid", None, "hybrid"),
    ("#LI-Onsite", None, "onsite"),
    ("Great team, free snacks.", None, None),
    ("Anything at all", OT("hybrid", days=2), "hybrid"),
    ("", None, None),
]
