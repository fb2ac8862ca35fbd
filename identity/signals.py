"""Forget this process's cached token validations whenever what they depend on changes."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from identity import models, tokens

WATCHED = (models.User, models.Project, models.Domain, models.RoleAssignment, models.ApplicationCredential)


@receiver([post_save, post_delete])
def forget_validations(sender, **kwargs):
    if sender in WATCHED:
        tokens.forget_cached()
