from .base import Base, SessionLocal

__all__ = ["Base", "SessionLocal"]
