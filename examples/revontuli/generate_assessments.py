"""Regenerate the bundled example assessments of Revontuli Palvelut Oy (fictional).

The example is a mid-sized Finnish managed-services provider preparing for ISO/IEC 20000-1
certification. ``assessment-2025.yaml`` is the first gap assessment, ``assessment-2026.yaml``
the pre-certification audit a year later. Ratings follow a hand-set profile per process (what
the assessors found, below), drawn deterministically; findings and evidence notes are written
by hand. Run from the repository root: ``.venv/bin/python examples/revontuli/generate_assessments.py``.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from itsm_assess.assessment import Assessment, AssessmentInfo, Finding, Response, Scope, save_assessment
from itsm_assess.catalogue import load_catalogue

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
    "CFG": "CMDB-ote, 20 CI:tä verrattu konesalin inventaarioon.",
    "SLM": "SLA:t kolmelta asiakkaalta, kuukausiraportit huhti–syyskuu.",
    "SCO": "Jatkuvuussuunnitelma v1.3 ja elokuun palautustestin raportti.",
    "ISM": "Tietoturvapolitiikka, riskiarvio 2026, 6 tietoturvapoikkeamaa.",
}

# Hand-written findings: (process, clause prefix, grade, statement, evidence, recommendation, status)
FINDINGS_2026 = [
    ("CFG", "8.2.6", "minor-nc",
     "Konfiguraatiotietokannan tiedot eivät vastaa todellisuutta: 4/20 otoksen palvelimesta puuttui tai niiden suhteet olivat vanhentuneita.",
     "CMDB-ote 2.10.2026; konesalin inventaario 30.9.2026", "Ota käyttöön neljännesvuosittainen CMDB-tarkastus ja korjaa poikkeamat muutosten kautta.", "open"),
    ("PRB", "8.6.3", "minor-nc",
     "Kolme ongelmaa suljettiin ilman juurisyyanalyysia tai tunnetun virheen kirjausta.",
     "PRB0001432, PRB0001455, PRB0001470", "Edellytä juurisyy tai perusteltu päätös ennen sulkemista; lisää tarkistus työjonoon.", "open"),
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
     "Palveluluettelossa ei näy palvelujen väliset riippuvuudet, mikä hidastaa muutosten vaikutusarviointia.",
     "Palveluluettelo intranetissä 10/2026", "Lisää kuhunkin palveluun sen riippuvuudet muista palveluista ja komponenteista.", "open"),
]
FINDINGS_2025 = [
    ("CHG", "8.5.1.1", "major-nc",
     "Muutoksenhallintapolitiikassa ei ole määritelty merkittävän vaikutuksen muutosten kriteereitä, joten laajat muutokset eivät kulje palvelujen suunnittelun ja tuotantoon siirron kautta.",
     "Muutoksenhallintapolitiikka v0.9", "Määritä kriteerit ja ohjaa tällaiset muutokset palvelujen suunnitteluun ja siirtoon.", "closed"),
    ("SCO", "8.7.2", "major-nc",
     "Palvelun jatkuvuussuunnitelmaa ei ole laadittu kriittisille asiakaspalveluille.",
     "Haastattelu: jatkuvuudenhallinnan vastaava", "Laadi jatkuvuussuunnitelmat ja testaa ne.", "closed"),
    ("CFG", "8.2.6", "minor-nc",
     "CI-tyyppejä ei ole määritelty; CMDB sisältää vain palvelimet.",
     "CMDB-ote 9/2025", "Määrittele CI-tyypit ja niiden kirjattavat tiedot.", "closed"),
]


def rating_for(rng: random.Random, mean: float) -> str:
    value = round(min(3.0, max(0.0, rng.gauss(mean, 0.55))))
    return SCALE[int(value)]


def build(year: int, which: int, findings_spec: list[tuple[object, ...]]) -> Assessment:
    cat = load_catalogue("iso20000-1-2018")
    rng = random.Random(20000 + year)
    responses: list[Response] = []
    for rid, req in cat.requirements.items():
        mean = PROFILE.get(req.process, (1.5, 2.3))[which]
        rating = rating_for(rng, mean)
        if rng.random() < 0.02:
            rating = "NA"
        finding = None
        if rating == "N":
            finding = "minor-nc"
        responses.append(Response(id=rid, rating=rating, finding=finding,
                                  evidence=EVIDENCE.get(req.process) if which == 1 else None))
    for pid, ratings in INDICATOR_PROFILE.items():
        for pa, rating in ratings[which].items():
            for ind in cat.indicators_for(pa):
                responses.append(Response(id=f"{pid}:{ind.id}", rating=rating))
    findings = []
    for n, (pid, clause, grade, statement, evidence, recommendation, status) in enumerate(findings_spec, start=1):
        reqs = [r.id for r in cat.requirements_of(str(pid)) if r.clause.startswith(str(clause))][:1]
        findings.append(Finding(id=f"F-{year}-{n:02d}", grade=grade, requirements=reqs, statement=statement,
                                evidence=evidence, recommendation=recommendation, status=status))
        # the response of a requirement with a graded finding carries the grade and a matching rating
        for resp in responses:
            if reqs and resp.id == reqs[0]:
                resp.finding = grade if grade in {"major-nc", "minor-nc"} else resp.finding
                if grade == "major-nc":
                    resp.rating = "N"
                elif grade == "minor-nc":
                    resp.rating = "P"
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
    )
    return Assessment(assessment=info, responses=responses, findings=findings)


def main() -> None:
    save_assessment(build(2025, 0, FINDINGS_2025), HERE / "assessment-2025.yaml")
    save_assessment(build(2026, 1, FINDINGS_2026), HERE / "assessment-2026.yaml")


if __name__ == "__main__":
    main()
