"""How the meeting names a family in front of a message of its own."""


def for_family(name, message) -> str:
    """'Familien Hansen: the amount is too large…': a message that is a sentence of its own,
    after the family's name, its first letter in lower case. A message that names the
    family already is kept as it is, and so is a first word in capitals ("KID", "NAV")."""
    name, text = str(name), str(message)
    if text.startswith(f"{name}:"):
        return text
    first = text[:1] if text[1:2].isupper() else text[:1].lower()
    return f"{name}: {first}{text[1:]}"
