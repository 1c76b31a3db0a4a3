from lib import helper


def oops(:
    return helper()
