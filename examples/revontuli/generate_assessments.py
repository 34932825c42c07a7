"""Regenerate the bundled example assessments of Revontuli Palvelut Oy (fictional).

The example is a mid-sized Finnish managed-services provider preparing for ISO/IEC 20000-1
certification. ``assessment-2025.yaml`` is the first gap assessment, ``assessment-2026.yaml``
the pre-certification audit a year later. Ratings follow a hand-set profile per process (what
the assessors found, below), drawn deterministically; findings and evidence notes are written
by hand. Both are audits, so every requirement carries the auditor's verdict beside its rating:
F conforming; L conforming, with an opportunity for improvement where the assessors noted one;
P and N a nonconformity (the register's explicit findings carry the grades the auditors gave).
Only ``shall`` requirements can carry nonconformities: a weak good-practice item gets an OFI.
The 2026 audit follows the 2025 nonconformities up through the findings register: each carries
the organisation's correction, root cause and corrective action, and the lead auditor's
verification; those verified effective are closed, the others stay open. Key requirements carry
an evidence log (records sampled from a population, documents with versions, interviews by role).
Run from the repository root: ``.venv/bin/python examples/revontuli/generate_assessments.py``.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from itsm_assess.assessment import (
    Assessment,
    AssessmentInfo,
    EvidenceEntry,
    Finding,
    FindingEvent,
    Response,
    Scope,
    Verification,
    save_assessment,
)
from itsm_assess.catalogue import Catalogue, load_catalogue
from itsm_assess.schema import clause_key

HERE = Path(__file__).resolve().parent
SCALE = ["N", "P", "L", "F"]

# Typical rating (0 N .. 3 F) per process, first assessment and a year later.
PROFILE = {
    "CTX": (1.6, 2.6), "LEAD": (1.8, 2.7), "PLAN": (1.2, 2.3), "SUP": (1.5, 2.4), "OPS": (1.8, 2.6),
    "PORT": (1.3, 2.2), "SCM": (1.0, 2.4), "AST": (1.2, 2.0), "CFG": (0.9, 1.7), "BRM": (1.8, 2.5),
    "SLM": (2.0, 2.7), "SUPP": (1.4, 2.2), "BUD": (1.7, 2.4), "DEM": (0.8, 1.8), "CAP": (1.3, 2.1),
    "CHG": (2.0, 2.8), "SDT": (1.1, 2.2), "RDM": (1.6, 2.5), "INC": (2.3, 2.9), "SRQ": (2.2, 2.8),
    "PRB": (1.0, 1.9), "AVM": (1.7, 2.4), "SCO": (0.9, 1.9), "ISM": (1.9, 2.6), "PERF": (1.2, 2.3),
    "REP": (1.8, 2.6), "IMP": (1.1, 2.2),
}
# Ratings of the generic practice indicators per attribute, for processes with a target above 1.
INDICATOR_PROFILE = {
    "CHG": ({"PA2.1": "L", "PA2.2": "L"}, {"PA2.1": "F", "PA2.2": "F", "PA3.1": "L", "PA3.2": "L"}),
    "INC": ({"PA2.1": "L", "PA2.2": "P"}, {"PA2.1": "F", "PA2.2": "L", "PA3.1": "P"}),
    "SLM": ({"PA2.1": "P", "PA2.2": "P"}, {"PA2.1": "L", "PA2.2": "L"}),
    "PRB": ({"PA2.1": "N", "PA2.2": "P"}, {"PA2.1": "P", "PA2.2": "L"}),
    "SCM": ({"PA2.1": "N", "PA2.2": "P"}, {"PA2.1": "L", "PA2.2": "F"}),
}
TARGETS = {"CHG": 3, "INC": 3, "SLM": 2, "PRB": 2, "SCM": 2}

# Evidence seen per process (assessor's notes, in Finnish as the assessment language is Finnish).
EVIDENCE = {
    "CHG": "Otos: 12 muutospyyntöä 1.4.–30.9. (ServiceNow), muutosneuvoston pöytäkirjat 6 kpl.",
    "INC": "Otos: 15 häiriötä, joista 2 suurhäiriötä; palvelupisteen raportit Q3.",
    "SRQ": "Otos: 10 palvelupyyntöä käyttäjätunnusten ja laitetilausten luokista.",
    "PRB": "Ongelmarekisteri: 14 avointa ongelmaa, 5 tarkasteltu tarkemmin.",
    "CFG": "Ote konfiguraatiotietokannasta, 20 konfiguraatioyksikköä verrattu konesalin inventaarioon.",
    "SLM": "SLA:t kolmelta asiakkaalta, kuukausiraportit huhti–syyskuu.",
    "SCO": "Jatkuvuussuunnitelma v1.3 ja elokuun palautustestin raportti.",
    "ISM": "Tietoturvapolitiikka, riskiarvio 2026, 6 tietoturvapoikkeamaa.",
}

# Hand-written findings: (process, clause prefix, grade, statement, evidence, recommendation, status)
FINDINGS_2026 = [
    ("CFG", "8.2.6", "minor-nc",
     "Konfiguraatiotietokannan tiedot eivät vastaa todellisuutta: otoksen 20 palvelimesta neljä puuttui tietokannasta tai niiden suhteet olivat vanhentuneita.",
     "Ote konfiguraatiotietokannasta 2.10.2026; konesalin inventaario 30.9.2026", "Ota käyttöön neljännesvuosittainen konfiguraatiotietokannan tarkastus ja korjaa havaitut erot muutosten kautta.", "open"),
    ("PRB", "8.6.3", "minor-nc",
     "Kolme ongelmaa suljettiin ilman juurisyyanalyysia tai tunnetun virheen kirjausta.",
     "PRB0001432, PRB0001455, PRB0001470", "Edellytä ennen sulkemista juurisyyanalyysi tai perusteltu päätös sen tekemättä jättämisestä; lisää tarkistus työjonoon.", "open"),
    ("SCO", "8.7.2", "minor-nc",
     "Jatkuvuussuunnitelmaa ei ole testattu konesalisiirron jälkeen, vaikka siirto muutti palautusjärjestystä.",
     "Jatkuvuussuunnitelma v1.3 (3/2025); muutos CHG0031877", "Testaa suunnitelma seuraavan neljänneksen aikana ja päivitä palautusjärjestys.", "open"),
    ("CHG", "8.5.1.3", "observation",
     "Kaksi hätämuutosta hyväksyttiin vasta toteutuksen jälkeen; hätämuutosneuvoston jälkikäsittely tehtiin, mutta viiveellä.",
     "CHG0031902, CHG0031950", "Kirjaa hätämuutoksen hyväksyjä ja aika jo toteutushetkellä.", "open"),
    ("INC", "8.6.1", "good-practice",
     "Suurhäiriöiden jälkikatselmoinnit tehdään järjestelmällisesti, ja niiden toimenpiteet seurataan loppuun.",
     "MI-2026-07 ja MI-2026-11 katselmointiraportit", None, "open"),
    ("SCM", "8.2.4", "ofi",
     "Palveluluettelosta eivät näy palvelujen väliset riippuvuudet, mikä hidastaa muutosten vaikutusten arviointia.",
     "Palveluluettelo intranetissä 10/2026", "Lisää kuhunkin palveluun sen riippuvuudet muista palveluista ja komponenteista.", "open"),
]
FINDINGS_2025 = [
    ("CHG", "8.5.1.1", "major-nc",
     "Muutoksenhallintapolitiikassa ei ole määritelty merkittävän vaikutuksen muutosten kriteereitä, joten laajat muutokset eivät kulje palvelujen suunnittelun ja siirron tuotantoon kautta.",
     "Muutoksenhallintapolitiikka v0.9", "Määritä kriteerit ja ohjaa tällaiset muutokset palvelujen suunnittelun ja siirron tuotantoon kautta.", "open"),
    ("SCO", "8.7.2", "major-nc",
     "Palvelun jatkuvuussuunnitelmaa ei ole laadittu kriittisille asiakaspalveluille.",
     "Haastattelu: jatkuvuudenhallinnan vastaava", "Laadi jatkuvuussuunnitelmat ja testaa ne.", "open"),
    ("CFG", "8.2.6", "minor-nc",
     "Konfiguraatioyksiköiden tyyppejä ei ole määritelty; konfiguraatiotietokannassa on vain palvelimia.",
     "Ote konfiguraatiotietokannasta 9/2025", "Määrittele konfiguraatioyksiköiden tyypit ja niiden kirjattavat tiedot.", "open"),
]


LEAD_AUDITOR = "Aino Virtanen"
# Who owns the corrective action of a nonconformity, by process (others: the SMS owner).
OWNERS = {"CHG": "Muutospäällikkö", "INC": "Palvelupistepäällikkö", "CFG": "Konfiguraatiopäällikkö",
          "PRB": "Ongelmanhallinnan vastaava", "SCO": "Jatkuvuudenhallinnan vastaava", "SLM": "Palvelutasopäällikkö",
          "ISM": "Tietoturvapäällikkö", "SUPP": "Toimittajahallinnan vastaava"}
SMS_OWNER = "Palvelunhallintajärjestelmän omistaja"
# What the organisation did about the hand-written 2025 nonconformities: correction, root cause, action.
REMEDIES_2025 = {
    "F-2025-01": ("Kolme vireillä ollutta laajaa muutosta ohjattiin palvelujen suunnitteluun ja siirtoon tuotantoon.",
                  "Politiikka oli kirjoitettu vain tavanomaisille muutoksille; merkittävän vaikutuksen käsitettä ei "
                  "ollut määritelty kenenkään vastuulle.",
                  "Muutoksenhallintapolitiikka v1.2: merkittävän vaikutuksen kriteerit, muutosneuvoston tarkistuslista "
                  "ja kuukausittainen seuranta."),
    "F-2025-02": ("Väliaikainen palautusohje laadittiin kolmelle kriittisimmälle asiakaspalvelulle.",
                  "Jatkuvuudenhallinta oli jätetty konesalitoimittajan varaan, eikä omaa vastuuta ollut nimetty.",
                  "Jatkuvuudenhallinnan vastaava nimetty; jatkuvuussuunnitelma v1.3 ja vuosittainen testaussuunnitelma."),
    "F-2025-03": ("Konfiguraatioyksiköiden tyypit määriteltiin ja verkkolaitteet lisättiin konfiguraatiotietokantaan.",
                  "Konfiguraatiotietokanta oli otettu käyttöön palvelinhallinnan työkaluna, ei palvelujen konfiguraation kuvauksena.",
                  "Konfiguraationhallinnan menettely v1.0: konfiguraatioyksiköiden tyypit, pakolliset tiedot ja neljännesvuosittainen "
                  "tarkastus."),
}
GROUPED_REMEDY = ("Otoksen puutteet korjattiin ({reqs}).",
                  "Käytäntöä ei ollut kuvattu, eikä sen toteutumista seurattu.",
                  "Menettely kuvattiin ja vastuu nimettiin; toteutumista seurataan sisäisessä auditoinnissa.")


def owner_of(cat: Catalogue, f: Finding) -> str:
    pid = cat.requirements[f.requirements[0]].process if f.requirements else ""
    return OWNERS.get(pid, SMS_OWNER)


def followed_up(cat: Catalogue, f: Finding, still: list[str]) -> Finding:
    """A 2025 nonconformity as the 2026 register holds it: the organisation's correction, root cause
    and corrective action, then the lead auditor's verification (effective: closed; not: open)."""
    correction, cause, action = REMEDIES_2025.get(f.id, GROUPED_REMEDY)
    reqs = ", ".join(f.requirements)
    found = FindingEvent(assessment="revontuli-2025", date=dt.date(2025, 10, 15), status="open", by=LEAD_AUDITOR,
                         note="Todettu auditoinnissa.")
    corrected = FindingEvent(assessment="revontuli-2026", date=dt.date(2026, 1, 30), status="correction-done",
                             by=f.owner, note="Korjaus raportoitu auditoijalle.")
    acted = FindingEvent(assessment="revontuli-2026", date=dt.date(2026, 5, 29), status="action-done",
                         by=f.owner, note="Korjaava toimenpide raportoitu auditoijalle.")
    common = {"correction": correction.format(reqs=reqs), "correction_date": dt.date(2026, 1, 30),
              "root_cause": cause, "corrective_action": action, "action_date": dt.date(2026, 5, 29),
              "carried_from": "revontuli-2025"}
    if still:
        return f.model_copy(update={
            **common, "requirements": still, "status": "open",
            "statement": f"{f.statement} Seuranta 2026: edelleen avoin ({', '.join(still)}).",
            "verification": Verification(date=dt.date(2026, 10, 6), auditor=LEAD_AUDITOR, effective=False,
                                         evidence=f"Uusi otos 2026: {', '.join(still)} {_fulfils(len(still))} edelleen vain osittain."),
            "history": [found, corrected, acted],
        })
    verified = FindingEvent(assessment="revontuli-2026", date=dt.date(2026, 10, 6), status="verified-effective",
                            by=LEAD_AUDITOR, note="Vaikuttavuus todettu uudella otoksella.")
    return f.model_copy(update={
        **common, "status": "closed", "closed_date": dt.date(2026, 10, 7),
        "verification": Verification(date=dt.date(2026, 10, 6), auditor=LEAD_AUDITOR,
                                     evidence=f"Uusi otos 2026: {reqs} {_fulfils(len(f.requirements))}."),
        "history": [found, corrected, acted, verified],
    })


