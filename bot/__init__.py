"""factdesk's core: articles in, grounded analyses out; knows nothing of chat platforms."""

__version__ = "0.1.0"
