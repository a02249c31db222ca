from axes.backends import AxesStandaloneBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-in while the account or the address is locked out (django-axes)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Every web sign-in form passes the request. Only code without one (management
        # commands, the test client's login()) reaches here without it, and no attacker can
        # repeat guesses through those, so there is nothing to throttle.
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
