from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """A dictionary entry by a variable key: {{ totals|get_item:line.pk }}."""
    return mapping.get(key) if mapping else None
