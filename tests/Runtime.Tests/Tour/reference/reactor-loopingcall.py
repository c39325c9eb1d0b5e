# 二.2 task.LoopingCall, as in the tutorial, which runs until stopped; like the Tour it calls
# loop.stop() after three calls and stops the reactor when the loop's Deferred fires.
import tour_prelude  # noqa: F401
from twisted.internet import reactor, task

CALLS = 3
calls = 0
loop = None


def foo(arg):
    global calls
    print(arg)
    calls += 1
    if calls == CALLS:
        loop.stop()


def main():
    global loop
    loop = task.LoopingCall(foo, "hello")
    loop.start(interval=3, now=False).addCallback(lambda _: reactor.stop())
    print("main执行完毕")


reactor.callWhenRunning(main)
reactor.run()
