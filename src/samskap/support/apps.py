from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "samskap.support"
    verbose_name = _("Support")

    def ready(self) -> None:
        # Support adds its panels to people's household page; people never imports support.
        from samskap.people.sections import register_household_section
        from samskap.support.household_sections import household_actions, household_panels

        register_household_section(household_actions)
        register_household_section(household_panels)
        # ...and the link to the team's meeting on the sub-project page.
        from samskap.subprojects.page_links import register_subproject_links
        from samskap.support.page_links import meeting_link

        register_subproject_links(meeting_link)
        # ...and the stage column and filter of people's household list.
        from samskap.people.stages import register_household_stages
        from samskap.support.household_stage import STAGE_CHOICES, annotate_stage

        register_household_stages(choices=STAGE_CHOICES, annotate=annotate_stage)
        # People refuses a payee account that a programme pays from; people and
        # payments never import each other, so support joins them.
        from samskap.payments.debtor_services import paying_account_owner
        from samskap.people.paying_accounts import register_paying_account

        register_paying_account(paying_account_owner)
        # A decision's postings are undone by cancelling the decision, never reversed.
        from samskap.funding.owned_postings import register_owned_postings
        from samskap.support.keys import OWNED_KEY_PREFIXES

        for prefix in OWNED_KEY_PREFIXES:
            register_owned_postings(
                prefix,
                _(
                    "This posting belongs to a support decision. Cancel the decision "
                    "instead: that releases the money and stops its unpaid payments."
                ),
            )

        # Payments corrects a waiting payment from the household's current account.
        from samskap.payments.payees import register_current_payee, register_payee_account
        from samskap.support.payees import household_payee, is_payee_account

        register_current_payee(household_payee)
        # ...and the programme's paying account is refused when a payee uses it.
        register_payee_account(is_payee_account)

        # A payment the bank returns becomes a task for the contact person; payments never
        # imports support.
        from samskap.payments.hooks import register_payments_returned
        from samskap.support.services.payouts import returned_payment_tasks_open

        register_payments_returned(returned_payment_tasks_open)

        # A household's new contact person takes over its open tasks; people never
        # imports support.
        from samskap.people.handovers import register_contact_person_follow
        from samskap.support.services.tasks import returned_payment_tasks_follow

        register_contact_person_follow(returned_payment_tasks_follow)
