"""
Twisted's side of OversizedFramesInteropTests.cs: connects to 127.0.0.1:PORT, writes one frame over
the receiver's limit for FRAMER (a 16385-byte line, an Int32 prefix of 100000, a netstring length of
100000), prints "answered" if anything comes back and "closed" when the server closes the connection.

    twisted_oversize_client.py FRAMER PORT
"""
import sys

from twisted.internet import protocol, reactor


class Oversize(protocol.Protocol):
    def connectionMade(self):
        framer = sys.argv[1]
        if framer == "line":
            self.transport.write(b"z" * 16385 + b"\r\n")
        elif framer == "int32":
            self.transport.write((100000).to_bytes(4, "big") + b"z" * 100)
        elif framer == "netstring":
            self.transport.write(b"100000:" + b"z" * 100)
        else:
            raise SystemExit("unknown framer " + framer)

    def dataReceived(self, data):
        print("answered", flush=True)

    def connectionLost(self, reason):
        print("closed", flush=True)
        reactor.stop()


def main():
    protocol.ClientCreator(reactor, Oversize).connectTCP("127.0.0.1", int(sys.argv[2]))
    reactor.callLater(60, reactor.stop)  # a hang detector only
    reactor.run()


if __name__ == "__main__":
    main()
