"""HTTP edges: the notification endpoint, and the customer-facing redirect and return pages."""
