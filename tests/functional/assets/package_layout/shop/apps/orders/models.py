from ...settings import CURRENCY


class Order:
    currency = CURRENCY
