"""Authentication and authorisation: login sessions, JWTs, API keys, permissions."""
