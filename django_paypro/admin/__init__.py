"""The admin for payments, payouts and notifications, registered on the default site.

To use another ``AdminSite``, register the classes yourself::

    from django_paypro.admin import NotificationAdmin, PaymentAdmin, PayoutAdmin
    my_site.register(Payment, PaymentAdmin)
    my_site.register(PaymentDashboard, DashboardAdmin)  # the dashboard
"""

from django_paypro.admin.batches import PayoutBatchAdmin
from django_paypro.admin.dashboard import DashboardAdmin
from django_paypro.admin.notifications import NotificationAdmin
from django_paypro.admin.payments import PaymentAdmin
from django_paypro.admin.payouts import PayoutAdmin

__all__ = ["DashboardAdmin", "NotificationAdmin", "PaymentAdmin", "PayoutAdmin", "PayoutBatchAdmin"]
