"""`{% pot_rows %}`, `{% burn_rows %}`, `{% scheme_rows %}` and `{% money_cells %}` write
the pot overview's and the scheme report's tables as their templates did (issue 14: those
rows, an `{% include %}` or a dozen filters each, were most of the pages' rendering)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from samskap.funding import reports, selectors
from samskap.funding.models import ProgrammeAgreement

# The templates' loops before the tags (funding/pot_overview.html, scheme_report.html).
OLD_POT = """{% load i18n samskap %}
    {% for row in overview.rows %}
    <tbody>
      {% for cell in row.years %}
      <tr>
        {% if forloop.first %}<th scope="rowgroup" rowspan="{{ row.years|length|add:1 }}">{% if row.subproject.pk in budget_pages %}<a class="ds-link" href="{% url 'funding:subproject' row.subproject.pk %}">{{ row.subproject.name }}</a>{% else %}{{ row.subproject.name }}{% endif %}</th>{% endif %}
        <th scope="row">{{ cell.year }}</th><td class="num">{{ cell.allocated|nok }}</td><td class="num">{{ cell.committed|nok }}</td><td class="num">{{ cell.paid|nok }}</td><td class="num">{{ cell.remaining|nok }}</td>
      </tr>
      {% endfor %}
      <tr><th scope="row">{% translate "Total" %}</th><td class="num">{{ row.total.allocated|nok }}</td><td class="num">{{ row.total.committed|nok }}</td><td class="num">{{ row.total.paid|nok }}</td><td class="num">{{ row.total.remaining|nok }}</td></tr>
    </tbody>
    {% endfor %}
"""  # noqa: E501
NEW_POT = """{% load funding_tables %}
    {% pot_rows overview budget_pages %}
"""
OLD_BURN = """{% load i18n samskap %}
      {% for point in burn.points %}
      <tr><th scope="row">{{ point.month|date:"F Y" }}</th><td class="num">{{ point.left|nok }}</td><td>{% if point.forecast %}{% translate "forecast" %}{% else %}{% translate "actual" %}{% endif %}</td></tr>
      {% endfor %}
"""  # noqa: E501
NEW_BURN = """{% load funding_tables %}
      {% burn_rows burn %}
"""
OLD_SCHEME = """{% load i18n %}
    {% for subproject, cell in section.rows %}
    <tr><th scope="row">{{ subproject.name }}</th><td>{{ cell.year }}</td>{% include "funding/_money_cells.html" %}</tr>
    {% empty %}
    <tr><td colspan="6">{% translate "Nothing allocated from this scheme yet." %}</td></tr>
    {% endfor %}
    <tfoot><tr><th scope="row" colspan="2">{% translate "Total" %}</th>{% include "funding/_money_cells.html" with cell=section.total %}</tr></tfoot>
"""  # noqa: E501
NEW_SCHEME = """{% load i18n funding_tables %}
    {% if section.rows %}{% scheme_rows section %}{% else %}
    <tr><td colspan="6">{% translate "Nothing allocated from this scheme yet." %}</td></tr>
    {% endif %}
    <tfoot><tr><th scope="row" colspan="2">{% translate "Total" %}</th>{% money_cells section.total %}</tr></tfoot>
"""  # noqa: E501


def _render(source: str, context: dict) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_tables_write_what_the_templates_wrote(demo, language):
    agreements = list(ProgrammeAgreement.objects.all())
    assert agreements
    for agreement in agreements:
        plan = selectors.pot_plan(agreement=agreement)
        # Before, at and after the period: only actual months, both, only forecast.
        for today in (
            agreement.starts_on - datetime.timedelta(days=40),
            datetime.date(2026, 12, 1),
            agreement.ends_on + datetime.timedelta(days=40),
        ):
            overview, burn = reports.pot_with_burn_down(
                agreement=agreement, today=today, planned=plan.planned
            )
            rows = overview.rows
            assert rows
            # Text that must be escaped, and a sub-project the user may not open.
            rows[0].subproject.name = "A & B <Øst> «sør»"
            for budget_pages in (set(), {row.subproject.pk for row in rows[1:]}):
                context = {"overview": overview, "budget_pages": budget_pages}
                with translation.override(language):
                    assert _render(NEW_POT, context) == _render(OLD_POT, context)
            with translation.override(language):
                assert _render(NEW_BURN, {"burn": burn}) == _render(OLD_BURN, {"burn": burn})
        sections = reports.scheme_report(agreement=agreement)
        assert any(section.rows for section in sections)
        empty = reports.SchemeSection(scheme=sections[0].scheme)
        for section in [*sections, empty]:
            for _subproject, cell in section.rows[:1]:
                cell.remaining = -cell.remaining
            with translation.override(language):
                context = {"section": section}
                assert _render(NEW_SCHEME, context) == _render(OLD_SCHEME, context)
