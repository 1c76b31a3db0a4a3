"""Plans, subscriptions, invoices and payments (Stripe)."""
