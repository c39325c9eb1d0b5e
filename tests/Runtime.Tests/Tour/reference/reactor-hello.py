# 二.1 hello world, as in the tutorial.
import tour_prelude  # noqa: F401
from twisted.internet import reactor


def func(arg):
    print(arg)
    reactor.stop()


reactor.callWhenRunning(func, "hello,twisted")
reactor.run()
