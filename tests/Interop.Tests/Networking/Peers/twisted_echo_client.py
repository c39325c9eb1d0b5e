# A Twisted client for the Torsion interop tests: connects to 127.0.0.1:<port>, sends <size> bytes
# (a seeded pseudo-random stream in seeded random chunk sizes), half-closes with loseWriteConnection,
# reads the echo until the server closes, and prints
#   sent <sha256> / received <sha256> <count> / events <list of callbacks>
import hashlib
import random
import sys

from zope.interface import implementer
from twisted.internet import reactor
from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import ClientFactory, Protocol

port, size, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
sent_hash = hashlib.sha256()
received_hash = hashlib.sha256()
state = {"received": 0, "events": []}


@implementer(IHalfCloseableProtocol)
class Sender(Protocol):
    def connectionMade(self):
        remaining = size
        while remaining > 0:
            n = min(rng.randint(1, 70000), remaining)
            chunk = rng.getrandbits(8 * n).to_bytes(n, "little")
            sent_hash.update(chunk)
            self.transport.write(chunk)
            remaining -= n
        self.transport.loseWriteConnection()

    def dataReceived(self, data):
        received_hash.update(data)
        state["received"] += len(data)

    def readConnectionLost(self):
        state["events"].append("readConnectionLost")
        self.transport.loseConnection()

    def writeConnectionLost(self):
        state["events"].append("writeConnectionLost")

    def connectionLost(self, reason):
        state["events"].append("connectionLost:" + reason.type.__name__)
        reactor.stop()


class Once(ClientFactory):
    protocol = Sender

    def clientConnectionFailed(self, connector, reason):
        print("failed", reason.getErrorMessage(), flush=True)
        reactor.stop()


reactor.connectTCP("127.0.0.1", port, Once(), timeout=10)
reactor.callLater(120, reactor.stop)
reactor.run()
print("sent", sent_hash.hexdigest(), flush=True)
print("received", received_hash.hexdigest(), state["received"], flush=True)
print("events", ",".join(state["events"]), flush=True)
