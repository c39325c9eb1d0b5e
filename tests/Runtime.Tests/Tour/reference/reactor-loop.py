# 二.2 a loop made of callLater, as in the tutorial, which runs forever; like the Tour it stops
# after the three rounds the tutorial's output shows.
import tour_prelude  # noqa: F401
from twisted.internet import reactor

ROUNDS = 3
rounds = 0


def loop(arg):
    global rounds
    print(arg)
    rounds += 1
    if rounds == ROUNDS:
        reactor.stop()
        return
    reactor.callLater(5, func)


def func():
    reactor.callLater(5, loop, "loop调用...")
    print("它是异步的")


reactor.callWhenRunning(func)
reactor.run()
