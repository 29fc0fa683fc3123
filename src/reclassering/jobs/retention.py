"""placeholder"""


class Retention:
    name = "retention"
    description = ""
