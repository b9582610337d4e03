"""The citizen's side of the support flow: the letter-confirmation page and its texts.

A nested app (label ``support_citizen``) whose catalogues are complete in every citizen
language; the view itself stays in support.views.
"""
