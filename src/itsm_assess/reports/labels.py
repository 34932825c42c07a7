"""Localised labels of the gap report (English and Finnish).

Finnish is written as a Finnish ITSM consultant would write it in a report to a management
team. Every label exists in both languages; :func:`labels` falls back to English per key.
"""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "report_title": {"en": "ISO/IEC 20000-1 gap report", "fi": "ISO/IEC 20000-1 -puuteanalyysi"},
    "contents": {"en": "Contents", "fi": "Sisällys"},
    "summary": {"en": "Summary", "fi": "Yhteenveto"},
    "processes": {"en": "Processes", "fi": "Prosessit"},
    "process": {"en": "Process", "fi": "Prosessi"},
    "title": {"en": "Title", "fi": "Nimi"},
    "findings": {"en": "Findings", "fi": "Poikkeamat ja havainnot"},
    "findings_sheet": {"en": "Findings", "fi": "Havainnot"},
    "finding": {"en": "Finding", "fi": "Havainto"},
    "action_plan": {"en": "Action plan", "fi": "Toimenpidesuunnitelma"},
    "requirements": {"en": "Requirements", "fi": "Vaatimukset"},
    "requirement": {"en": "Requirement", "fi": "Vaatimus"},
    "comparison": {"en": "Comparison with the previous assessment", "fi": "Vertailu edelliseen arviointiin"},
    "comparison_sheet": {"en": "Comparison", "fi": "Vertailu"},
    "change_analysis": {"en": "Change analysis", "fi": "Muutosanalyysi"},
    "method": {"en": "Method", "fi": "Menetelmä"},
    "organisation": {"en": "Organisation", "fi": "Organisaatio"},
    "assessment_id": {"en": "Assessment", "fi": "Arviointi"},
    "scope": {"en": "Scope", "fi": "Arvioinnin laajuus"},
    "assessment_method": {"en": "Assessment method", "fi": "Arviointimenetelmä"},
    "method_audit": {"en": "Audit", "fi": "Auditointi"},
    "method_self-assessment": {"en": "Self-assessment", "fi": "Itsearviointi"},
    "dates": {"en": "Dates", "fi": "Ajankohta"},
    "assessors": {"en": "Assessors", "fi": "Arvioijat"},
    "catalogue": {"en": "Requirements catalogue", "fi": "Vaatimusluettelo"},
    "catalogue_version": {"en": "Catalogue version", "fi": "Luettelon versio"},
    "catalogue_hash": {"en": "Catalogue content hash (SHA-256)", "fi": "Luettelon tiiviste (SHA-256)"},
    "scoring_model": {"en": "Scoring model", "fi": "Pisteytysmalli"},
    "model_kind": {"en": "Kind of model", "fi": "Mallin tyyppi"},
    "kind_capability": {"en": "Capability (ISO/IEC 33020)", "fi": "Kyvykkyys (ISO/IEC 33020)"},
    "kind_compliance": {"en": "Compliance", "fi": "Vaatimustenmukaisuus"},
    "kind_maturity": {"en": "Maturity", "fi": "Kypsyys"},
    "readiness": {"en": "Certification readiness", "fi": "Sertifiointivalmius"},
    "verdict_ready": {"en": "Ready for the certification audit", "fi": "Valmis sertifiointiauditointiin"},
    "verdict_ready-with-conditions": {"en": "Ready with conditions", "fi": "Valmis ehdollisesti"},
    "verdict_not-ready": {"en": "Not ready", "fi": "Ei vielä valmis"},
    "reasons": {"en": "Reasons", "fi": "Perusteet"},
    "open_major": {"en": "Open major nonconformities", "fi": "Avoimet merkittävät poikkeamat"},
    "open_minor": {"en": "Open minor nonconformities", "fi": "Avoimet lievät poikkeamat"},
    "not_assessed": {"en": "Requirements not assessed", "fi": "Arvioimatta jääneet vaatimukset"},
    "clauses_outside_scope": {"en": "Clauses outside the scope", "fi": "Laajuuden ulkopuoliset kohdat"},
    "overall_compliance": {"en": "Overall compliance", "fi": "Vaatimustenmukaisuus yhteensä"},
    "requirements_in_scope": {"en": "Requirements in scope", "fi": "Laajuuteen kuuluvat vaatimukset"},
    "assessed": {"en": "Assessed", "fi": "Arvioitu"},
    "capability_profile": {"en": "Capability profile against the target", "fi": "Kyvykkyysprofiili ja tavoitetaso"},
    "capability_level": {"en": "Capability level", "fi": "Kyvykkyystaso"},
    "target_level": {"en": "Target level", "fi": "Tavoitetaso"},
    "level_gap": {"en": "Gap to target", "fi": "Ero tavoitteeseen"},
    "compliance": {"en": "Compliance", "fi": "Vaatimustenmukaisuus"},
    "compliance_weighted": {"en": "Weighted compliance", "fi": "Painotettu vaatimustenmukaisuus"},
    "compliance_by_process": {"en": "Compliance by process", "fi": "Vaatimustenmukaisuus prosesseittain"},
    "compliance_by_clause": {"en": "Compliance by clause", "fi": "Vaatimustenmukaisuus kohdittain"},
    "findings_by_grade": {"en": "Findings by grade", "fi": "Havainnot luokittain"},
    "count": {"en": "Count", "fi": "Lukumäärä"},
    "heat_map": {"en": "Process attribute ratings", "fi": "Prosessiattribuuttien arviot"},
    "attribute": {"en": "Process attribute", "fi": "Prosessiattribuutti"},
    "rating": {"en": "Rating", "fi": "Arvio"},
    "clause": {"en": "Clause", "fi": "Kohta"},
    "clauses": {"en": "Clauses", "fi": "Kohdat"},
    "conforming": {"en": "Conforming", "fi": "Täyttyy"},
    "not_conforming": {"en": "Not conforming", "fi": "Ei täyty"},
    "not_applicable": {"en": "Not applicable", "fi": "Ei sovellu"},
    "not_assessed_short": {"en": "Not assessed", "fi": "Arvioimatta"},
    "conformity": {"en": "Conformity", "fi": "Tulos"},
    "conformity_conforming": {"en": "Conforming", "fi": "Täyttyy"},
    "conformity_not-conforming": {"en": "Not conforming", "fi": "Ei täyty"},
    "conformity_not-applicable": {"en": "Not applicable", "fi": "Ei sovellu"},
    "conformity_not-assessed": {"en": "Not assessed", "fi": "Arvioimatta"},
    "id": {"en": "Id", "fi": "Tunnus"},
    "grade": {"en": "Grade", "fi": "Luokka"},
    "statement": {"en": "Finding", "fi": "Havainto"},
    "evidence": {"en": "Evidence", "fi": "Näyttö"},
    "recommendation": {"en": "Recommendation", "fi": "Suositus"},
    "notes": {"en": "Notes", "fi": "Huomiot"},
    "weight": {"en": "Weight", "fi": "Paino"},
    "status": {"en": "Status", "fi": "Tila"},
    "finding_status_open": {"en": "Open", "fi": "Avoin"},
    "finding_status_closed": {"en": "Closed", "fi": "Suljettu"},
    "action_status_open": {"en": "Open", "fi": "Avoin"},
    "action_status_in-progress": {"en": "In progress", "fi": "Työn alla"},
    "action_status_done": {"en": "Done", "fi": "Valmis"},
    "no": {"en": "No.", "fi": "Nro"},
    "priority": {"en": "Priority", "fi": "Prioriteetti"},
    "current_rating": {"en": "Current rating", "fi": "Nykyinen arvio"},
    "needed_rating": {"en": "Needed", "fi": "Tarvitaan"},
    "action": {"en": "Action", "fi": "Toimenpide"},
    "owner": {"en": "Owner", "fi": "Vastuuhenkilö"},
    "due_date": {"en": "Due date", "fi": "Määräaika"},
    "not_rated": {"en": "not rated", "fi": "arvioimatta"},
    "action_text": {
        "en": "Raise {attribute} ({attribute_name}) of {process} from {rating} to at least {needed}",
        "fi": "Nosta attribuutti {attribute} ({attribute_name}) prosessissa {process} tasolta {rating} vähintään tasolle {needed}",
    },
    "action_requirements": {"en": "address {ids}", "fi": "korjaa puutteet: {ids}"},
    "action_plan_help": {
        "en": "One row per gap to the target profile, highest priority first. Action, owner, due date and status are yours to edit.",
        "fi": "Yksi rivi kutakin tavoiteprofiilin puutetta kohden, tärkein ensin. Toimenpide, vastuuhenkilö, määräaika ja tila ovat muokattavissa.",
    },
    "no_gaps": {"en": "No gaps to the target profile.", "fi": "Tavoiteprofiiliin ei ole puutteita."},
    "no_findings": {"en": "No findings were recorded.", "fi": "Poikkeamia tai havaintoja ei kirjattu."},
    "baseline": {"en": "Previous assessment", "fi": "Edellinen arviointi"},
    "current": {"en": "This assessment", "fi": "Tämä arviointi"},
    "change": {"en": "Change", "fi": "Muutos"},
    "trend": {"en": "Trend", "fi": "Suunta"},
    "trend_improved": {"en": "Improved", "fi": "Parantunut"},
    "trend_worsened": {"en": "Worsened", "fi": "Heikentynyt"},
    "trend_unchanged": {"en": "Unchanged", "fi": "Ennallaan"},
    "trend_new": {"en": "New", "fi": "Uusi"},
    "trend_removed": {"en": "No longer assessed", "fi": "Ei enää arvioitu"},
    "level_before": {"en": "Level before", "fi": "Taso ennen"},
    "level_now": {"en": "Level now", "fi": "Taso nyt"},
    "compliance_before": {"en": "Compliance before", "fi": "Vaatimustenmukaisuus ennen"},
    "compliance_now": {"en": "Compliance now", "fi": "Vaatimustenmukaisuus nyt"},
    "rating_before": {"en": "Rating before", "fi": "Arvio ennen"},
    "rating_now": {"en": "Rating now", "fi": "Arvio nyt"},
    "by_process": {"en": "By process", "fi": "Prosesseittain"},
    "by_attribute": {"en": "By process attribute", "fi": "Prosessiattribuuteittain"},
    "changes_total": {"en": "Changes classified", "fi": "Luokitellut muutokset"},
    "by_category": {"en": "By category", "fi": "Muutostyypeittäin"},
    "by_route": {"en": "By route", "fi": "Käsittelypoluittain"},
    "by_impact": {"en": "By impact", "fi": "Vaikutuksen mukaan"},
    "deviations": {"en": "Deviations from the change policy", "fi": "Poikkeamat muutospolitiikasta"},
    "no_deviations": {"en": "Every change was handled as the policy requires.", "fi": "Kaikki muutokset käsiteltiin muutospolitiikan mukaisesti."},
    "change_id": {"en": "Change", "fi": "Muutos"},
    "recorded": {"en": "Recorded", "fi": "Kirjattu"},
    "expected": {"en": "Expected by the policy", "fi": "Politiikan mukainen"},
    "reason": {"en": "Reason", "fi": "Peruste"},
    "category": {"en": "Value", "fi": "Arvo"},
    "rating_scale": {"en": "Rating scale", "fi": "Arviointiasteikko"},
    "achievement": {"en": "Achievement", "fi": "Toteutumisaste"},
    "meaning": {"en": "Meaning", "fi": "Merkitys"},
    "rating_N": {"en": "Not achieved", "fi": "Ei saavutettu"},
    "rating_P": {"en": "Partially achieved", "fi": "Osittain saavutettu"},
    "rating_L": {"en": "Largely achieved", "fi": "Pääosin saavutettu"},
    "rating_F": {"en": "Fully achieved", "fi": "Täysin saavutettu"},
    "rating_NA": {"en": "Not applicable", "fi": "Ei sovellu"},
    "capability_levels": {"en": "Capability levels", "fi": "Kyvykkyystasot"},
    "level": {"en": "Level", "fi": "Taso"},
    "level_0": {"en": "Incomplete", "fi": "Puutteellinen"},
    "level_1": {"en": "Performed", "fi": "Suoritettu"},
    "level_2": {"en": "Managed", "fi": "Hallittu"},
    "level_3": {"en": "Established", "fi": "Vakiintunut"},
    "level_4": {"en": "Predictable", "fi": "Ennustettava"},
    "level_5": {"en": "Innovating", "fi": "Innovoiva"},
    "PA1.1": {"en": "Process performance", "fi": "Prosessin suorittaminen"},
    "PA2.1": {"en": "Performance management", "fi": "Suorittamisen hallinta"},
    "PA2.2": {"en": "Work product management", "fi": "Työtuotteiden hallinta"},
    "PA3.1": {"en": "Process definition", "fi": "Prosessin määrittely"},
    "PA3.2": {"en": "Process deployment", "fi": "Prosessin käyttöönotto"},
    "PA4.1": {"en": "Quantitative analysis", "fi": "Määrällinen analyysi"},
    "PA4.2": {"en": "Quantitative control", "fi": "Määrällinen ohjaus"},
    "PA5.1": {"en": "Process innovation", "fi": "Prosessin innovointi"},
    "PA5.2": {"en": "Process innovation implementation", "fi": "Innovaatioiden käyttöönotto"},
    "how_to_read": {"en": "How to read this report", "fi": "Raportin lukuohje"},
    "how_to_read_scale_33020": {
        "en": "Each requirement in scope was rated on the ISO/IEC 33020 scale (N, P, L, F; the refined scale adds P-, P+, L- and L+).",
        "fi": "Jokainen laajuuteen kuuluva vaatimus arvioitiin ISO/IEC 33020 -asteikolla (N, P, L, F; tarkennettu asteikko lisää P-, P+, L- ja L+).",
    },
    "how_to_read_scale": {
        "en": (
            "Each requirement in scope was rated N, P, L or F (not, partially, largely or fully achieved; the refined "
            "scale adds P-, P+, L- and L+); the rating scale above shows what each rating stands for in this model."
        ),
        "fi": (
            "Jokainen laajuuteen kuuluva vaatimus arvioitiin asteikolla N, P, L, F (ei, osittain, pääosin tai täysin "
            "saavutettu; tarkennettu asteikko lisää P-, P+, L- ja L+); yllä oleva arviointiasteikko näyttää, mitä "
            "kukin arvio tässä mallissa tarkoittaa."
        ),
    },
    "how_to_read_attributes": {
        "en": (
            "The ratings of a process's requirements give its process attribute PA 1.1; the assessors rated the "
            "higher attributes from the capability indicators."
        ),
        "fi": (
            "Prosessin vaatimusten arvioista johdetaan prosessiattribuutti PA 1.1; ylemmät attribuutit arvioijat "
            "arvioivat kyvykkyysindikaattoreiden perusteella."
        ),
    },
    "how_to_read_levels": {
        "en": "A process reaches {level_word} n when its level-n attributes are at least {current} ({current_name}) and every lower attribute {lower_phrase}.",
        "fi": "Prosessi saavuttaa {level_word} n, kun tason n attribuutit ovat vähintään tasolla {current} ({current_name}) ja kaikki alemmat attribuutit {lower_phrase}.",
    },
    "level_word_capability": {"en": "capability level", "fi": "kyvykkyystason"},
    "level_word_maturity": {"en": "maturity level", "fi": "kypsyystason"},
    "level_rule_lower_full": {"en": "is {lower} ({lower_name})", "fi": "tasolla {lower} ({lower_name})"},
    "level_rule_lower_at_least": {"en": "is at least {lower} ({lower_name})", "fi": "vähintään tasolla {lower} ({lower_name})"},
    "how_to_read_min_level": {"en": "Every process is at least at level {level}.", "fi": "Jokainen prosessi on vähintään tasolla {level}."},
    "how_to_read_no_levels": {
        "en": (
            "This scoring model determines no capability levels: the report shows conformity, compliance, "
            "findings and certification readiness."
        ),
        "fi": (
            "Tämä pisteytysmalli ei määritä kyvykkyystasoja: raportti näyttää vaatimusten täyttymisen, "
            "vaatimustenmukaisuuden, havainnot ja sertifiointivalmiuden."
        ),
    },
    "how_to_read_compliance": {
        "en": (
            "Compliance is the share of conforming requirements among those assessed and applicable; the "
            "weighted figure counts each requirement by its weight (1-5)."
        ),
        "fi": (
            "Vaatimustenmukaisuus on täyttyvien vaatimusten osuus arvioiduista ja sovellettavista "
            "vaatimuksista; painotetussa luvussa kukin vaatimus lasketaan painollaan (1-5)."
        ),
    },
    "how_to_read_findings": {
        "en": (
            "Findings are graded major nonconformity, minor nonconformity, observation, opportunity for "
            "improvement or good practice. Any open major nonconformity blocks certification readiness."
        ),
        "fi": (
            "Havainnot luokitellaan merkittäviksi poikkeamiksi, lieviksi poikkeamiksi, havainnoiksi, "
            "parannusmahdollisuuksiksi tai hyviksi käytännöiksi. Yksikin avoin merkittävä poikkeama estää "
            "sertifiointivalmiuden."
        ),
    },
    "how_to_read_actions": {
        "en": (
            "The action plan lists one row per process attribute below what the target level needs, "
            "highest priority first."
        ),
        "fi": (
            "Toimenpidesuunnitelmassa on yksi rivi jokaista prosessiattribuuttia kohden, joka jää "
            "tavoitetason vaatimasta, tärkein ensin."
        ),
    },
    "how_to_read_no_actions": {
        "en": (
            "Without capability levels there is no target profile to compare with, so the action plan is empty: "
            "the nonconformities and the requirements that do not conform show what to correct."
        ),
        "fi": (
            "Ilman kyvykkyystasoja ei ole tavoiteprofiilia, johon verrata, joten toimenpidesuunnitelma on tyhjä: "
            "korjattavat asiat näkyvät poikkeamista ja vaatimuksista, jotka eivät täyty."
        ),
    },
    "conformity_rule_blocking": {
        "en": "A requirement conforms when it is rated {ratings} and carries no open {findings}.",
        "fi": "Vaatimus täyttyy, kun sen arvio on {ratings} eikä siihen liity avointa {findings}.",
    },
    "conformity_rule_ratings_only": {
        "en": "A requirement conforms when it is rated {ratings}, whatever findings it carries.",
        "fi": "Vaatimus täyttyy, kun sen arvio on {ratings}, riippumatta siihen liittyvistä havainnoista.",
    },
    "refined_count_as": {"en": "{ratings} count as {rating}", "fi": "{ratings} lasketaan {rating}:ksi"},
    "major_or_minor_nc": {"en": "major or minor nonconformity", "fi": "merkittävää tai lievää poikkeamaa"},
    "or": {"en": "or", "fi": "tai"},
    "and": {"en": "and", "fi": "ja"},
    "no_baseline": {"en": "No previous assessment was given.", "fi": "Edellistä arviointia ei annettu."},
    "chart_desc": {"en": "Capability level and target level per process", "fi": "Kyvykkyystaso ja tavoitetaso prosesseittain"},
    "filter": {"en": "Filter", "fi": "Suodata"},
    "all_grades": {"en": "All grades", "fi": "Kaikki luokat"},
    "sort_hint": {"en": "Select a column heading to sort.", "fi": "Lajittele valitsemalla sarakkeen otsikko."},
    "prepared_for": {"en": "Prepared for", "fi": "Laadittu"},
    "yes": {"en": "yes", "fi": "kyllä"},
    "none": {"en": "none", "fi": "ei yhtään"},
    "page_footer": {"en": "Confidential", "fi": "Luottamuksellinen"},
}


def labels(lang: str) -> dict[str, str]:
    """Every report label in ``lang`` (English where a translation is missing)."""
    return {key: text.get(lang) or text["en"] for key, text in _LABELS.items()}


def all_label_keys() -> list[str]:
    return list(_LABELS)


def _raw() -> dict[str, dict[str, str]]:
    """The table itself, for the completeness test."""
    return _LABELS
