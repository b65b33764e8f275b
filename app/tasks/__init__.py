"""Background loops that run for the app's lifetime (registered with app.register_lifespan_task)."""
