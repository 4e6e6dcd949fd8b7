"""DSN rewriting for per-test schemas and roles (测试隔离)."""

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit


def with_query(dsn: str, **params: str) -> str:
    """Return dsn with params set in its query string, keeping the other parameters.

    asyncpg passes query parameters it does not know (such as search_path) to the
    server as settings, so this is how a DSN pins a schema.
    """
    parts = urlsplit(dsn)
    query = dict(parse_qsl(parts.query)) | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def with_user(dsn: str, user: str) -> str:
    """Return dsn connecting as user, without a password (test servers trust)."""
    parts = urlsplit(dsn)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{quote(user)}@{host}"))
