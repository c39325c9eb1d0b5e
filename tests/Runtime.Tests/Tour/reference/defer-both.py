# 三.4 addBoth, as in the tutorial.
import tour_prelude  # noqa: F401
from twisted.internet import defer


def main(arg):
    deferred = defer.Deferred()
    if arg > 10:
        deferred.callback("func1")
    else:
        deferred.errback(ValueError("错误"))
    return deferred


def bothback(result):
    print(result)


deferred = main(100)
deferred.addBoth(bothback)
