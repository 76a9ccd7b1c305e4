"""`{% panels "slot" object %}`: the sections other apps add to this page, and
`{% documents "slot" object %}`: those they add to its PDF (common/panels.py)."""

from django import template
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kompetensnav.common.panels import documents_for, panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: Context, slot: str, obj: object) -> str:
    request = context.get("request")
    if request is None:
        return ""
    parts = [
        render_to_string(template_name, panel_context, request=request)
        for template_name, panel_context in panels_for(slot, request, obj)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped there


@register.simple_tag
def documents(slot: str, obj: object) -> str:
    parts = [
        render_to_string(template_name, section_context)
        for template_name, section_context in documents_for(slot, obj)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped there
