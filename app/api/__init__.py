"""HTTP routes mounted in front of Reflex (api_transformer): auth now, the REST API later."""
