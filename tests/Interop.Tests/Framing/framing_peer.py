"""
Twisted's side of the framing interop tests (FramingInteropTests.cs): a LineReceiver,
Int32StringReceiver or NetstringReceiver server or client on 127.0.0.1.

  framing_peer.py server FRAMER            listen on a free port, print "listening on 127.0.0.1:PORT";
                                           answer each message with it reversed; "quit" closes;
                                           exit when the first connection ends
  framing_peer.py client FRAMER PORT       send the test messages, print each answer as hex, one per
                                           line, then send "quit" and exit when the server closes
  framing_peer.py oversize FRAMER PORT     send one message over the receiver's limit; print
                                           "closed" when the server closes the connection
"""
import sys

from twisted.internet import protocol, reactor
from twisted.protocols import basic


def messages():
    return [b"", b"a", b"hello world", bytes(b for b in range(256) if b not in (10, 13)), b"x" * 16384, b"y" * 5000]


BASES = {
    "line": basic.LineReceiver,
    "int32": basic.Int32StringReceiver,
    "netstring": basic.NetstringReceiver,
}


def send(proto, framer, data):
    if framer == "line":
        proto.sendLine(data)
    else:
        proto.sendString(data)


def make(framer, on_message):
    base = BASES[framer]

    class Peer(base):
        def lineReceived(self, line):
            on_message(self, line)

        def stringReceived(self, string):
            on_message(self, string)

        def connectionLost(self, reason):
            if reactor.running:
                reactor.stop()

    return Peer


def main():
    mode, framer = sys.argv[1], sys.argv[2]
    if mode == "server":
        def answer(proto, message):
            if message == b"quit":
                proto.transport.loseConnection()
            else:
                send(proto, framer, message[::-1])

        port = reactor.listenTCP(0, protocol.Factory.forProtocol(make(framer, answer)), interface="127.0.0.1")
        print("listening on 127.0.0.1:%d" % port.getHost().port, flush=True)
    elif mode == "client":
        expected = messages()
        answers = []

        def collect(proto, message):
            answers.append(message)
            print(message.hex(), flush=True)
            if len(answers) == len(expected):
                send(proto, framer, b"quit")

        class Client(make(framer, collect)):
            def connectionMade(self):
                for message in expected:
                    send(self, framer, message)

        protocol.ClientCreator(reactor, Client).connectTCP("127.0.0.1", int(sys.argv[3]))
    elif mode == "oversize":
        class Oversize(make(framer, lambda proto, message: print("answered", flush=True))):
            def connectionMade(self):
                if framer == "line":
                    self.transport.write(b"z" * 16385 + b"\r\n")
                elif framer == "int32":
                    self.transport.write((100000).to_bytes(4, "big") + b"z" * 100)
                else:
                    self.transport.write(b"100000:" + b"z" * 100)

            def connectionLost(self, reason):
                print("closed", flush=True)
                reactor.stop()

        protocol.ClientCreator(reactor, Oversize).connectTCP("127.0.0.1", int(sys.argv[3]))
    else:
        raise SystemExit("unknown mode " + mode)
    reactor.callLater(60, reactor.stop)  # a hang detector only
    reactor.run()


if __name__ == "__main__":
    main()
