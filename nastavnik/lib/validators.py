"""Validators for Russian identifiers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value: str) -> bool:
    """True for a 10-digit (legal entity) or 12-digit (person) INN with valid
    check digits."""
    if not value.isdigit() or len(value) not in (10, 12):
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return digits[9] == _check_digit(digits, _INN10_WEIGHTS)
    return digits[10] == _check_digit(digits, _INN12_WEIGHTS_1) and digits[
        11
    ] == _check_digit(digits, _INN12_WEIGHTS_2)


def validate_inn(value: str) -> None:
    if not is_valid_inn(value):
        raise ValidationError(
            _("INN must have 10 or 12 digits with a valid check digit."),
            code="invalid_inn",
        )


def inn_with_check_digit(prefix: str) -> str:
    """Complete a 9-digit prefix into a valid 10-digit INN (for demo data)."""
    digits = [int(c) for c in prefix]
    return prefix + str(_check_digit(digits, _INN10_WEIGHTS))
