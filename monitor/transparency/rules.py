"""The pay-transparency rules for job ads, as data: one entry per jurisdiction and version.

Each `Rule` says where and from when a law requires pay in a job ad, for which employers, what
the ad must hold, whether remote roles are reached, and where that comes from. A law that
changes gets a new entry with its own dates (Colorado has three). `sources` cite the statute or
official guidance first, then the pages this table was checked against; `note` says what could
not be checked and where rolewatch reads a law in a way no source states in so many words.

Bump `RULES_VERSION` with every change to the table: assessments record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

RULES_VERSION = "2026-12-05"

# How a remote role that does not name the place is treated:
# "anywhere": covered when it could be done there (Colorado: "remote work that can be done
#   anywhere" is covered, even when the ad excludes Colorado applicants);
# "reporting": covered only when the role reports to a supervisor, office or employer there,
#   which a posting rarely says, so rolewatch applies the rule only where the place is named;
# "unclear": no guidance found; applied only where the place is named;
# "none": only work performed there (city ordinances).
Remote = Literal["anywhere", "reporting", "unclear", "none"]
# "range": pay or a pay range in the ad; "minimum": at least the minimum pay (Austria,
# Slovakia); "advisory": the law lets the pay come before the interview instead (EU directive).
Requires = Literal["range", "minimum", "advisory"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One jurisdiction's rule for pay in job ads, for the dates it was in force."""

    code: str  # "US-CO", "US-NY-NYC", "CA-ON", "AT", "EU"
    name: str  # "Colorado"
    law: str  # short title and citation
    effective_from: date  # first day in force
    effective_to: date | None  # last day in force; None: still in force
    min_employees: int | None  # smallest employer covered; None: every employer
    requires: Requires
    open_ended_ok: bool  # whether "up to $X" / "$X and up" satisfies the rule
    benefits: bool  # a general description of benefits must be in the ad
    deadline: bool  # the application deadline (or "ongoing basis") must be in the ad
    remote: Remote
    sources: tuple[str, ...]
    currency: str = "USD"  # of `max_width` and `exempt_above`
    max_width: int | None = None  # widest range allowed, per year
    exempt_above: int | None = None  # no requirement when the top of the pay is above, per year
    enforced_from: date | None = None  # in force earlier, but not enforced before this day
    note: str = ""

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


_CO_STATUTE = "C.R.S. § 8-5-201(2) (Equal Pay for Equal Work Act, SB 19-085)"
_CO_POST = (
    "7 CCR 1103-18 (POST Rules) Rule 11.1, "
    "https://regulations.justia.com/states/colorado/1100/1101-d-1/rule-7-ccr-1103-18/"
    "rule-7-ccr-1103-18-11"
)
_CO_INFO9 = (
    "CDLE INFO #9 as revised 2021-07-21 (remote jobs; open-ended ranges), as reported at "
    "https://www.engage.hoganlovells.com/knowledgeservices/news/"
    "colorado-requires-salary-ranges-on-job-postings-for-remote-positions-regardless-of-geography"
    " and https://members.employerscouncil.org/blogs/lorrie-ray/2023/01/27/"
)

