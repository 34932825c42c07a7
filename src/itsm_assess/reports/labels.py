"""Labels of the gap report: English source text, translated through the gettext catalogues.

Each label is marked ``_p(key, English)``: the key is the gettext context (so one English word
may have two translations, e.g. the Findings section and the shorter sheet name) and what the
renderers look a label up by. Translations live in ``i18n/locale/<lang>/LC_MESSAGES/itsm_assess.po``;
:func:`labels` falls back to English for a label a catalogue lacks.
"""

from __future__ import annotations

from itsm_assess.assessment import RATING_CODE_NA
from itsm_assess.i18n import _p, pgettext_for, translations
from itsm_assess.i18n.formats import RAG_LETTERS, count_in_words, joined, rag_text

_LABELS: dict[str, str] = dict((
    _p("report_title", "{standard} gap report"),
    _p("report_title_self", "{standard} self-assessment report"),
    _p("tailored_catalogue", "tailored catalogue {catalogue}, from {base} {version}"),
    _p("contents", "Contents"),
    _p("summary", "Summary"),
    _p("processes", "Processes"),
    _p("process", "Process"),
    _p("title", "Title"),
    _p("findings", "Findings"),
    _p("findings_sheet", "Findings"),
    _p("finding", "Finding"),
    _p("action_plan", "Action plan"),
    _p("requirements", "Requirements"),
    _p("requirement", "Requirement"),
    _p("comparison", "Comparison with the previous assessment"),
    _p("comparison_sheet", "Comparison"),
    _p("change_analysis", "Change analysis"),
    _p("method", "Method"),
    _p("organisation", "Organisation"),
    _p("assessment_id", "Assessment"),
    _p("scope", "Scope"),
    _p("assessment_method", "Assessment method"),
    _p("method_audit", "Audit"),
    _p("method_self-assessment", "Self-assessment"),
    _p("dates", "Dates"),
    _p("assessors", "Assessors"),
    _p("catalogue", "Requirements catalogue"),
    _p("catalogue_version", "Catalogue version"),
    _p("catalogue_hash", "Catalogue content hash (SHA-256)"),
    _p("scoring_model", "Scoring model"),
    _p("model_kind", "Kind of model"),
    _p("kind_capability", "Capability (ISO/IEC 33020)"),
    _p("kind_compliance", "Compliance"),
    _p("kind_maturity", "Maturity"),
    _p("readiness", "Certification readiness"),
    _p("verdict_ready", "Ready for the certification audit"),
    _p("verdict_ready-with-conditions", "Ready with conditions"),
    _p("verdict_not-ready", "Not ready"),
    # The comparison's rows, one per grade, as a whole phrase (Finnish plural agreement).
    _p("open_grade_major-nc", "Open major nonconformities"),
    _p("open_grade_minor-nc", "Open minor nonconformities"),
    _p("open_grade_observation", "Open observations"),
    _p("open_grade_ofi", "Open opportunities for improvement"),
    _p("open_grade_good-practice", "Good practice recorded"),
    _p("derived_mark", "(derived)"),
    _p("auditor_mark", "(auditor's verdict)"),
    _p("how_to_read_verdicts", "Where the auditor recorded a verdict (conforming, opportunity for improvement, minor or major nonconformity, not applicable with an accepted justification) it stands; elsewhere conformity is derived from the rating by this rule and marked (derived). Only obligations of the standard (shall) count; a requirement marked not applicable without an accepted justification counts as not assessed, and a figure is given only when at least {coverage} of the applicable requirements were assessed."),
    _p("followup_closed", "Nonconformities closed since the previous assessment"),
    _p("followup_resolved", "Nonconformities no longer found (requirement audited again)"),
    _p("followup_carried_over", "Nonconformities still open (carried over)"),
    _p("followup_opened", "New nonconformities"),
    _p("followup_not_followed_up", "Open in the previous assessment, not followed up in this one"),
    # A scope narrower than clauses 4-10 gets an indication for that scope, never a certification verdict.
    _p("verdict_indication-clear", "Indication for the assessed scope only: no blocking findings"),
    _p("verdict_indication-with-conditions", "Indication for the assessed scope only: minor nonconformities to correct"),
    _p("verdict_indication-not-ready", "Indication for the assessed scope only: not ready"),
    _p("verdict_no-verdict", "No certification verdict (self-assessment)"),
    _p("reasons", "Reasons"),
    _p("open_major", "Open major nonconformities"),
    _p("open_minor", "Open minor nonconformities"),
    _p("not_assessed", "Requirements not assessed"),
    _p("clauses_outside_scope", "Clauses outside the scope"),
    _p("overall_compliance", "Overall compliance"),
    _p("requirements_in_scope", "Requirements in scope"),
    _p("assessed", "Assessed"),
    _p("capability_profile", "Capability profile against the target"),
    _p("capability_level", "Capability level"),
    _p("target_level", "Target level"),
    _p("level_gap", "Gap to target"),
    _p("compliance", "Compliance"),
    _p("compliance_weighted", "Weighted compliance"),
    # A self-assessment's tiles count requirements met by the model's rule from the team's answers,
    # while its summary counts practices largely or fully in place: the two figures say which is which.
    _p("compliance_self", "Met in the team's answers"),
    _p("compliance_self_note", "The tiles count the requirements met in the team's answers by the model's rule, stricter than the summary above, which counts the practices largely or fully in place."),
    _p("compliance_by_process", "Compliance by process"),
    _p("compliance_by_clause", "Compliance by clause"),
    _p("findings_by_grade", "Findings by grade"),
    _p("count", "Count"),
    _p("heat_map", "Process attribute ratings"),
    _p("attribute", "Process attribute"),
    _p("rating", "Rating"),
    _p("clause", "Clause"),
    _p("clauses", "Clauses"),
    _p("conforming", "Met"),
    # Not to be read as nonconformities: most are ratings below F, conformity derived by the model's rule.
    _p("not_conforming", "Below F / not conforming (derived)"),
    _p("not_applicable", "Not applicable"),
    _p("not_assessed_short", "Not assessed"),
    _p("conformity", "Conformity"),
    _p("conformity_conforming", "Met"),
    _p("conformity_not-conforming", "Not met"),
    _p("conformity_not-applicable", "Not applicable"),
    _p("conformity_not-assessed", "Not assessed"),
    _p("id", "Id"),
    _p("grade", "Grade"),
    _p("statement", "Finding"),
    _p("evidence", "Evidence"),
    _p("evidence_log", "Evidence log"),
    _p("recommendation", "Recommendation"),
    _p("notes", "Notes"),
    _p("weight", "Weight"),
    _p("status", "Status"),
    _p("finding_status_open", "Open"),
    _p("finding_status_closed", "Closed"),
    _p("action_status_open", "Open"),
    _p("action_status_in-progress", "In progress"),
    _p("action_status_done", "Done"),
    _p("no", "No."),
    _p("priority", "Priority"),
    _p("current_rating", "Current rating"),
    _p("needed_rating", "Needed"),
    _p("action", "Action"),
    _p("owner", "Owner"),
    _p("due_date", "Due date"),
    _p("status_choose", "Choose one of: {statuses}."),
    _p("due_date_enter", "Enter a date, e.g. {example}."),
    _p("not_rated", "not rated"),
    _p("action_text", "Raise {attribute} ({attribute_name}) of {process} from {rating} to at least {needed}"),
    # A rating as the action plan's sentence uses it: where a rise starts and where it ends (Finnish
    # inflects the letter: "arvio L:stä vähintään F:ään"); ratings are not levels, so no "taso".
    _p("rating_from.N", "N"),
    _p("rating_from.P-", "P-"),
    _p("rating_from.P", "P"),
    _p("rating_from.P+", "P+"),
    _p("rating_from.L-", "L-"),
    _p("rating_from.L", "L"),
    _p("rating_from.L+", "L+"),
    _p("rating_from.F", "F"),
    _p("rating_to.N", "N"),
    _p("rating_to.P-", "P-"),
    _p("rating_to.P", "P"),
    _p("rating_to.P+", "P+"),
    _p("rating_to.L-", "L-"),
    _p("rating_to.L", "L"),
    _p("rating_to.L+", "L+"),
    _p("rating_to.F", "F"),
    _p("action_requirements", "address {ids}"),
    _p("action_plan_help", "Every open nonconformity first, whatever the target, then the gaps to the target profile by priority. Owner, due date, status and notes can be edited in the report's workbook and read back into the assessment."),
    _p("no_gaps", "No gaps to the target profile."),
    _p("no_findings", "No findings were recorded."),
    _p("baseline", "Previous assessment"),
    _p("current", "This assessment"),
    _p("change", "Change"),
    _p("trend", "Trend"),
    _p("trend_improved", "Improved"),
    # The comparison's counts on a slide, with the noun they count.
    _p("processes_improved", "Processes improved"),
    _p("processes_worsened", "Processes worsened"),
    _p("trend_worsened", "Worsened"),
    _p("trend_unchanged", "Unchanged"),
    _p("trend_new", "New"),
    _p("trend_removed", "No longer assessed"),
    _p("level_before", "Level before"),
    _p("level_now", "Level now"),
    _p("compliance_before", "Compliance before"),
    _p("compliance_now", "Compliance now"),
    _p("rating_before", "Rating before"),
    _p("rating_now", "Rating now"),
    _p("by_process", "By process"),
    _p("by_attribute", "By process attribute"),
    _p("changes_total", "Changes classified"),
    _p("by_category", "By category"),
    _p("by_route", "By route"),
    _p("by_impact", "By potential major impact"),
    _p("deviations", "Deviations from the change policy"),
    _p("no_deviations", "Every change was handled as the policy requires."),
    _p("deviations_more", "… and {count} more deviations: every one is listed in {where}."),
    _p("batch_workbook", "the change batch workbook"),
    _p("change_id", "Change"),
    _p("recorded", "Recorded"),
    _p("expected", "Expected by the policy"),
    _p("reason", "Reason"),
    # The first column of each count table of the change analysis (fi-blind-2 #129: it was "Value").
    _p("by_category_head", "Change category"),
    _p("by_route_head", "Route"),
    _p("by_impact_head", "Potential major impact"),
    _p("rating_scale", "Rating scale"),
    _p("achievement", "Achievement"),
    _p("meaning", "Meaning"),
    _p("rating_N", "Not achieved"),
    _p("rating_P", "Partially achieved"),
    _p("rating_L", "Largely achieved"),
    _p("rating_F", "Fully achieved"),
    _p("rating_NA", "Not applicable"),
    RATING_CODE_NA,
    _p("capability_levels", "Capability levels"),
    _p("level", "Level"),
    _p("level_0", "Incomplete"),
    _p("level_1", "Performed"),
    _p("level_2", "Managed"),
    _p("level_3", "Established"),
    _p("level_4", "Predictable"),
    _p("level_5", "Innovating"),
    _p("PA1.1", "Process performance"),
    _p("PA2.1", "Performance management"),
    _p("PA2.2", "Work product management"),
    _p("PA3.1", "Process definition"),
    _p("PA3.2", "Process deployment"),
    _p("PA4.1", "Quantitative analysis"),
    _p("PA4.2", "Quantitative control"),
    _p("PA5.1", "Process innovation"),
    _p("PA5.2", "Process innovation implementation"),
    _p("how_to_read", "How to read this report"),
    _p("how_to_read_scale_33020", "Each requirement in scope was rated on the ISO/IEC 33020 scale (N, P, L, F; the refined scale adds P-, P+, L- and L+)."),
    _p("how_to_read_scale", "Each requirement in scope was rated N, P, L or F (not, partially, largely or fully achieved; the refined scale adds P-, P+, L- and L+); the rating scale above shows what each rating stands for in this model."),
    _p("how_to_read_attributes", "The ratings of a process's requirements give its process attribute PA1.1; the assessors rated the higher attributes from the capability indicators."),
    _p("how_to_read_levels", "A process reaches {level_word} n when its level-n attributes are at least {current} ({current_name}) and every lower attribute {lower_phrase}."),
    _p("level_word_capability", "capability level"),
    _p("level_word_maturity", "maturity level"),
    _p("level_rule_lower_full", "is {lower} ({lower_name})"),
    _p("level_rule_lower_at_least", "is at least {lower} ({lower_name})"),
    _p("how_to_read_min_level", "Every process is at least at level {level}."),
    _p("how_to_read_no_levels", "This scoring model determines no capability levels: the report shows conformity, compliance, findings and certification readiness."),
    _p("how_to_read_compliance", "Compliance is the share of conforming requirements among those assessed and applicable; the weighted figure counts each requirement by its weight (1–5)."),
    _p("how_to_read_findings", "Findings are graded major nonconformity, minor nonconformity, observation, opportunity for improvement or good practice. Any open major nonconformity blocks certification readiness."),
    _p("how_to_read_actions", "The corrective-action plan lists every open nonconformity first, whatever the target, then one row per process attribute rated below what the target level needs."),
    _p("how_to_read_no_actions", "Without capability levels there is no target profile to compare with, so the action plan lists only the open nonconformities; the requirements that are not met show what else to correct."),
    _p("conformity_rule_blocking", "A requirement conforms when it is rated {ratings} and carries no open {findings}."),
    _p("conformity_rule_ratings_only", "A requirement conforms when it is rated {ratings}, whatever findings it carries."),
    _p("refined_count_as", "{ratings} count as {rating}"),
    _p("major_or_minor_nc", "major or minor nonconformity"),
    _p("or", "or"),
    _p("and", "and"),
    _p("no_baseline", "No previous assessment was given."),
    _p("chart_desc", "Capability level and target level per process"),
    _p("filter", "Filter"),
    _p("all_grades", "All grades"),
    _p("sort_hint", "Select a column heading to sort."),
    _p("prepared_for", "Prepared for"),
    _p("yes", "yes"),
    _p("none", "none"),
    _p("page_footer", "Confidential"),
    _p("change_category_standard", "Standard change"),
    _p("change_category_normal", "Normal change"),
    _p("change_category_emergency", "Emergency change"),
    _p("change_route_change-management", "Change management activities (8.5.1.3)"),
    _p("change_route_service-design-transition", "Service design and transition (8.5.2)"),
    _p("none_recorded", "(none)"),
    # A finding recorded on a requirement's row without a statement of its own.
    # A finding nobody wrote a statement for, beside its grade and id: what it concerns and the rating,
    # never the grade and id again (fi-blind-2 #127), never the title alone (it states the requirement met).
    _p("finding_on_requirement", "Concerns the requirement “{title}”, rated {rating}."),
    _p("finding_on_requirement_unrated", "Concerns the requirement “{title}”."),
    _p("finding_on_indicator", "{grade} on capability indicator {indicator} of {process}"),
    _p("action_text_unrated", "Raise {attribute} ({attribute_name}) of {process} from not rated to at least {needed}"),
    _p("action_with_requirements", "{action}: address {ids}"),
    # Executive summary, corrective-action plan, process pages, cover and print (issue 13).
    _p("executive_summary", "Executive summary"),
    _p("key_messages", "Key messages"),
    _p("rag_overview", "Status at a glance"),
    _p("rag_by_clause", "By clause of the standard"),
    _p("rag_by_process", "By process"),
    _p("rag_R", "Red"),
    _p("rag_A", "Amber"),
    _p("rag_G", "Green"),
    _p("rag_X", "Not assessed"),
    # The letter beside each colour (labels rag_letter_R … rag_letter_X), one source for every output.
    *RAG_LETTERS.values(),
    _p("rag_status", "Status"),
    _p("rag_rule", "How the status colours are set"),
    # {R} {A} {G} {X}: the status marks (rag_letter_*), filled in by the view model.
    _p("rag_rule_red", "Red ({R}): an open major nonconformity, a process two or more levels below its target, or compliance below 50 %."),
    _p("rag_rule_amber", "Amber ({A}): an open minor nonconformity, a process one level below its target, or compliance below 85 %."),
    _p("rag_rule_green", "Green ({G}): none of these. Grey ({X}): nothing assessed. The mark is always shown with the colour."),
    _p("verdict_none", "No readiness verdict"),
    _p("verdict_scope_none", "A self-assessment gives no verdict on certification readiness; the results show where to focus before an audit."),
    _p("verdict_scope_self", "An indication from a self-assessment, not a verdict on certification readiness."),
    _p("verdict_scope_full", "Verdict on certification readiness: the audit covered the whole of {scope}."),
    _p("verdict_scope_partial", "An indication for the assessed scope only, not a verdict on certification readiness: clauses {clauses} were outside the scope."),
    _p("msg_progress_up", "Overall compliance has risen since the previous assessment ({baseline}): {now}, up from {before}."),
    _p("msg_progress_down", "Overall compliance has fallen since the previous assessment ({baseline}): {now}, down from {before}."),
    _p("msg_progress_same", "Overall compliance is where it was at the previous assessment ({baseline}): {now}."),
    _p("msg_progress_compared", "Compared with the previous assessment ({baseline}):"),
    _p("msg_progress_processes", "Of {total} processes assessed both times, {improved} improved and {worsened} worsened."),
    _p("msg_progress_processes_none_worse", "Of {total} processes assessed both times, {improved} improved and none worsened."),
    _p("msg_progress_processes_none_better", "Of {total} processes assessed both times, none improved and {worsened} worsened."),
    _p("msg_progress_processes_unchanged", "Of {total} processes assessed both times, none improved or worsened."),
    _p("msg_progress_majors", "Major nonconformities: {now}, previously {before}."),
    _p("msg_blocker", "{process} is at level {level} against a target of {target}."),
    _p("msg_blocker_by", "Level {next} is held back by {items}"),
    _p("msg_blocker_by_many", "Level {next} is held back by {items}"),
    _p("msg_blocker_attribute", "{attribute} {name} ({rating}, needs {needed})"),
    _p("msg_blocker_start", "Start with these requirements: {titles}"),
    _p("msg_strengths", "Strongest areas: {items}."),
    _p("msg_kind_progress", "Progress"),
    _p("msg_kind_risk", "Risk"),
    _p("msg_kind_blocker", "Next level"),
    _p("msg_kind_strength", "Strength"),
    _p("was", "was {value}"),
    _p("processes_at_target", "Processes at their target level"),
    _p("high_priority_actions", "High-priority actions"),
    _p("of_total", "of {total} actions"),
    _p("requirements_assessed", "Requirements assessed"),
    _p("no_strengths", "No requirement is rated F or L+ yet."),
    _p("no_weaknesses", "No requirement is rated N or P, and none has a nonconformity."),
    _p("process_pages", "Process by process"),
    _p("annex_requirements", "Annex: requirements"),
    _p("confidential", "Confidential"),
    _p("purpose", "Purpose"),
    _p("strengths", "Strengths"),
    _p("weaknesses", "Weaknesses"),
    _p("holding_back", "What holds the level back"),
    _p("legend", "Legend"),
    _p("legend_not_rated", "– not rated"),
    _p("target_marker", "target level (orange mark)"),
    _p("level_bar", "capability level (blue bar)"),
    _p("version", "Version"),
    _p("report_date", "Date"),
    _p("distribution", "Distribution"),
    _p("confidentiality", "Confidentiality"),
    _p("corrective_action_plan", "Corrective-action plan"),
    _p("action_kind", "Type"),
    _p("kind_nc", "Nonconformity"),
    _p("kind_gap", "Gap to target"),
    _p("action_id", "Action id"),
    _p("priority_high", "High"),
    _p("priority_medium", "Medium"),
    _p("priority_low", "Low"),
    # A priority inside a note, lower-cased: "(P → F, high priority)".
    _p("priority_in_note", "{priority} priority"),
    _p("priority_rule", "How actions are prioritised"),
    _p("priority_rule_high", "High: an open major nonconformity, or the PA1.1 gap of a process that is not performed (level 0) and has a target."),
    _p("priority_rule_medium", "Medium: an open minor nonconformity, or a gap in an attribute that the next capability level needs."),
    _p("priority_rule_low", "Low: a gap in an attribute that only a later level needs. Within a priority, gaps are ordered by the scoring's priority score."),
    _p("action_correct_major-nc", "Correct major nonconformity {finding}"),
    _p("action_correct_minor-nc", "Correct minor nonconformity {finding}"),
    _p("action_nc_statement", "{action}: {statement}"),
    _p("quoted_requirement", "{id} “{title}”"),
    _p("page", "Page"),
    _p("table_of", "Table: {name}"),
    _p("key_figures", "Key figures"),
    # The director's summary of a self-assessment (reports/director.py).
    _p("verdict_self", "Self-assessment: the team's own view"),
    _p("director_title", "Summary for the director"),
    _p("director_not_an_audit", "This is the team's own view of its work, gathered with a questionnaire. No one has checked it against records and it is not an audit: it says nothing about whether the organisation would pass a certification audit."),
    _p("director_headline", "In the team's own view, {well} of the {questions} practices asked about are largely or fully in place."),
    _p("director_participation", "Respondents: {respondents}; questions answered: {questions}. “Don't know” was {dont_know} of all answers."),
    _p("director_standing_established", "Well established"),
    _p("director_standing_largely", "Largely in place"),
    _p("director_standing_partly", "Partly in place"),
    _p("director_standing_hardly", "Mostly missing"),
    _p("director_standing_unknown", "Could not say"),
    _p("director_items", "{f} fully, {l} largely, {p} partly, {n} not at all"),
    _p("director_answer_N", "not at all"),
    _p("director_answer_P", "partly"),
    _p("director_answer_L", "largely"),
    _p("director_answer_F", "fully"),
    _p("director_answer_DK", "don't know"),
    _p("director_strongest", "Strongest in the team's view: {areas} ({standing})."),
    _p("director_all_alike", "Every process stands alike in the team's view: {standing}."),
    _p("director_no_strong_area", "No area stands out as strong: in the team's view none is even largely in place."),
    _p("director_weakest", "Weakest in the team's view: {areas} ({standing})."),
    _p("director_weakest_items", "Where the team sees the most missing: {items}."),
    _p("director_discuss", "Questions where colleagues' answers are far apart: {count}, such as {items}. Talk these through together before deciding anything."),
    _p("director_discuss_one", "Colleagues' answers are far apart on one question: {items}. Talk it through together before deciding anything."),
    _p("director_could_not_say_one", "A third or more could not answer one question: {items}. The practice may exist without the team knowing it."),
    _p("director_agree", "Colleagues' answers were close to each other on every question."),
    _p("director_could_not_say", "Questions where a third or more could not say: {count}, such as {items}. The practice may exist without the team knowing it."),
    _p("director_prompt_roles", "{high_role} answer mostly “{high}”, {low_role} “{low}”: ask each group what they see in their own work."),
    _p("director_prompt_camps", "Part of the team says “{low}”, part says “{high}”: find out whether the practice differs between teams or people read the question differently."),
    _p("director_prompt_range", "Answers range from “{low}” to “{high}”: agree together what doing this fully would look like."),
    _p("director_step_ask_more", "Only {respondents} answered: ask more of the team before drawing conclusions."),
    _p("director_step_discuss", "Hold a short workshop on the questions where answers differ ({count}), starting with {items}."),
    _p("director_step_discuss_one", "Hold a short workshop on the question where answers differ: {items}."),
    _p("director_step_improve_agreed", "Start improving {process} with {items}, where the team agrees the practice is missing or partial."),
    _p("director_step_improve", "Start improving {process} with {items}, rated lowest by the team."),
    _p("director_step_make_known", "Find out why many could not answer {items}: if the practice exists, make it known to the team; if not, agree who owns it."),
    _p("director_step_check", "Check the team's view against a few records, such as tickets, minutes or reports, before telling anyone outside the team that this is in order: {areas}."),
    _p("director_where_we_stand", "Where the team stands, process by process"),
    _p("director_by_process", "Process by process, in the team's view"),
    _p("director_standing", "Where we stand"),
    _p("director_practices", "Practices (team's consensus)"),
    _p("director_to_discuss", "To discuss"),
    _p("director_dont_know", "“Don't know”"),
    _p("director_next_steps", "Next steps"),
    _p("director_what_to_discuss", "What to discuss"),
    _p("director_fig_respondents", "Respondents"),
    _p("director_fig_in_place", "Practices largely or fully in place"),
    _p("director_fig_dont_know", "“Don't know” answers"),
    _p("director_fig_discuss", "Questions to discuss"),
    _p("msg_kind_standing", "Overall"),
    _p("msg_kind_participation", "Answers"),
    _p("msg_kind_weakness", "To improve"),
    _p("msg_kind_discuss", "To discuss"),
    _p("msg_kind_unknown", "Could not say"),
))


