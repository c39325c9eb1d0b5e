# 三.1 quick use, as in the tutorial (no reactor).
import time

import tour_prelude  # noqa: F401
from twisted.internet import defer


def func(arg):
    deferred = defer.Deferred()
    deferred.callback(arg)
    return deferred


def foo(arg):
    time.sleep(2)
    print(arg + 1)


deferred = func(3)
print("已经获得deferred对象")
deferred.addCallback(foo)
