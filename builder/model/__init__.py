"""The model: the data contract (`contract`), the immutable portal the renderers read,
working days, the timeline of a round, permanent URLs, the site address."""
