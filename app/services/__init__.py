"""Business rules and all database access. Plain functions over a Session; never imports Reflex."""
