"""Shared state while the demo is built: the random source and what earlier apps created."""

import random
from dataclasses import dataclass, field

DEMO_PASSWORD = "kompetensnav-demo"
DEMO_DOMAIN = "demo.kompetensnav.se"

# Invented people: first and last names are combined at random, so no real person is meant.
FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Emma",
    "Ida",
    "Malin",
    "Hanna",
    "Johan",
    "Erik",
    "Lars",
    "Anders",
    "Per",
    "Mikael",
    "Karl",
    "Jonas",
    "Fredrik",
    "Ali",
    "Amira",
    "Noah",
    "Elias",
    "Leila",
    "Oskar",
    "Linnea",
    "Viktor",
    "Nora",
    "Samir",
    "Tove",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindqvist",
    "Berg",
    "Lund",
    "Holm",
    "Ekström",
    "Sjöberg",
    "Dahl",
    "Nyström",
    "Falk",
    "Hedlund",
    "Åberg",
]


@dataclass
class DemoContext:
    rng: random.Random
    data: dict = field(default_factory=dict)

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def luhn_complete(nine_digits: str) -> str:
    """Append the Luhn check digit to nine digits: a valid (fictional) organisation number."""
    total = 0
    for index, char in enumerate(nine_digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    check = (10 - total % 10) % 10
    digits = nine_digits + str(check)
    return f"{digits[:6]}-{digits[6:]}"
