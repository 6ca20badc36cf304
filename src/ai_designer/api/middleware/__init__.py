"""Request context, authentication, rate limiting and request metrics."""
