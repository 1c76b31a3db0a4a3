class Account:
    id = 1

    def orders(self) -> list[object]:
        from orders.service import place

        return [place(self, 0)]
