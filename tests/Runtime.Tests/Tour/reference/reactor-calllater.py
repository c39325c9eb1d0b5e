# 二.2 callLater with a delay, as in the tutorial.
import tour_prelude  # noqa: F401
from twisted.internet import reactor


def stop(arg):
    print(arg)
    reactor.stop()


def func(arg):
    print(arg)
    reactor.callLater(5, stop, "stop被执行了")
    print("它是异步的")


reactor.callWhenRunning(func, "hello,twisted")
reactor.run()
