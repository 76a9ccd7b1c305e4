"""Small helpers every app's views share."""

from django.core.exceptions import PermissionDenied, ValidationError


def require_perm(request, permission: str, obj=None) -> None:
    """PermissionDenied (403) unless the user has the permission (on the object)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their fields (or on the
    form when it has no such field), other errors on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
