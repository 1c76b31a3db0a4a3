"""Orders: places orders for customers."""
