"""A team binder's address as shown: never its password (in the user part or the options),
and an address without a host (the local socket) still an address."""

from app.team_address import is_team_address, shown


def test_the_password_is_never_shown():
    assert shown("postgresql://anna:s3cret@server:5432/sales") == \
        "postgresql://anna@server:5432/sales"
    assert shown("postgresql://anna@server/sales?password=s3cret&sslmode=require") == \
        "postgresql://anna@server/sales?sslmode=require"


def test_an_address_without_a_host_stays_an_address():
    assert shown("postgresql:///sales?host=/tmp") == "postgresql:///sales?host=%2Ftmp"
    assert is_team_address(shown("postgresql:///sales?host=/tmp"))
    assert not is_team_address("/home/anna/sales.rbinder")
