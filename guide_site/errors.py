"""The one error the site's build steps raise: the message says what to fix, and where."""


class BuildError(Exception):
    """A build step cannot finish the site; the message names the file or setting at fault."""
