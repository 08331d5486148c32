"""A REST API (Django REST framework) to create payments and read them.

Add ``path("paypro/api/", include("django_paypro.api.urls"))`` to the URLconf. Endpoints,
status codes and the reasons for them are described in :mod:`django_paypro.api.views`; who may
call them in :mod:`django_paypro.api.access`; the OpenAPI schema (with drf-spectacular, the
``openapi`` extra) in :mod:`django_paypro.api.schema`.
"""