def labels(lang: str) -> dict[str, str]:
    """Every report label in ``lang`` (English where a translation is missing)."""
    pgettext = pgettext_for(lang)
    # rag_text_R …: the status mark with the colour's name, for table cells with room ("▲ Keltainen").
    return {key: pgettext(key, english) for key, english in _LABELS.items()} | {
        f"rag_text_{status}": rag_text(status, lang) for status in RAG_LETTERS}


def all_label_keys() -> list[str]:
    return list(_LABELS)


def english_labels() -> dict[str, str]:
    """The English source of every label, keyed by label key."""
    return dict(_LABELS) | {f"rag_text_{status}": rag_text(status, "en") for status in RAG_LETTERS}


def _counted(context: str, one: str, many: str) -> tuple[str, str, str]:
    """Mark a phrase worded for a count (``_counted:1c,2,3`` in babel.cfg); worded with ``npgettext``."""
    return context, one, many


#: "and two more processes" after a shortened list, by what the list names: the noun keeps the
#: count from standing alone ("ja 2 muuta").
MORE_OF: dict[str, tuple[str, str, str]] = {
    "process": _counted("and_more_processes", "and one more process", "and {count} more processes"),
    "area": _counted("and_more_areas", "and one more area", "and {count} more areas"),
    "nonconformity": _counted("and_more_nonconformities", "and one more open nonconformity",
                              "and {count} more open nonconformities"),
    "question": _counted("and_more_questions", "and one more question", "and {count} more questions"),
    "check": _counted("and_more_checks", "and one more data check", "and {count} more data checks"),
    "requirement": _counted("and_more_requirements", "and one more requirement", "and {count} more requirements"),
}


