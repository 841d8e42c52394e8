"""wirefeed: a streaming wire-feed processor on Kafka and Faust."""

__version__ = "0.1.0"

__all__ = ["__version__"]