RULES: tuple[Rule, ...] = (
    Rule(
        code="US-CO",
        name="Colorado",
        law=_CO_STATUTE,
        effective_from=date(2021, 1, 1),
        effective_to=date(2021, 7, 20),
        min_employees=None,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="unclear",
        sources=(_CO_STATUTE, "7 CCR 1103-13 (Equal Pay Transparency Rules, 2021)", _CO_INFO9),
        note="Covers every employer with at least one employee in Colorado. Until INFO #9 was "
        "revised on 2021-07-21 the Division excluded work 'performed entirely outside "
        "Colorado', and how that reached remote roles was disputed. The bar on open-ended "
        "ranges is stated in the revised INFO #9; rolewatch applies it from the start.",
    ),
    Rule(
        code="US-CO",
        name="Colorado",
        law=_CO_STATUTE,
        effective_from=date(2021, 7, 21),
        effective_to=date(2023, 12, 31),
        min_employees=None,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="anywhere",
        sources=(_CO_STATUTE, "7 CCR 1103-13 (Equal Pay Transparency Rules)", _CO_INFO9),
        note="Covers every employer with at least one employee in Colorado, and remote jobs "
        "that could be done in Colorado even when the ad excludes Colorado applicants.",
    ),
    Rule(
        code="US-CO",
        name="Colorado",
        law=_CO_STATUTE + ", as amended by SB 23-105",
        effective_from=date(2024, 1, 1),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=True,
        remote="anywhere",
        sources=(
            _CO_STATUTE,
            "SB 23-105 (effective 2024-01-01): 'the date the application window is "
            "anticipated to close', summarised at http://adptotalsourceinsightsandsolutions.com/"
            "federal-updates-detail/ArtMID/542/ArticleID/3242/"
            "Colorado-Amends-Pay-and-Opportunity-Transparency-Rules",
            _CO_POST,
            "CDLE INFO #9A, copy at https://ezel.ai/labor-guidance/co/info-9a",
            _CO_INFO9,
        ),
        note="Rule 11.1.3(A): a posting for a job with no deadline must say that applications "
        "are accepted on an ongoing basis. Benefits may be given by a link (INFO #9); "
        "rolewatch only sees the posting's text.",
    ),
    Rule(
        code="US-NY-NYC",
        name="New York City",
        law="N.Y.C. Admin. Code § 8-107(32) (Local Law 32 of 2022, amended by Local Law 59)",
        effective_from=date(2022, 11, 1),
        effective_to=None,
        min_employees=4,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="anywhere",
        sources=(
            "N.Y.C. Admin. Code § 8-107(32)",
            "NYC Commission on Human Rights fact sheet ('$20 per hour and up' and 'maximum "
            "$50,000 per year' are not compliant), as reported at https://www.mondaq.com/"
            "unitedstates/employee-rights-labour-relations/1247510/"
            "new-york-city-pay-transparency-law-now-in-effect",
            "https://www.insidejobsblog.com/2022/05/19/"
            "new-york-citys-amended-salary-transparency-law-to-take-effect-on-november-1/",
        ),
        note="Four employees anywhere, at least one working in NYC. Covers positions that can "
        "or will be performed at least in part in NYC, including remotely. The Commission's "
        "own pages were not read; the fact sheet is cited through the reports above.",
    ),
    Rule(
        code="US-CA",
        name="California",
        law="Cal. Lab. Code § 432.3(c)(3) (SB 1162, 2022)",
        effective_from=date(2023, 1, 1),
        effective_to=None,
        min_employees=15,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="anywhere",
        sources=(
            "Cal. Lab. Code § 432.3(c)(3)",
            "Labor Commissioner, Equal Pay Act FAQ (updated 2022-12-27), as reported at "
            "https://www.stradlinglaw.com/news-insights/pay-transparency-becomes-more-"
            "transparent-labor-commissioner-issues-answers-to-frequently-asked-questions.html",
        ),
        note="15 employees anywhere, at least one in California. Covers any position that may "
        "ever be filled in California, in person or remotely. Whether an open-ended scale "
        "complies is not addressed by the sources found; rolewatch does not reject it. SB 642 "
        "(2025) redefines 'pay scale' as a good-faith estimate from 2026; not checked further.",
    ),
    Rule(
        code="US-WA",
        name="Washington",
        law="RCW 49.58.110 (SB 5761, 2022)",
        effective_from=date(2023, 1, 1),
        effective_to=None,
        min_employees=15,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="anywhere",
        sources=(
            "RCW 49.58.110",
            "L&I Administrative Policy ES.E.1 (2022-11-30): a low and a high figure, not 'up "
            "to $25 per hour' or '$60,000 per year and up', as reported at "
            "https://www.dunncarney.com/news-resources/"
            "washington-employers-prepare-to-disclose-pay-ranges-in-job-postings-starting-jan-1-2023/",
            "https://jdsupra.com/legalnews/new-pay-transparency-requirements-for-3860088",
            "SB 5408 (2025), https://lawfilesext.leg.wa.gov/biennium/2025-26/Htm/Bill%20Reports/"
            "Senate/5408%20SBA%20LC%2025.htm",
        ),
        note="15 employees, at least one Washington-based; covers postings that could be filled "
        "by a Washington-based employee, remote included. SB 5408 (2025) gives employers ten "
        "business days to correct a posting; it does not change what the ad must hold.",
    ),
    Rule(
        code="US-NY",
        name="New York State",
        law="N.Y. Lab. Law § 194-b",
        effective_from=date(2023, 9, 17),
        effective_to=None,
        min_employees=4,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="reporting",
        sources=(
            "N.Y. Lab. Law § 194-b (as amended 2023-03-03)",
            "https://www.nixonpeabody.com/insights/alerts/2022/12/21/"
            "new-york-state-pay-transparency-law-effective-september-17-2023",
            "https://www.lawpf.com/post/new-york-state-transparency-law",
            "https://www.crowell.com/en/insights/client-alerts/new-york-state-department-of-"
            "labor-releases-proposed-regulations-to-state-pay-transparency-law",
        ),
        note="Covers work physically performed at least in part in New York, or outside it "
        "when reporting to a supervisor, office or work site in New York. 'Range of "
        "compensation' is defined as the minimum and maximum; rolewatch reads that as ruling "
        "out open-ended ranges. The Department's proposed regulations (2023) lapsed without "
        "being finalised. The job description must also be posted if one exists; not checked.",
    ),
    Rule(
        code="US-HI",
        name="Hawaii",
        law="Haw. Rev. Stat. § 378-2.8 (Act 203, SLH 2023)",
        effective_from=date(2024, 1, 1),
        effective_to=None,
        min_employees=50,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        sources=(
            "HRS § 378-2.8, text at https://courtgpt.ai/laws/hawaii/title-21/chapter-378/"
            "section-378-2-8",
            "https://www.esandalaw.com/news-and-information/news/"
            "employment-earnings-advertising-requirement-signed-into-law/",
        ),
        note="'An hourly rate or salary range that reasonably reflects the actual expected "
        "compensation'; internal transfers and collectively bargained public positions are "
        "exempt. Whether the 50 employees must be in Hawaii, and how remote roles are treated, "
        "is not settled by the sources found.",
    ),
    Rule(
        code="US-DC",
        name="District of Columbia",
        law="D.C. Code § 32-1451 et seq. (Wage Transparency Omnibus Amendment Act of 2023)",
        effective_from=date(2024, 6, 30),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="unclear",
        sources=(
            "D.C. Act 25-367, D.C. Code § 32-1451 et seq.",
            "http://www.bipc.com/new-amendment-revives-washington-dc-pay-transparency-law",
            "https://www.littler.com/publication-press/publication/"
            "pay-transparency-arrives-nations-capital",
        ),
        note="Every employer with at least one employee in the District. 'The minimum and "
        "maximum projected salary or hourly pay'; rolewatch reads that as ruling out "
        "open-ended ranges. Healthcare benefits must be disclosed before the first interview, "
        "not necessarily in the ad, so they are not checked. The Act is silent on remote roles.",
    ),
    Rule(
        code="US-MD",
        name="Maryland",
        law="Md. Code, Lab. & Empl. § 3-304.2 (Wage Range Transparency Act, 2024)",
        effective_from=date(2024, 10, 1),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="unclear",
        sources=(
            "Md. Code, Lab. & Empl. § 3-304.2",
            "Maryland Department of Labor, Wage Range Transparency FAQ, "
            "https://dllr.state.md.us/labor/wages/esswagerangefaq.shtml",
            "https://shrm.org/in/topics-tools/employment-law-compliance/"
            "maryland-releases-faqs-on-wage-range-transparency-act",
        ),
        note="Every employer. Work physically performed at least in part in Maryland; the FAQ "
        "covers a remote job whose ad seeks Maryland-based workers, and rules out '$30+ an "
        "hour'. Whether a US-wide remote ad is covered is not said.",
    ),
    Rule(
        code="US-IL",
        name="Illinois",
        law="820 ILCS 112/10(b-25) (Equal Pay Act of 2003, as amended by HB 3129, 2023)",
        effective_from=date(2025, 1, 1),
        effective_to=None,
        min_employees=15,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="reporting",
        sources=(
            "820 ILCS 112/5, 112/10(b-25)",
            "IDOL, Equal Pay Act Pay Transparency FAQ (2024-11-22), "
            "https://labor.illinois.gov/faqs/equal-pay-act-salary-transparency-faq.html",
            "https://labor.illinois.gov/pay",
            "https://seyfarth.com/news-insights/"
            "illinois-department-of-labor-provides-long-awaited-transparency-to-equal-pay-act-"
            "amendments.html",
        ),
        note="15 employees anywhere. Work performed at least in part in Illinois or reporting "
        "to a supervisor, office or work site there (FAQ 9: a remote job counts when that is "
        "foreseeable). A link to a public page with pay and benefits suffices. The bar on "
        "open-ended ranges follows the issue and Seyfarth's summary of FAQ 13; the FAQ's own "
        "answer could not be read here.",
    ),
    Rule(
        code="US-MN",
        name="Minnesota",
        law="Minn. Stat. § 181.173",
        effective_from=date(2025, 1, 1),
        effective_to=None,
        min_employees=30,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="unclear",
        sources=(
            "Minn. Stat. § 181.173 (Laws 2024, ch. 110)",
            "https://stinson.com/newsroom-publications-minnesota-pay-transparency-signed-into-law",
            "https://fredlaw.com/alert-pay-transparency-comes-to-minnesota",
        ),
        note="30 employees at one or more sites in Minnesota. The statute says a salary range "
        "may not be open-ended; a fixed rate is allowed where there is no range. Remote roles "
        "are not addressed by the sources found.",
    ),
    Rule(
        code="US-NJ",
        name="New Jersey",
        law="New Jersey Pay Transparency Act (signed 2024-11-18)",
        effective_from=date(2025, 6, 1),
        effective_to=None,
        min_employees=10,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="unclear",
        sources=(
            "New Jersey Pay Transparency Act (2024)",
            "https://jdsupra.com/legalnews/new-jersey-s-new-pay-transparency-law-2842978",
            "https://production.jdsupra.com/legalnews/nj-pay-and-benefit-transparency-act-6066327",
        ),
        note="10 employees over 20 calendar weeks, doing business, employing or taking "
        "applications in New Jersey. A range needs a top and a bottom, not 'up to' (NJDOL "
        "guidance as reported). The session-law chapter and N.J.S.A. section numbers were not "
        "checked.",
    ),
    Rule(
        code="US-VT",
        name="Vermont",
        law="21 V.S.A. § 495o (Act 155 of 2024, H.704)",
        effective_from=date(2025, 7, 1),
        effective_to=None,
        min_employees=5,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="reporting",
        sources=(
            "21 V.S.A. § 495o",
            "https://worldatwork.org/publications/workspan-daily/"
            "vermont-s-pay-transparency-law-has-some-interesting-specifics",
            "https://www.cbiz.com/insights/article/"
            "vermont-pay-transparency-what-employers-need-to-know-by-july-1",
        ),
        note="Positions physically located in Vermont, or remote positions predominantly "
        "performing work for an office or work location in Vermont. 'Range of compensation' is "
        "the minimum and maximum. Commission-only roles need only say so; tipped roles give "
        "the base wage. Neither is detected.",
    ),
    Rule(
        code="US-MA",
        name="Massachusetts",
        law="M.G.L. c. 149, § 105F (St. 2024, c. 141, An Act Relative to Salary Range "
        "Transparency)",
        effective_from=date(2025, 10, 29),
        effective_to=None,
        min_employees=25,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="reporting",
        sources=(
            "M.G.L. c. 149, § 105F",
            "https://www.gtlaw.com/pl/insights/2025/10/"
            "massachusetts-pay-transparency-law-takes-effect-on-oct-29-2025",
            "https://www.cooley.com/news/insight/2025/"
            "2025-10-22-six-compliance-steps-for-massachusetts-upcoming-salary-transparency-law",
        ),
        note="25 employees whose primary place of work is Massachusetts (Attorney General "
        "guidance). Covers positions whose primary place of work is Massachusetts, including "
        "remote work for a Massachusetts worksite. The 'pay range' is read as a minimum and "
        "maximum.",
    ),
    Rule(
        code="US-OH-CLEVELAND",
        name="Cleveland",
        law="Cleveland Ordinance No. 104-2025",
        effective_from=date(2025, 10, 27),
        effective_to=None,
        min_employees=15,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="none",
        sources=(
            "Cleveland Ordinance No. 104-2025 (passed 2025-04-28)",
            "https://www.beneschlaw.com/resources/"
            "cleveland-city-council-passes-new-pay-transparency-and-salary-history-ordinance.html",
            "https://www.shrm.org/in/topics-tools/employment-law-compliance/"
            "cleveland-to-prohibit-salary-inquiries-require-salary-ranges",
        ),
        note="15 employees in the City; jobs performed within the City. 'Salary range or "
        "scale'; 'salary' is defined to include benefits, but whether the ad must describe "
        "them is not stated by the sources found, so it is not checked. The codified chapter "
        "was not checked.",
    ),
    Rule(
        code="US-OH-COLUMBUS",
        name="Columbus",
        law="Columbus City Code ch. 2335, as amended by Ordinance 2898-2025",
        effective_from=date(2025, 12, 3),
        effective_to=None,
        min_employees=15,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="none",
        enforced_from=date(2027, 1, 1),
        sources=(
            "Columbus Ordinance 2898-2025 (signed 2025-11-04)",
            "https://www.workforcebulletin.com/"
            "expanded-pay-transparency-requirements-coming-to-columbus-ohio",
            "https://ogletree.com/insights-resources/blog-posts/"
            "columbus-ohio-enacts-new-pay-transparency-ordinance-requiring-salary-ranges-in-job-"
            "postings",
        ),
        note="In force 2025-12-03; enforcement delayed to 2027-01-01. A 'reasonable salary "
        "range or scale' for jobs performed in the City by employers with 15 employees there.",
    ),
    Rule(
        code="US-DE",
        name="Delaware",
        law="Delaware HB 105 (House Substitute 2), signed 2025-09-26",
        effective_from=date(2027, 9, 26),
        effective_to=None,
        min_employees=26,
        requires="range",
        open_ended_ok=False,
        benefits=True,
        deadline=False,
        remote="reporting",
        sources=(
            "Delaware House Substitute No. 2 for HB 105",
            "https://mondaq.com/unitedstates/employee-rights-labour-relations/1698542/"
            "delaware-enacts-new-pay-transparency-law-to-go-into-effect-september-2027",
            "https://ogletree.com/?p=81152",
        ),
        note="More than 25 employees. Jobs located in Delaware, and non-international remote "
        "positions offered by employers based in Delaware: where the employer is based is not "
        "known to rolewatch. The Delaware Code section was not checked.",
    ),
    Rule(
        code="CA-PE",
        name="Prince Edward Island",
        law="Employment Standards Act (PEI), s. 5.9",
        effective_from=date(2022, 6, 1),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="CAD",
        sources=(
            "Employment Standards Act (PEI), s. 5.9",
            "https://stewartmckelvey.com/thought-leadership/"
            "pay-transparency-recent-changes-to-peis-employment-standards-act",
            "https://cphrpei.ca/2022/05/17/employment-standards-act-pay-transparency/",
        ),
        note="'The expected pay or the range of expected pay' in publicly advertised job "
        "postings, in force 2022-06-01 (royal assent 2021-11-17). Open-ended ranges and "
        "remote roles are not addressed by the sources found; the statute's chapter number "
        "was not checked.",
    ),
    Rule(
        code="CA-BC",
        name="British Columbia",
        law="Pay Transparency Act (BC, 2023), s. 2",
        effective_from=date(2023, 11, 1),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="anywhere",
        currency="CAD",
        sources=(
            "Pay Transparency Act (BC), s. 2",
            "Government of BC, 'Guidance on wage or salary information on job postings' "
            "(2023-10), as reported at https://laborrelationscounsel.com/es/node/613831 and "
            "https://cassels.com/insights/bc-employers-must-include-pay-in-job-postings-from-"
            "november-1-2023/",
        ),
        note="Every employer. Covers jobs open to BC residents that may ever be filled by "
        "someone living in BC, in person or remotely. '$20 per hour and up' and 'up to $30 per "
        "hour' do not comply; base pay only.",
    ),
    Rule(
        code="CA-ON",
        name="Ontario",
        law="Employment Standards Act, 2000, s. 8.2(1) (Working for Workers Four Act, 2024); "
        "O. Reg. 476/24",
        effective_from=date(2026, 1, 1),
        effective_to=None,
        min_employees=25,
        requires="range",
        open_ended_ok=False,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="CAD",
        max_width=50_000,
        exempt_above=200_000,
        sources=(
            "O. Reg. 476/24, https://www.ontario.ca/laws/regulation/240476",
            "https://sherrardkuzz.com/newsblast/job-posting-rules-for-ontario-employers-in-force-"
            "january-1-2026",
            "https://www.hrpa.ca/hr-insights/"
            "navigating-ontarios-new-employment-regulations-key-insights-for-hr-professionals/",
        ),
        note="25 employees on the day the job is posted. A range may be at most $50,000 a "
        "year wide; no pay is required when the expected pay, or the top of the range, is over "
        "$200,000 a year. Work performed outside Ontario is excluded; remote roles within "
        "Canada are not addressed. An open-ended range has no bound on its width, so rolewatch "
        "treats it as too wide. The subsection numbers of O. Reg. 476/24 s. 2 beyond (1) were "
        "not read.",
    ),
    Rule(
        code="AT",
        name="Austria",
        law="Gleichbehandlungsgesetz (GlBG) § 9(2) (BGBl. I Nr. 7/2011)",
        effective_from=date(2011, 3, 1),
        effective_to=None,
        min_employees=None,
        requires="minimum",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="EUR",
        sources=(
            "GlBG § 9(2)",
            "https://www.schoenherr.eu/publications/publications-detail/"
            "austria-mandatory-declaration-of-minimum-remuneration-in-job-postings/",
            "https://www.apothekerkammer.at/infothek/rechtliche-informationen/arbeitsrecht/"
            "angabe-des-mindestentgelts-in-stelleninseraten",
        ),
        note="The collectively agreed or statutory minimum pay, as an amount per time unit, "
        "and any willingness to pay more; 'ab € ... brutto' suffices. Fines since 2012-01-01; "
        "extended on 2013-08-01 to jobs with no collective minimum.",
    ),
    Rule(
        code="SK",
        name="Slovakia",
        law="Labour Code amendment in force 2018-05-01 (base wage in vacancy ads)",
        effective_from=date(2018, 5, 1),
        effective_to=None,
        min_employees=None,
        requires="minimum",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="EUR",
        sources=(
            "http://webiis05.mondaq.com/Employment-and-HR/699412/"
            "Changes-To-The-Slovak-Labour-Code-In-May-2018",
            "https://www.teamed.global/eu-pay-transparency/transposition-tracker",
        ),
        note="The statute's section number was not checked. Sources conflict: Mondaq (2018) "
        "says ads must state the base salary; a 2026 transposition tracker says the "
        "transposing law makes disclosure in the ad not mandatory. Verify before relying on it.",
    ),
    Rule(
        code="LT",
        name="Lithuania",
        law="Labour Code art. 25(6) (Law No. XIII-2327 of 2019-07-11)",
        effective_from=date(2019, 7, 27),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="EUR",
        sources=(
            "Law No. XIII-2327, https://www.e-tar.lt/rs/legalact/"
            "f54f9a90af9a11e98451fa7b5933515d/",
            "https://bnt.eu/pl/wiadomosci-prawne/"
            "amendment-to-lithuanian-labour-code-new-obligation-for-employers/",
            "https://iuslaboris.com/insights/"
            "what-salary-information-must-be-in-a-job-advertisement-in-lithuania/",
        ),
        note="The amount and/or range of the base pay (hourly or monthly). In force 27 July "
        "2019 per two law firms (one recruiter says 26 July). Open-ended amounts are not "
        "addressed.",
    ),
    Rule(
        code="IT",
        name="Italy",
        law="Legislative decree transposing Directive (EU) 2023/970",
        effective_from=date(2026, 6, 7),
        effective_to=None,
        min_employees=None,
        requires="range",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="EUR",
        sources=(
            "Draft decree approved by the Council of Ministers on 2026-02-05, "
            "https://www.valored.it/news/pay-transparency-recepimento-direttivaue",
            "https://quifinanza.it/lavoro/trasparenza-salariale-annunci-lavoro/957952/",
            "https://www.teamed.global/eu-pay-transparency/transposition-tracker",
        ),
        note="Ads must state the starting pay or its range. The decree's number and its exact "
        "day in force were not checked: the date here is the transposition deadline, which a "
        "2026 tracker says Italy met.",
    ),
    Rule(
        code="EU",
        name="European Union",
        law="Directive (EU) 2023/970, Art. 5(1)",
        effective_from=date(2026, 6, 7),
        effective_to=None,
        min_employees=None,
        requires="advisory",
        open_ended_ok=True,
        benefits=False,
        deadline=False,
        remote="unclear",
        currency="EUR",
        sources=(
            "Directive (EU) 2023/970, Art. 5(1): applicants receive the initial pay or its "
            "range, for instance in a published vacancy notice or before the job interview",
            "https://castegnaro.lu/en/nouvelle-directive-europeenne-visant-a-renforcer-"
            "legalite-des-remunerations-entre-les-femmes-et-les-hommes-pour-un-meme-travail-ou-"
            "un-travail-de-meme-valeur",
        ),
        note="Binds member states, not employers: from the transposition deadline (2026-06-07) "
        "rolewatch reports it as advice. Member states that require pay in the ad have their "
        "own entry.",
    ),
)

# Not modelled: the local laws of Jersey City, Westchester County and Ithaca (2022; their
# states' laws now cover them), the salary-history ordinances of Cincinnati and Toledo, and
# Newfoundland and Labrador's pay-transparency act (job postings not yet in force, unchecked).
