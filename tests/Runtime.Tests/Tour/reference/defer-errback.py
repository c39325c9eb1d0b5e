# 三.3 the error callback, as in the tutorial, which runs forever; like the Tour it stops the
# reactor once the chain is done.
import tour_prelude  # noqa: F401
from twisted.internet import defer, reactor


def func(arg):
    deferred = defer.Deferred()
    if arg > 10:
        reactor.callLater(3, deferred.callback, arg)
    else:
        reactor.callLater(3, deferred.errback, ValueError("值错误"))
    return deferred


def foo(arg):
    print(arg + 1)


def errback(error):
    print(error.value)
    print(error.type)
    print("如果出现异常就执行errback")


deferred = func(3)
print("已经获得deferred对象")
deferred.addCallback(foo)
deferred.addErrback(errback)
print("回调函数注册成功")
deferred.addBoth(lambda _: reactor.stop())
reactor.run()
