# 三.4 a chain of callbacks, each getting the previous one's result, as in the tutorial.
import tour_prelude  # noqa: F401
from twisted.internet import defer


def main(num):
    deferred = defer.Deferred()
    deferred.callback(num)
    return deferred


def callback1(num):
    num += 1
    print("callback1")
    print(num)
    return num


def callback2(num):
    num += 1
    print("callback2")
    print(num)
    return num


def callback3(num):
    num += 1
    print("callback3")
    print(num)
    return num


deferred = main(100)
deferred.addCallback(callback1).addCallback(callback2).addCallback(callback3)
