"""Keeps the standard trait and resource-class names of os-traits / os-resource-classes in the tables.

Run after every migrate (and after test flushes, which re-emit post_migrate), so upgrading either
library is enough to make its new names available.
"""
import os_resource_classes
import os_traits


def sync_standard_names(**_):
    from placement.models import ResourceClass, Trait

    ResourceClass.objects.bulk_create(
        [ResourceClass(name=name) for name in os_resource_classes.STANDARDS], ignore_conflicts=True
    )
    Trait.objects.bulk_create([Trait(name=name) for name in os_traits.get_traits()], ignore_conflicts=True)


def is_custom(name: str) -> bool:
    return name.startswith("CUSTOM_")
