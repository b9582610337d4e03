"""What the citizen reads in messages and answers; every string in every citizen language."""

from django.utils.translation import gettext_lazy as _

ANSWER_LENGTH = 1000

EMAIL_SUBJECT = _("Did the help make a difference?")
EMAIL_REMINDER_SUBJECT = _("Reminder: did the help make a difference?")
EMAIL_BODY = _(
    "Hello,\n\n"
    "Some weeks ago you got money through Samskap from your municipality. We would like to "
    "know if it helped. There are four short questions. It takes about one minute.\n\n"
    "Answer here:\n%(url)s\n\n"
    "The link works for %(days)s days. You do not have to answer, and your answer does not "
    "change any help you get.\n\n"
    "Thank you!\n"
)
# Short on purpose: in Arabic or Ukrainian an SMS part holds 70 characters.
SMS_BODY = _("Did the help from the municipality make a difference? Answer in 1 minute: %(url)s")
SMS_REMINDER = _("Reminder: did the help make a difference? Answer in 1 minute: %(url)s")

CHOOSE_HELPED = _("Choose yes, partly or no.")
CHOOSE_HOW_MUCH = _("Choose a number from 1 to 5.")
TOO_LONG = _("Please write at most %(max)s characters. You wrote %(length)s.")
STAFF_ONLY_CITIZEN = _(
    "You are logged in to Samskap. Only the citizen answers through this link. To write "
    "down answers from a conversation, use the household's page. Nothing has been saved."
)
ALREADY_RECORDED = _("This survey is already answered. Nothing new has been saved.")
