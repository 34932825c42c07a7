"""A new assessment: ``assessment.yaml`` and the workbook that goes out with it."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from itsm_assess.assessment import Assessment, AssessmentInfo, Scope
from itsm_assess.errors import InputError
from itsm_assess.i18n import Quoted, message

if TYPE_CHECKING:
    from itsm_assess.catalogue import Catalogue


def slugify(text: str) -> str:
    """``"Revontuli Palvelut Oy"`` -> ``"revontuli-palvelut-oy"`` (a valid id)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "a-" + slug if slug else "assessment"
    return slug


def new_assessment(
    catalogue: Catalogue,
    organisation: str,
    processes: Iterable[str],
    *,
    assessment_id: str | None = None,
    method: str = "audit",
    assessors: Iterable[str] = (),
    targets: dict[str, int] | None = None,
    lang: str = "en",
    today: dt.date | None = None,
) -> Assessment:
    """A new, empty assessment of ``processes``; raises NotFoundError/InputError on bad input."""
    from pydantic import ValidationError

    today = today or dt.date.today()
    wanted = [p.strip() for p in processes if p.strip()]
    if not wanted:
        raise InputError(message("no processes given; expected e.g. --processes CHG,INC"))
    for pid in wanted:
        catalogue.process(pid)
    targets = targets or {}
    for pid, level in targets.items():
        if pid not in wanted:
            raise InputError(message("target for {process}: the process is not in scope ({scope})", process=pid,
                                     scope=", ".join(wanted)))
        if not 0 <= level <= 5:
            raise InputError(message("target for {process}: level {level} is not a capability level (expected 0 to 5)",
                                     process=pid, level=level))
    if not organisation.strip():
        raise InputError(message("the organisation name is empty; expected e.g. --org \"Revontuli Palvelut Oy\""))
    try:
        return Assessment(
            assessment=AssessmentInfo(
                id=assessment_id or f"{slugify(organisation)}-{today.isoformat()}",
                organisation=organisation,
                catalogue=catalogue.id,
                catalogue_version=catalogue.version,
                catalogue_hash=catalogue.content_hash,
                scope=Scope(processes=list(dict.fromkeys(wanted))),
                method=method,  # type: ignore[arg-type]
                assessors=list(assessors),
                start_date=today,
                language=lang,
                target_profile=dict(targets),
                scoring_model=catalogue.profile.scoring_model,
            )
        )
    except ValidationError as exc:
        raise InputError([f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]) from None


def create_assessment(
    out_dir: str | os.PathLike[str],
    catalogue: Catalogue,
    assessment: Assessment,
    *,
    with_indicators: bool = True,
    force: bool = False,
    edition: str = "fieldwork",
    full: bool = False,
) -> tuple[Path, Path]:
    """Write ``out_dir/assessment.yaml`` and the workbook for it; returns both paths.

    ``edition`` ``"fieldwork"`` writes ``fieldwork.xlsx`` for assessors; ``"questionnaire"`` writes
    ``questionnaire.xlsx`` for staff (the short set of questions unless ``full``).
    Refuses (InputError, nothing written) when either exists and ``force`` is not given.
    """
    from itsm_assess.assessment import assessment_to_yaml
    from itsm_assess.files import atomic_paths, exclusive_lock, refuse_overwrite

    if edition not in ("fieldwork", "questionnaire"):
        raise InputError(message("edition {edition} is not known (expected fieldwork or questionnaire)",
                                 edition=Quoted(edition)))
    folder = Path(out_dir)
    yaml_path = folder / "assessment.yaml"
    xlsx_path = folder / f"{edition}.xlsx"
    folder.mkdir(parents=True, exist_ok=True)
    # Under the assessment's lock, and as a set: both files in full, or neither.
    with exclusive_lock(yaml_path):
        refuse_overwrite([yaml_path, xlsx_path], force=force)
        with atomic_paths([xlsx_path, yaml_path]) as (xlsx_tmp, yaml_tmp):
            if edition == "questionnaire":
                from itsm_assess.fieldwork.questionnaire import write_questionnaire

                write_questionnaire(catalogue, assessment, xlsx_tmp, full=full, force=True)
            else:
                from itsm_assess.fieldwork.writing import write_fieldwork

                write_fieldwork(catalogue, assessment, xlsx_tmp, with_indicators=with_indicators, force=True)
            yaml_tmp.write_text(assessment_to_yaml(assessment), encoding="utf-8")
    return yaml_path, xlsx_path
