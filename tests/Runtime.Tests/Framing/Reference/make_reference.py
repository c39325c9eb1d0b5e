"""
Writes framing-reference.jsonl: random byte streams, each fed in a random split to Twisted's own
framers (twisted.protocols.basic, Twisted 22.4), with the events Twisted produced. The C# test
TwistedFramingReferenceTests feeds the same chunks to Torsion's framers and expects the same events.

Re-recorded with every other Twisted trace by tools/record-twisted-references.sh (which CI runs and
checks); by hand: /usr/bin/python3 tests/Runtime.Tests/Framing/Reference/make_reference.py
(it needs python3-twisted; the test suite itself never starts Python).
"""
import json
import os
import random
import sys

from twisted.internet.testing import StringTransport
from twisted.protocols import basic

MAX_LINE = 12
CASES = 120


class LineRecorder(basic.LineReceiver):
    MAX_LENGTH = MAX_LINE

    def __init__(self):
        self.events = []
        self.raw_left = 0
        self.raw = b""

    def lineReceived(self, line):
        self.events.append("L:" + line.hex().upper())
        text = line.decode("latin-1")
        if text == "QUIT":
            self.transport.loseConnection()
        elif text.startswith("RAW ") and text[4:].isdigit():
            n = int(text[4:])
            self.raw_left = n
            if n > 0:
                self.setRawMode()
            else:
                self.events.append("R:")

    def rawDataReceived(self, data):
        take = min(self.raw_left, len(data))
        self.raw += data[:take]
        self.raw_left -= take
        if self.raw_left == 0:
            self.events.append("R:" + self.raw.hex().upper())
            self.raw = b""
            self.setLineMode(data[take:])

    def lineLengthExceeded(self, line):
        self.events.append("X:" + line.hex().upper())
        return basic.LineReceiver.lineLengthExceeded(self, line)


class LineOnlyRecorder(basic.LineOnlyReceiver):
    MAX_LENGTH = MAX_LINE

    def __init__(self):
        self.events = []
        self.tail_rule = False

    def lineReceived(self, line):
        self.events.append("L:" + line.hex().upper())
        if line == b"QUIT":
            self.transport.loseConnection()

    def lineLengthExceeded(self, line):
        # Torsion reports an unfinished tail only from MAX + len(delimiter) bytes on, and not once the
        # transport is disconnecting (both documented: Twisted's rules there depend on the split).
        if self._buffer is line and (len(line) < self.MAX_LENGTH + len(self.delimiter) or self.transport.disconnecting):
            self.tail_rule = True
        self.events.append("X:" + line.hex().upper())
        return basic.LineOnlyReceiver.lineLengthExceeded(self, line)


class NetstringRecorder(basic.NetstringReceiver):
    MAX_LENGTH = 30

    def __init__(self):
        self.events = []

    def stringReceived(self, string):
        self.events.append("S:" + string.hex().upper())


def intn(base):
    class Recorder(base):
        MAX_LENGTH = 40

        def __init__(self):
            self.events = []

        def stringReceived(self, string):
            self.events.append("S:" + string.hex().upper())

        def lengthLimitExceeded(self, length):
            self.events.append("X:%d" % length)
            return base.lengthLimitExceeded(self, length)

    return Recorder


def noise(rng, n, alphabet):
    return bytes(rng.choice(alphabet) for _ in range(n))


def line_stream(rng, raw):
    out = b""
    for _ in range(rng.randint(1, 25)):
        k = rng.randrange(10)
        if k == 0:
            out += noise(rng, rng.randint(0, 25), b"ab\r\n")
        elif k == 1 and raw:
            n = rng.randint(0, 15)
            out += b"RAW %d\r\n" % n + noise(rng, n, b"xy\r\n")
        elif k == 2 and rng.randrange(6) == 0:
            out += b"QUIT\r\n"
        elif k == 3:
            out += noise(rng, MAX_LINE - 1 + rng.randrange(4), b"cd") + (b"\r\n" if rng.randrange(2) else b"\r")
        else:
            out += noise(rng, rng.randint(0, MAX_LINE), b"efg") + b"\r\n"
    if rng.randrange(3) == 0:
        out += noise(rng, MAX_LINE - 1 + rng.randrange(5), b"cd\r")
    return out


def netstring_stream(rng):
    out = b""
    for _ in range(rng.randint(1, 20)):
        kind = rng.randrange(30)
        length = rng.randint(0, 30)
        payload = noise(rng, length, b"ab,:0")
        if kind == 0:
            out += b"0%d:" % length
        elif kind == 1:
            out += b"%d:" % (31 + rng.randrange(100000))
        elif kind == 2:
            out += noise(rng, 3, b"1x:")
        else:
            out += b"%d:" % length
        out += payload + (b";" if kind == 3 else b",")
    return out


def intn_stream(rng, prefix):
    out = b""
    for _ in range(rng.randint(1, 20)):
        if rng.randrange(25) == 0:
            length = min(41 + rng.randrange(50), (1 << (8 * prefix)) - 1)
        else:
            length = rng.randint(0, 40)
        out += length.to_bytes(prefix, "big") + noise(rng, min(length, 60), b"\x00\x01ab")
    return out


def split(rng, data):
    chunks = []
    position = 0
    top = 1 + rng.randrange(30)
    while position < len(data):
        size = 1 if rng.randrange(4) == 0 else rng.randint(0, top)
        size = min(size, len(data) - position)
        chunks.append(size)
        position += size
    return chunks


def feed(protocol, data, chunks):
    transport = StringTransport()
    protocol.makeConnection(transport)
    position = 0
    for size in chunks:
        if transport.disconnecting:
            break
        protocol.dataReceived(data[position:position + size])
        position += size
    return transport


def main():
    rng = random.Random(20261204)
    cases = []
    for _ in range(CASES):
        for framer in ("line", "lineonly", "netstring", "int8", "int16", "int32"):
            if framer == "line":
                data, protocol = line_stream(rng, True), LineRecorder()
            elif framer == "lineonly":
                data, protocol = line_stream(rng, False), LineOnlyRecorder()
            elif framer == "netstring":
                data, protocol = netstring_stream(rng), NetstringRecorder()
            else:
                prefix = {"int8": 1, "int16": 2, "int32": 4}[framer]
                base = {1: basic.Int8StringReceiver, 2: basic.Int16StringReceiver, 4: basic.Int32StringReceiver}[prefix]
                data, protocol = intn_stream(rng, prefix), intn(base)()
            chunks = split(rng, data)
            transport = feed(protocol, data, chunks)
            events = list(protocol.events)
            if framer == "netstring" and protocol.brokenPeer:
                events.append("E")
            case = {
                "framer": framer,
                "stream": data.hex().upper(),
                "chunks": chunks,
                "events": events,
                "disconnecting": bool(transport.disconnecting),
            }
            if framer == "lineonly":
                case["tailRule"] = protocol.tail_rule
            cases.append(case)
    # tools/record-twisted-references.sh passes the output path (a temporary file, compared by CI).
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "framing-reference.jsonl")
    with open(path, "w") as out:
        for case in cases:
            out.write(json.dumps(case, separators=(",", ":")) + "\n")
    print("wrote %d cases to %s" % (len(cases), path))


if __name__ == "__main__":
    main()
