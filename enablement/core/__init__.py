"""The home page, health check and what every template can use."""