def more_text(count: int, lang: str, of: str) -> str:
    """"and one more process" / "and two more processes" (Finnish "ja yksi muu prosessi" / "ja kaksi
    muuta prosessia") after a shortened list of ``of`` (a key of :data:`MORE_OF`), in the plural form
    ``lang`` uses for ``count`` (a gettext plural entry: any number of forms)."""
    context, one, many = MORE_OF[of]
    return translations(lang).npgettext(context, one, many, count).format(count=count_in_words(count, lang))


def shortened_list(items: list[str], most: int, lab: dict[str, str], lang: str, of: str) -> str:
    """``"A, B and C"``, or past ``most`` items the first ``most`` and "and N more" (``"A, B, C ja
    kaksi muuta prosessia"``): names of ``of`` in a sentence of a summary."""
    if len(items) > most:
        return ", ".join(items[:most]) + " " + more_text(len(items) - most, lang, of)
    return joined(items, lab["and"])


def more_requirements_text(count: int, lang: str) -> str:
    """"and one more requirement" / "and five more requirements" (Finnish "sekä viisi muuta vaatimusta")
    after a shortened list of requirement titles: the noun keeps the count from reading as part of a title."""
    return more_text(count, lang, "requirement")


def processes_count_text(count: int, lang: str) -> str:
    """"one process" / "27 processes" (Finnish "27 prosessia"), e.g. as a scope on a cover."""
    return translations(lang).npgettext("processes_count", "one process", "{count} processes", count).format(count=count)


