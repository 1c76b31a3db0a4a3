from core import registry