def _fulfils(count: int) -> str:
    """The verb agrees with the requirements listed: "CHG-01 täyttyy", "CTX-05, CTX-06 täyttyvät"."""
    return "täyttyy" if count == 1 else "täyttyvät"


# The evidence log of the requirements the 2026 findings stand on (and of two that conform).
EVIDENCE_LOG_2026 = {
    "CFG": [EvidenceEntry(kind="record", source="Konfiguraatiotietokanta: palvelimet ja niiden suhteet", records=[
                "srv-oul-014", "srv-oul-022", "srv-oul-031", "srv-tre-007", "srv-tre-019"],
                sample_size=20, population=412, roles=["Konfiguraatiopäällikkö"], site="OUL", date=dt.date(2026, 10, 2),
                recorded=dt.date(2026, 10, 6), recorded_by="Mikko Heikkinen",
                note="20 konfiguraatioyksikköä verrattu konesalin inventaarioon; 4 poikkesi (luetteloitu 5 ensimmäistä)."),
            EvidenceEntry(kind="document", source="Konfiguraationhallinnan menettely", version="1.0",
                          date=dt.date(2026, 2, 12), recorded=dt.date(2026, 10, 5), recorded_by="Mikko Heikkinen"),
            EvidenceEntry(kind="interview", roles=["Konfiguraatiopäällikkö"], site="OUL", date=dt.date(2026, 10, 6),
                          recorded=dt.date(2026, 10, 6), recorded_by="Mikko Heikkinen")],
    "PRB": [EvidenceEntry(kind="record", source="Ongelmat suljettu 1.4.–30.9.2026",
                          records=["PRB0001432", "PRB0001455", "PRB0001470", "PRB0001401", "PRB0001419"],
                          sample_size=5, population=23, date=dt.date(2026, 9, 30),
                          recorded=dt.date(2026, 10, 6), recorded_by=LEAD_AUDITOR),
            EvidenceEntry(kind="interview", roles=["Ongelmanhallinnan vastaava"], site="TRE", date=dt.date(2026, 10, 6),
                          recorded=dt.date(2026, 10, 6), recorded_by=LEAD_AUDITOR)],
    "SCO": [EvidenceEntry(kind="document", source="Palvelun jatkuvuussuunnitelma", version="1.3",
                          date=dt.date(2025, 3, 14), recorded=dt.date(2026, 10, 5), recorded_by=LEAD_AUDITOR),
            EvidenceEntry(kind="record", source="Muutos CHG0031877 (konesalisiirto)", records=["CHG0031877"],
                          date=dt.date(2026, 6, 12), recorded=dt.date(2026, 10, 5), recorded_by=LEAD_AUDITOR)],
    "CHG": [EvidenceEntry(kind="record", source="Muutospyynnöt suljettu 1.4.–30.9.2026 (ServiceNow)",
                          records=["CHG0031790", "CHG0031812", "CHG0031844", "CHG0031877", "CHG0031902",
                                   "CHG0031911", "CHG0031920", "CHG0031933", "CHG0031941", "CHG0031950",
                                   "CHG0031958", "CHG0031966"],
                          population=140, roles=["Muutospäällikkö", "Muutoskoordinaattori"], site="HEL",
                          date=dt.date(2026, 9, 30),
                          recorded=dt.date(2026, 10, 5), recorded_by=LEAD_AUDITOR),
            EvidenceEntry(kind="document", source="Muutoksenhallintapolitiikka", version="1.2",
                          date=dt.date(2026, 1, 20), recorded=dt.date(2026, 10, 5), recorded_by=LEAD_AUDITOR),
            EvidenceEntry(kind="interview", roles=["Muutospäällikkö"], site="HEL", date=dt.date(2026, 10, 5),
                          recorded=dt.date(2026, 10, 5), recorded_by=LEAD_AUDITOR)],
}


