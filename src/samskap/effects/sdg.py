"""The fixed reference list of UN Sustainable Development Goal targets a goal may be tagged
with: the targets that concern children, youth and families in a Norwegian municipality.
The codes are the UN's; the titles are short Norwegian paraphrases (gettext)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SDG_TARGETS: dict[str, str] = {
    "1.2": _("Halve the share living in poverty by national definitions"),
    "1.3": _("Social protection systems for all"),
    "1.4": _("Equal rights to economic resources and basic services"),
    "3.4": _("Promote mental health and well-being"),
    "3.5": _("Prevent and treat substance abuse"),
    "4.1": _("All children complete primary and secondary school"),
    "4.2": _("Quality early childhood development"),
    "4.4": _("Youth and adults with relevant skills for work"),
    "4.5": _("Equal access to education for the vulnerable"),
    "8.5": _("Decent work for all, including young people"),
    "8.6": _("Reduce the share of youth not in employment, education or training"),
    "10.2": _("Social, economic and political inclusion of all"),
    "10.3": _("Equal opportunity and reduced inequalities of outcome"),
    "11.1": _("Adequate, safe and affordable housing"),
    "16.1": _("Reduce all forms of violence"),
    "16.2": _("End abuse and violence against children"),
    "16.7": _("Responsive, inclusive and participatory decision-making"),
    "17.17": _("Effective public, public-private and civil society partnerships"),
}

SDG_CHOICES = [(code, format_lazy("{} {}", code, title)) for code, title in SDG_TARGETS.items()]
