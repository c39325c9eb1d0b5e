# Framing interop peer for the Torsion tests. Usage:
#   twisted_framer_peer.py MODE server            -> prints "listening on <port>"; replies b"echo:"+m to
#                                                    each message m; closes on b"quit"; exits when stdin closes
#   twisted_framer_peer.py MODE client PORT N SEED -> sends N seeded messages then b"quit", prints
#                                                    "ok <n>" when every reply is b"echo:"+message, else "mismatch ..."
# MODE is line (LineReceiver), int32 (Int32StringReceiver) or netstring (NetstringReceiver).
import random
import string
import sys

from twisted.internet import reactor, stdio
from twisted.internet.protocol import ClientFactory, Factory, Protocol
from twisted.protocols.basic import Int32StringReceiver, LineReceiver, NetstringReceiver

mode, role = sys.argv[1], sys.argv[2]
base = {"line": LineReceiver, "int32": Int32StringReceiver, "netstring": NetstringReceiver}[mode]


def send(proto, message):
    if mode == "line":
        proto.sendLine(message)
    else:
        proto.sendString(message)


def on_message(proto, message):
    if mode == "line":
        proto.lineReceived(message)
    else:
        proto.stringReceived(message)


class Server(base):
    def handle(self, message):
        if message == b"quit":
            self.transport.loseConnection()
        else:
            send(self, b"echo:" + message)

    def lineReceived(self, line):
        self.handle(line)

    def stringReceived(self, s):
        self.handle(s)


class StopOnStdinClose(Protocol):
    def connectionLost(self, reason):
        if reactor.running:
            reactor.stop()


if role == "server":
    port = reactor.listenTCP(0, Factory.forProtocol(Server), interface="127.0.0.1")
    print("listening on %d" % port.getHost().port, flush=True)
    stdio.StandardIO(StopOnStdinClose())
    reactor.run()
    sys.exit(0)

port, count, seed = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
alphabet = (string.ascii_letters + string.digits + " :,").encode()
messages = [bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 2000))) for _ in range(count)]
replies = []


class Client(base):
    def connectionMade(self):
        for m in messages:
            send(self, m)
        send(self, b"quit")

    def lineReceived(self, line):
        replies.append(line)

    def stringReceived(self, s):
        replies.append(s)

    def connectionLost(self, reason):
        reactor.stop()


class Once(ClientFactory):
    protocol = Client

    def clientConnectionFailed(self, connector, reason):
        print("failed", reason.getErrorMessage(), flush=True)
        reactor.stop()


reactor.connectTCP("127.0.0.1", port, Once(), timeout=10)
reactor.callLater(60, reactor.stop)
reactor.run()
expected = [b"echo:" + m for m in messages]
if replies == expected:
    print("ok %d" % len(replies), flush=True)
else:
    first = next((i for i, (a, b) in enumerate(zip(replies, expected)) if a != b), min(len(replies), len(expected)))
    print("mismatch %d replies, first difference at %d" % (len(replies), first), flush=True)
