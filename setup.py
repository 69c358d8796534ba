"""For scrapyd-deploy, which builds the egg with `python setup.py bdist_egg` (it writes a setup.py
of its own when there is none, which would pack tests/ and bench/ too). Everything is in
pyproject.toml, the Scrapy settings entry point included."""

from setuptools import setup

setup()
