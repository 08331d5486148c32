"""The rules of a payment's and a payout's life: create, apply results, reconcile."""