# Requirements that do not apply, with the justification the lead auditor accepted: the SMS covers
# the whole company, so it has no internal suppliers, and no customer acts as a supplier.
NOT_APPLICABLE = {
    "SUPP-11": "Palvelunhallintajärjestelmän soveltamisala kattaa koko yhtiön: sisäisiä toimittajia ei ole, "
               "eikä yksikään asiakas toimi toimittajana (toimittajarekisteri 9/{year}).",
    "SUPP-12": "Ei sisäisiä toimittajia, joiden suorituskykyä seurata (ks. SUPP-11).",
}


def rating_for(rng: random.Random, mean: float, spread: float) -> str:
    value = round(min(3.0, max(0.0, rng.gauss(mean, spread))))
    return SCALE[int(value)]


def verdict_for(rng: random.Random, rating: str, shall: bool) -> tuple[str, str | None]:
    """The auditor's verdict on a rated requirement, and the grade of the finding it records."""
    if rating == "F":
        return "conforming", None
    if rating == "L":
        return ("ofi", "ofi") if rng.random() < 0.35 else ("conforming", None)
    if not shall:
        return "ofi", "ofi"  # good practice: an opportunity for improvement at most
    return "minor-nc", "minor-nc"


def clause_nonconformities(cat: Catalogue, year: int, responses: list[Response],
                           findings: list[Finding]) -> list[Finding]:
    """The minor nonconformities the auditors wrote for the partly met requirements, one per clause
    (as a lead auditor groups them), beside the hand-written ones."""
    cited = {rid for f in findings if f.is_open for rid in f.requirements}
    by_clause: dict[str, list[str]] = {}
    for resp in responses:
        if resp.verdict == "minor-nc" and resp.id not in cited:
            by_clause.setdefault(cat.requirements[resp.id].clause, []).append(resp.id)
    out = []
    for n, (clause, rids) in enumerate(sorted(by_clause.items(), key=lambda kv: clause_key(kv[0])), start=1):
        title = cat.clause_title(clause).get("fi", clause)
        # The requirements labelled as such (an id alone as the subject reads as code).
        if len(rids) == 1:
            req_title = cat.requirements[rids[0]].title["fi"].rstrip(".")
            said = f"vaatimus {rids[0]} ”{req_title}” täyttyy otoksen perusteella vain osittain."
        else:
            said = f"otoksen perusteella vain osittain täyttyvät vaatimukset {', '.join(rids[:-1])} ja {rids[-1]}."
        out.append(Finding(
            id=f"NC-{year}-{n:02d}", grade="minor-nc", requirements=rids,
            statement=f"Kohta {clause} ({title}): {said}",
            evidence=EVIDENCE.get(cat.requirements[rids[0]].process),
            recommendation="Korjaa puutteet ja osoita korjaavien toimenpiteiden vaikuttavuus seuraavassa auditoinnissa.",
            owner=OWNERS.get(cat.requirements[rids[0]].process, SMS_OWNER), due_date=dt.date(year + 1, 3, 31)))
        for resp in responses:
            if resp.id in rids:
                resp.notes = None  # the register's finding says it
    return out


