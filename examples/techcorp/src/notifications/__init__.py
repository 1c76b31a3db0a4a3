"""Email and SMS notifications: templates, delivery, event handlers."""
