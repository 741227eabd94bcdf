import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from editorial.roles import EDITORS, PUBLISHERS


def make_user(username, *groups, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pw")
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def alice(db):
    """Alice is a superuser."""
    return make_user("alice", superuser=True)


@pytest.fixture
def bob(db):
    """Bob is a publisher."""
    return make_user("bob", PUBLISHERS)


@pytest.fixture
def carol(db):
    """Carol is an editor."""
    return make_user("carol", EDITORS)