def nc_requirements_text(action: str, items: str, count: int, lang: str) -> str:
    """"Correct minor nonconformity X (requirement CFG-01 “CI types are defined”)": the action with
    its requirements labelled as such, in the plural form ``lang`` uses for ``count``."""
    return translations(lang).npgettext("action_nc_requirements", "{action} (requirement {items})",
                                        "{action} (requirements {items})", count).format(action=action, items=items)


def processes_assessed_text(count: int, lang: str) -> str:
    """"One process was assessed." / "3 processes were assessed." after the director's headline,
    in the plural form ``lang`` uses for ``count``."""
    return translations(lang).npgettext("director_processes", "One process was assessed.",
                                        "{count} processes were assessed.", count).format(count=count)


def good_practice_text(count: int, areas: str, lang: str) -> str:
    """"Good practice recognised: Incident management." / "Good practices recognised (3): …" (Finnish
    "Tunnistettu hyvä käytäntö: …" / "Tunnistetut hyvät käytännöt (3): …"): the key message on the
    good practices found, in the plural form ``lang`` uses for ``count``."""
    return translations(lang).npgettext("msg_good_practice", "Good practice recognised: {areas}.",
                                        "Good practices recognised ({count}): {areas}.", count).format(
        count=count, areas=areas)


def open_nc_text(grade: str, count: int, ids: str, areas: str, lang: str) -> str:
    """The summary's risk message on the open nonconformities of ``grade``, worded for one ("One
    open minor nonconformity … a plan for it") or several ("… a plan for each")."""
    npgettext = translations(lang).npgettext
    if grade == "major-nc":
        text = npgettext("msg_risk_major",
                         "One open major nonconformity ({ids}) in {areas}. It blocks certification until it is corrected.",
                         "Open major nonconformities: {count} ({ids}) in {areas}. Each blocks certification until it is "
                         "corrected.", count)
    else:
        text = npgettext("msg_risk_minor",
                         "One open minor nonconformity ({ids}) in {areas}. The certification body will expect a "
                         "corrective-action plan for it.",
                         "Open minor nonconformities: {count} ({ids}) in {areas}. The certification body will expect a "
                         "corrective-action plan for each.", count)
    return text.format(count=count, ids=ids, areas=areas)


def blockers_more_text(count: int, lang: str) -> str:
    """"3 more processes are below their target …" under the summary's first blockers, in the plural
    form ``lang`` uses for ``count`` ("One more process is below its target …")."""
    return translations(lang).npgettext(
        "msg_blocker_more", "One more process is below its target; the action plan shows what it needs.",
        "{count} more processes are below their target; the action plan shows what each needs.", count).format(count=count)


def more_actions_text(count: int, lang: str) -> str:
    """"and 7 more actions" ("ja 7 muuta toimenpidettä") under a shortened list of actions."""
    return translations(lang).npgettext("and_more_actions", "and one more action", "and {count} more actions",
                                        count).format(count=count_in_words(count, lang))
