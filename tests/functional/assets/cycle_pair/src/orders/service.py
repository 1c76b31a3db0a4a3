from customers.accounts import Account


def place(account: Account, total: int) -> dict[str, int]:
    return {"account": account.id, "total": total}
