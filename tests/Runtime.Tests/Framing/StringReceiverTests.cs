using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>Twisted's NetstringReceiver and IntNStringReceiver cases (test_basic.py), in Torsion.</summary>
public sealed class StringReceiverTests
{
    private static byte[] B(string text) => Encoding.Latin1.GetBytes(text);

    private static string S(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private sealed class TestNetstring : NetstringReceiver
    {
        public TestNetstring() => MaxLength = 50;

        public List<string> Received { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data)
        {
            Received.Add(S(data));
            Transport.Write(data);
        }
    }

    private static (TestNetstring Protocol, StringTransport Transport) Netstring()
    {
        var protocol = new TestNetstring();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        return (protocol, transport);
    }

    [Fact]
    public void Netstrings_sent_are_received_for_every_packet_size()
    {
        string[] strings = { "hello", "world", "how", "are", "you123", ":today", new string('a', 515) };
        for (int packet = 1; packet < 10; packet++)
        {
            var sender = new TestNetstring();
            var wire = new StringTransport();
            sender.MakeConnection(wire);
            foreach (string s in strings)
            {
                sender.SendString(B(s));
            }

            var (receiver, _) = Netstring();
            receiver.MaxLength = 699;
            byte[] bytes = wire.Value();
            for (int i = 0; i < bytes.Length; i += packet)
            {
                receiver.DataReceived(bytes.AsSpan(i, Math.Min(packet, bytes.Length - i)));
            }

            Assert.Equal(strings, receiver.Received);
        }
    }

    [Theory]
    [InlineData("9999999999999999999999")]
    [InlineData("abc")]
    [InlineData("4:abcde")]
    [InlineData("51:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab,")]
    [InlineData("2:aaa,")]
    [InlineData("0:a,")]
    [InlineData(":aaa,")]
    [InlineData("3aaa,")]
    [InlineData("aaa,")]
    [InlineData("aaa")]
    [InlineData("01:a,")]
    public void Illegal_netstrings_close_the_connection_and_mark_a_broken_peer(string illegal)
    {
        var (bytewise, transport) = Netstring();
        foreach (byte b in B(illegal))
        {
            bytewise.DataReceived(new[] { b });
        }

        Assert.True(transport.Disconnecting);
        Assert.True(bytewise.BrokenPeer);
        Assert.NotNull(bytewise.ParseError);
        Assert.Empty(bytewise.Received);

        var (whole, wholeTransport) = Netstring();
        whole.DataReceived(B(illegal));
        Assert.True(wholeTransport.Disconnecting);
        Assert.True(whole.BrokenPeer);
    }

    [Theory]
    [InlineData("0:,", "")]
    [InlineData("1:a,", "a")]
    [InlineData("2:ab,", "ab")]
    [InlineData("4:1:a,,", "1:a,")]
    public void Netstrings_are_parsed_including_empty_and_nested_ones(string wire, string expected)
    {
        var (protocol, transport) = Netstring();
        protocol.DataReceived(B(wire));
        Assert.Equal(new[] { expected }, protocol.Received);
        Assert.False(transport.Disconnecting);
    }

    [Fact]
    public void Netstrings_in_portions_are_reassembled()
    {
        var (one, _) = Netstring();
        one.DataReceived(B("4:aa"));
        one.DataReceived(B("aa,"));
        Assert.Equal(new[] { "aaaa" }, one.Received);

        var (two, _) = Netstring();
        foreach (string part in new[] { "1", "0:01234", "56789", "," })
        {
            two.DataReceived(B(part));
        }

        Assert.Equal(new[] { "0123456789" }, two.Received);

        var (three, _) = Netstring();
        three.DataReceived(B("1:a,1"));
        Assert.Equal(new[] { "a" }, three.Received);
        three.DataReceived(B(":b,"));
        Assert.Equal(new[] { "a", "b" }, three.Received);
    }

    [Fact]
    public void A_length_equal_to_MaxLength_is_accepted_and_one_more_is_refused()
    {
        var (atLimit, okTransport) = Netstring();
        atLimit.MaxLength = 12;
        atLimit.DataReceived(B("12:"));
        Assert.False(okTransport.Disconnecting);

        var (overLimit, transport) = Netstring();
        overLimit.MaxLength = 11;
        overLimit.DataReceived(B("12:"));
        Assert.True(transport.Disconnecting);

        var (wayOver, wayTransport) = Netstring();
        wayOver.MaxLength = 11;
        wayOver.DataReceived(B("1000"));
        Assert.True(wayTransport.Disconnecting);

        var (tooLong, tooTransport) = Netstring();
        tooLong.DataReceived(B("51:" + new string('a', 51)));
        Assert.True(tooTransport.Disconnecting);
    }

    [Fact]
    public void Netstrings_keep_being_delivered_after_the_transport_starts_disconnecting()
    {
        var (protocol, transport) = Netstring();
        transport.LoseConnection();
        protocol.DataReceived(B("1:a,1:b,"));
        Assert.Equal(new[] { "a", "b" }, protocol.Received);
    }

    [Fact]
    public void SendString_writes_length_colon_data_comma()
    {
        var (protocol, transport) = Netstring();
        protocol.SendString(B("abc"));
        protocol.SendString(ReadOnlySpan<byte>.Empty);
        Assert.Equal("3:abc,0:,", transport.ValueAsString());
    }

    private sealed class Int32Tester : Int32StringReceiver
    {
        public List<string> Received { get; } = new();

        public List<long> TooLong { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data)
        {
            Received.Add(S(data));
            if (data.SequenceEqual("pause"u8))
            {
                PauseProducing();
            }
        }

        protected override void LengthLimitExceeded(long length)
        {
            TooLong.Add(length);
            base.LengthLimitExceeded(length);
        }
    }

    private sealed class Int16Tester : Int16StringReceiver
    {
        public List<string> Received { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Received.Add(S(data));
    }

    private sealed class Int8Tester : Int8StringReceiver
    {
        public List<string> Received { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Received.Add(S(data));
    }

    [Fact]
    public void Int32_receives_big_endian_prefixed_strings_in_any_packet_size()
    {
        byte[] wire = B("\0\0\0\u0003abc\0\0\0\0\0\0\0\u0001z");
        for (int packet = 1; packet <= wire.Length; packet++)
        {
            var protocol = new Int32Tester();
            protocol.MakeConnection(new StringTransport());
            for (int i = 0; i < wire.Length; i += packet)
            {
                protocol.DataReceived(wire.AsSpan(i, Math.Min(packet, wire.Length - i)));
            }

            Assert.Equal(new[] { "abc", "", "z" }, protocol.Received);
        }
    }

    [Fact]
    public void Int16_and_Int8_send_and_receive_their_prefixes()
    {
        var int16 = new Int16Tester();
        var t16 = new StringTransport();
        int16.MakeConnection(t16);
        int16.SendString(B("hi"));
        Assert.Equal(B("\0\u0002hi"), t16.Value());
        int16.DataReceived(t16.Value());
        Assert.Equal(new[] { "hi" }, int16.Received);

        var int8 = new Int8Tester();
        var t8 = new StringTransport();
        int8.MakeConnection(t8);
        int8.SendString(B("hey"));
        Assert.Equal(B("\u0003hey"), t8.Value());
        int8.DataReceived(t8.Value());
        Assert.Equal(new[] { "hey" }, int8.Received);

        var int32 = new Int32Tester();
        var t32 = new StringTransport();
        int32.MakeConnection(t32);
        int32.SendString(new byte[0x010203]);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, t32.Value().Take(4));
    }

    [Fact]
    public void Partial_prefixes_and_strings_deliver_nothing_byte_by_byte()
    {
        foreach (string partial in new[] { "\0\0\0", "hello there", "\0\0\0\u0005hi", "\0\0\0\u0001" })
        {
            var protocol = new Int32Tester();
            var transport = new StringTransport();
            protocol.MakeConnection(transport);
            foreach (byte b in B(partial))
            {
                protocol.DataReceived(new[] { b });
            }

            Assert.Empty(protocol.Received);
        }
    }

    [Fact]
    public void A_length_above_MaxLength_calls_LengthLimitExceeded_and_closes_without_delivering()
    {
        var protocol = new Int32Tester { MaxLength = 10 };
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.DataReceived(B("\0\0\0\u000bhello world"));
        Assert.Equal(new long[] { 11 }, protocol.TooLong);
        Assert.Empty(protocol.Received);
        Assert.True(transport.Disconnecting);

        var huge = new Int32Tester();
        huge.MakeConnection(new StringTransport());
        huge.DataReceived(new byte[] { 0xff, 0xff, 0xff, 0xff });
        Assert.Equal(new long[] { 4294967295 }, huge.TooLong);
    }

    [Fact]
    public void SendString_too_long_for_the_prefix_throws_StringTooLongException_and_writes_nothing()
    {
        var int8 = new Int8Tester();
        var transport = new StringTransport();
        int8.MakeConnection(transport);
        var error = Assert.Throws<StringTooLongException>(() => int8.SendString(new byte[256]));
        Assert.Equal(256, error.Length);
        Assert.Equal(256, error.Limit);
        int8.SendString(new byte[255]);
        Assert.Equal(256, transport.Value().Length);

        var int16 = new Int16Tester();
        int16.MakeConnection(new StringTransport());
        Assert.Throws<StringTooLongException>(() => int16.SendString(new byte[65536]));
    }

    [Fact]
    public void Pausing_holds_strings_until_ResumeProducing_delivers_them()
    {
        var protocol = new Int32Tester();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        var sender = new Int32Tester();
        var wire = new StringTransport();
        sender.MakeConnection(wire);
        sender.SendString(B("a"));
        sender.SendString(B("pause"));
        sender.SendString(B("b"));
        sender.SendString(B("c"));
        protocol.DataReceived(wire.Value());
        Assert.Equal(new[] { "a", "pause" }, protocol.Received);
        Assert.True(protocol.Paused);
        Assert.Equal(ProducerState.Paused, transport.ProducerState);
        protocol.ResumeProducing();
        Assert.Equal(new[] { "a", "pause", "b", "c" }, protocol.Received);
    }

    [Fact]
    public void ClearBuffer_returns_the_unparsed_bytes()
    {
        var protocol = new Int32Tester();
        protocol.MakeConnection(new StringTransport());
        protocol.DataReceived(B("\0\0\0\u0005ab"));
        Assert.Equal(B("\0\0\0\u0005ab"), protocol.ClearBuffer());
        protocol.DataReceived(B("\0\0\0\u0001x"));
        Assert.Equal(new[] { "x" }, protocol.Received);
    }
}
