from django.utils import translation
from django.utils.translation import gettext


def translated(text, language: str = "sv") -> str:
    """What a text (a msgid or a lazy string) reads in a language. The factories' users are
    Swedish-speaking; what the catalogue says is not the API tests' concern."""
    with translation.override(language):
        return gettext(text) if isinstance(text, str) else str(text)
