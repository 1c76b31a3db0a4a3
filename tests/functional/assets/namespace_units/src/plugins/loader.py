import core.registry
