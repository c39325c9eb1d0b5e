# 二.1 choosing the select reactor by hand, as in the tutorial; then, as the Tour does (on
# standard error), the error a second install raises.
import sys

import tour_prelude  # noqa: F401
from twisted.internet import selectreactor

selectreactor.install()
from twisted.internet import reactor  # noqa: E402


def func(arg):
    print(arg)
    reactor.stop()


reactor.callWhenRunning(func, "hello,twisted")
reactor.run()

from twisted.internet import epollreactor  # noqa: E402
from twisted.internet.error import ReactorAlreadyInstalledError  # noqa: E402

try:
    epollreactor.install()
    sys.exit("unexpected: a second reactor was installed")
except ReactorAlreadyInstalledError as error:
    print("ReactorAlreadyInstalledError:", error, file=sys.stderr)
