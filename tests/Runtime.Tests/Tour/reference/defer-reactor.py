# 三.2 a Deferred fired by the reactor, as in the tutorial.
import tour_prelude  # noqa: F401
from twisted.internet import defer, reactor


def func(arg):
    deferred = defer.Deferred()
    reactor.callLater(3, deferred.callback, arg)
    return deferred


def foo(arg):
    print(arg + 1)
    reactor.stop()


deferred = func(3)
print("已经获得deferred对象")
deferred.addCallback(foo)
print("回调函数注册成功")
reactor.run()
