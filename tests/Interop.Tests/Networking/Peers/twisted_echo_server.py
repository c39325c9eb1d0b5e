# A Twisted echo server for the Torsion interop tests: listens on 127.0.0.1 (port 0), prints
# "listening on <port>", echoes every byte, and closes once the client half-closes (the protocol is
# half-closeable, so the peer's FIN arrives as readConnectionLost). Exits when stdin closes.
import sys

from zope.interface import implementer
from twisted.internet import reactor, stdio
from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import Factory, Protocol


@implementer(IHalfCloseableProtocol)
class Echo(Protocol):
    def dataReceived(self, data):
        self.transport.write(data)

    def readConnectionLost(self):
        self.transport.loseConnection()

    def writeConnectionLost(self):
        pass


class StopOnStdinClose(Protocol):
    def connectionLost(self, reason):
        if reactor.running:
            reactor.stop()


port = reactor.listenTCP(0, Factory.forProtocol(Echo), interface="127.0.0.1")
print("listening on %d" % port.getHost().port, flush=True)
stdio.StandardIO(StopOnStdinClose())
reactor.run()
