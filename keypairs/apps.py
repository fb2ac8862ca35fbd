from django.apps import AppConfig


class KeyPairsConfig(AppConfig):
    name = "keypairs"
    verbose_name = "Key pairs"
