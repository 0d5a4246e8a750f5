"""Demo data for Enablement Hub: the fictional Fieldline sales-enablement library."""
