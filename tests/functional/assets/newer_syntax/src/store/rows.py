class Row:
    id = 0
    name = ""
