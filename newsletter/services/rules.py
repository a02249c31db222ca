"""The newsletter's error, shown to the person whose action it refused."""


class NewsletterError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
