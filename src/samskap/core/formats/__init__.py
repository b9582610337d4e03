"""Date and number formats per language (settings.FORMAT_MODULE_PATH).

Samskap is used in Norway: a date is 29.11.2026 and a time 16:57, an amount 1 234,50,
whichever language the interface speaks. English therefore takes bokmål's formats; only
the words (month names) follow the language.
"""
