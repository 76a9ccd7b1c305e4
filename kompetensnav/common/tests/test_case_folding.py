"""Case-insensitive lookups and unique constraints fold Å, Ä and Ö (and every other letter) the
same way on SQLite and PostgreSQL, as Python's lower() does (common/sqlite.py). SQLite's own
LOWER() folds only ASCII: "ÖRJAN" and "örjan" were two e-mail addresses to it."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower, Upper

from kompetensnav.accounts.models import User
from kompetensnav.companies.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_an_email_differing_only_in_the_case_of_a_swedish_letter_is_taken():
    User.objects.create_user(email="örjan.åström@exempel.se", password="x-long-password-1")
    # save() lowers the address; a bulk write (an import) reaches the constraint as typed
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ÖRJAN.ÅSTRÖM@exempel.se")])
    assert User.objects.alias(ci=Lower("email")).filter(ci="örjan.åström@exempel.se").count() == 1


def test_lower_and_upper_fold_swedish_letters():
    CompanyFactory(name="ÄLVÄNGENS ÅKERI AB")
    found = Company.objects.annotate(folded=Lower("name")).filter(folded="älvängens åkeri ab")
    assert found.count() == 1
    assert Company.objects.annotate(up=Upper("name")).get().up == "ÄLVÄNGENS ÅKERI AB"
    assert Company.objects.filter(name__iexact="älvängens åkeri ab").count() == 1
    assert Company.objects.filter(name__icontains="åkeri").count() == 1


def test_the_sqlite_functions_keep_null_and_numbers():
    from kompetensnav.common.sqlite import unicode_lower, unicode_upper

    assert unicode_lower(None) is None and unicode_upper(None) is None
    assert unicode_lower(5) == 5 and unicode_lower("ÅÄÖ") == "åäö" and unicode_upper("ß") == "SS"
