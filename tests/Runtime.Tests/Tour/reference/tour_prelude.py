"""Imported first by every reference script: scales every delay by TOUR_TIME_SCALE.

The Tour's --fast divides each delay by 100; the test runs these scripts with
TOUR_TIME_SCALE=0.01 so both sides wait the same (short) times. Only timing changes:
reactor.callLater (which task.LoopingCall also uses) and time.sleep. Importing
twisted.internet.base installs no reactor, so a script can still choose one.
"""
import os
import time

from twisted.internet import base

SCALE = float(os.environ.get("TOUR_TIME_SCALE", "1"))

_call_later = base.ReactorBase.callLater


def _scaled_call_later(self, delay, callable, *args, **kw):
    return _call_later(self, delay * SCALE, callable, *args, **kw)


base.ReactorBase.callLater = _scaled_call_later

_sleep = time.sleep
time.sleep = lambda seconds: _sleep(seconds * SCALE)
