"""The lib app has no models of its own. The module is here because
``migrate`` signals its end (post_migrate) only to apps that have one: the
app then watches every table for remembered figures (apps.py, fragments.py).
"""
