"""Reference data in the admin: visible to staff, never edited there (migrations load it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Country,
    County,
    Municipality,
    SeqfLevel,
    SniCode,
    SsykCode,
    Subregion,
    SunField,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows rows; adding, changing and deleting are refused."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(County)
class CountyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "municipality_count"]
    search_fields = ["code", "name"]

    @admin.display(description=_("municipalities"))
    def municipality_count(self, obj: County) -> int:
        return obj.municipalities.count()


@admin.register(Subregion)
class SubregionAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "municipality_count"]
    search_fields = ["slug", "name"]

    @admin.display(description=_("municipalities"))
    def municipality_count(self, obj: Subregion) -> int:
        return obj.municipalities.count()


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "county", "subregion"]
    list_filter = ["subregion", "county"]
    search_fields = ["code", "name"]
    list_select_related = ["county", "subregion"]


@admin.register(SniCode)
class SniCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "parent", "name_sv", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_sv", "name_en"]
    list_select_related = ["parent"]


@admin.register(SsykCode)
class SsykCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "parent", "name_sv", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_sv", "name_en"]
    list_select_related = ["parent"]


@admin.register(SunField)
class SunFieldAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "parent", "name_sv", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_sv", "name_en"]
    list_select_related = ["parent"]


@admin.register(SeqfLevel)
class SeqfLevelAdmin(ReadOnlyAdmin):
    list_display = ["level", "description_sv", "description_en"]


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_sv", "name_en"]
    search_fields = ["code", "name_sv", "name_en"]