def build(year: int, which: int, findings_spec: list[tuple[object, ...]],
          verified: list[Finding] | None = None) -> Assessment:
    cat = load_catalogue("iso20000-1-2018")
    rng = random.Random(20000 + year)
    # 2026: a year of work later the spread narrows (fewer outliers either way).
    spread = 0.55 if which == 0 else 0.4
    responses: list[Response] = []
    for rid, req in cat.requirements.items():
        mean = PROFILE.get(req.process, (1.5, 2.3))[which]
        rating = rating_for(rng, mean, spread)
        if rid in NOT_APPLICABLE:
            responses.append(Response(id=rid, rating="NA", verdict="na",
                                      justification=NOT_APPLICABLE[rid].format(year=year), na_accepted=True))
            continue
        verdict, grade = verdict_for(rng, rating, req.basis == "shall")
        notes = None
        if grade in ("minor-nc", "ofi"):
            # The requirement is the sentence's subject, its title quoted: a title states the
            # requirement met, so after "to improve:" it would read as the thing to improve. An
            # OFI says what there is to improve, never only its own grade and requirement again.
            title = req.title["fi"].rstrip(".")
            if grade == "minor-nc":
                notes = f"Vaatimus {rid} ”{title}” täyttyy vain osittain."
            elif rating == "L":
                # Only what the rating says: where the rest falls short is the auditor's to write.
                notes = f"Vaatimus {rid} ”{title}” täyttyy pääosin; täydennettävää on vielä."
            else:
                notes = f"Suositeltu käytäntö ”{title}” " + ("ei ole vielä käytössä." if rating == "N"
                                                             else "on vasta osittain käytössä.")
        responses.append(Response(id=rid, rating=rating, verdict=verdict, notes=notes,
                                  evidence=EVIDENCE.get(req.process) if which == 1 else None))
    for pid, ratings in INDICATOR_PROFILE.items():
        for pa, rating in ratings[which].items():
            for ind in cat.indicators_for(pa):
                responses.append(Response(id=f"{pid}:{ind.id}", rating=rating))
    # The 2025 findings the 2026 audit followed up: the hand-written ones were corrected and verified
    # closed (their requirements now hold); a grouped one stays open while a requirement it cites is
    # still partly met (carried over), and is closed otherwise.
    findings = []
    verdicts = {r.id: r for r in responses}
    for f in verified or []:
        if f.id.startswith("F-"):
            for rid in f.requirements:
                verdicts[rid].rating, verdicts[rid].verdict, verdicts[rid].notes = "F", "conforming", None
            findings.append(followed_up(cat, f, []))
        else:
            still = [rid for rid in f.requirements if verdicts[rid].verdict in ("minor-nc", "major-nc")]
            findings.append(followed_up(cat, f, still))
            for rid in still:
                verdicts[rid].notes = None  # the carried-over finding says it
    for n, (pid, clause, grade, statement, evidence, recommendation, status) in enumerate(findings_spec, start=1):
        reqs = [r.id for r in cat.requirements_of(str(pid))
                if r.clause.startswith(str(clause)) and r.basis == "shall" and r.id not in NOT_APPLICABLE][:1]
        nc = grade in ("major-nc", "minor-nc")
        finding = Finding(id=f"F-{year}-{n:02d}", grade=grade, requirements=reqs, statement=statement,
                          evidence=evidence, recommendation=recommendation, status=status)
        if nc:
            finding.owner = owner_of(cat, finding)
            finding.due_date = dt.date(year + 1, 1, 31) if grade == "major-nc" else dt.date(year + 1, 3, 31)
        findings.append(finding)
        if which == 1 and reqs and str(pid) in EVIDENCE_LOG_2026:
            next(r for r in responses if r.id == reqs[0]).evidence_log = list(EVIDENCE_LOG_2026[str(pid)])
        # The response of a requirement with a graded finding carries a matching rating and verdict.
        for resp in responses:
            if reqs and resp.id == reqs[0] and status == "open":
                if grade == "major-nc":
                    resp.rating, resp.verdict = "N", "major-nc"
                elif grade == "minor-nc":
                    resp.rating, resp.verdict = "P", "minor-nc"
                elif grade == "ofi" and resp.verdict == "conforming":
                    resp.verdict = "ofi"
                resp.notes = None  # the register's finding says it
    findings += clause_nonconformities(cat, year, responses, findings)
    info = AssessmentInfo(
        id=f"revontuli-{year}",
        organisation="Revontuli Palvelut Oy",
        catalogue=cat.id,
        catalogue_version=cat.version,
        catalogue_hash=cat.content_hash,
        scope=Scope(processes=list(cat.processes),
                    description="Konesali-, pilvi- ja palvelupistepalvelut asiakkaille Oulusta ja Tampereelta",
                    services=["Hallittu konesalipalvelu", "Pilvialustapalvelu", "Palvelupiste"]),
        method="audit",
        assessors=["Aino Virtanen (pääauditoija)", "Mikko Heikkinen"],
        start_date=dt.date(year, 10, 5 if year == 2026 else 13),
        end_date=dt.date(year, 10, 7 if year == 2026 else 15),
        language="fi",
        target_profile=TARGETS,
        previous="revontuli-2025" if year == 2026 else None,
    )
    return Assessment(assessment=info, responses=responses, findings=findings)


def main() -> None:
    first = build(2025, 0, FINDINGS_2025)
    save_assessment(first, HERE / "assessment-2025.yaml")
    save_assessment(build(2026, 1, FINDINGS_2026, first.findings), HERE / "assessment-2026.yaml")


if __name__ == "__main__":
    main()
