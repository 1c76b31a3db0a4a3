from lib import helper
