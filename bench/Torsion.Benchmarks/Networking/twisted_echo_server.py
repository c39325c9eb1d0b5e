# Twisted's echo server for the networking benchmark: epoll reactor, 127.0.0.1:0, prints
# "listening on <port>", TCP_NODELAY on each connection, exits when standard input closes.
from twisted.internet import epollreactor

epollreactor.install()

from twisted.internet import reactor, stdio  # noqa: E402
from twisted.internet.protocol import Factory, Protocol  # noqa: E402


class Echo(Protocol):
    def connectionMade(self):
        self.transport.setTcpNoDelay(True)

    def dataReceived(self, data):
        self.transport.write(data)


class StopOnStdinClose(Protocol):
    def connectionLost(self, reason):
        if reactor.running:
            reactor.stop()


port = reactor.listenTCP(0, Factory.forProtocol(Echo), backlog=512, interface="127.0.0.1")
print("listening on %d" % port.getHost().port, flush=True)
stdio.StandardIO(StopOnStdinClose())
reactor.run()
