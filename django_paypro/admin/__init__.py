"""The admin for payments, payouts and notifications, registered on the default site.

To use another ``AdminSite``, register the classes yourself::

    from django_paypro.admin import NotificationAdmin, PaymentAdmin, PayoutAdmin
    my_site.register(Payment, PaymentAdmin)
"""

from django_paypro.admin.batches import PayoutBatchAdmin
from django_paypro.admin.notifications import NotificationAdmin
from django_paypro.admin.payments import PaymentAdmin
from django_paypro.admin.payouts import PayoutAdmin

__all__ = ["NotificationAdmin", "PaymentAdmin", "PayoutAdmin", "PayoutBatchAdmin"]
