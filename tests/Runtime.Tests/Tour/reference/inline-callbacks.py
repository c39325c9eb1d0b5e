# 三.5 inlineCallbacks, as in the tutorial, which runs forever; like the Tour it stops the
# reactor once main's Deferred has fired.
import tour_prelude  # noqa: F401
from twisted.internet import defer, reactor


def func1(num):
    num += 1
    print("func1执行了")
    deferred = defer.Deferred()
    reactor.callLater(5, deferred.callback, num + 1)
    return deferred


def func2(num):
    num += 1
    print("func2执行了")
    deferred = defer.Deferred()
    reactor.callLater(5, deferred.callback, num + 1)
    return deferred


def func3(num):
    num += 1
    print("func3执行了")
    deferred = defer.Deferred()
    reactor.callLater(5, deferred.callback, num + 1)
    return deferred


@defer.inlineCallbacks
def main():
    res1 = yield func1(100)
    print(res1)
    res2 = yield func2(100)
    print(res2)
    res3 = yield func3(100)
    print(res3)


main().addBoth(lambda _: reactor.stop())
reactor.run()
