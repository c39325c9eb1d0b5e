using System;
using System.Collections.Generic;
using System.Net;
using Torsion.Endpoints;
using Torsion.Testing;

namespace Torsion.Tests.Endpoints;

/// <summary>
/// ServerFromString/ClientFromString follow Twisted's grammar; the expected splits are what Twisted
/// 22.4's <c>endpoints._parse</c> returns for the same strings.
/// </summary>
public sealed class EndpointStringTests
{
    public static IEnumerable<object[]> TwistedParses() => new[]
    {
        new object[] { "tcp:80:interface=127.0.0.1", new[] { "tcp", "80" }, new[] { "interface=127.0.0.1" } },
        new object[] { "a:b=c=d:e", new[] { "a", "e" }, new[] { "b=c=d" } },
        new object[] { @"tcp:\:x\=y:a\\b", new[] { "tcp", ":x=y", @"a\b" }, Array.Empty<string>() },
        new object[] { "tcp::80", new[] { "tcp", "", "80" }, Array.Empty<string>() },
        new object[] { "", new[] { "" }, Array.Empty<string>() },
        new object[] { "tcp:80:=x", new[] { "tcp", "80" }, new[] { "=x" } },
        new object[] { "a:b:d=1:c", new[] { "a", "b", "c" }, new[] { "d=1" } },
        new object[] { "tcp:port=1:port=2", new[] { "tcp" }, new[] { "port=2" } },
    };

    [Theory]
    [MemberData(nameof(TwistedParses))]
    public void Parse_splits_like_Twisted(string description, string[] arguments, string[] keywords)
    {
        EndpointDescription parsed = EndpointStrings.Parse(description);
        Assert.Equal(arguments, parsed.Arguments);
        var actual = new List<string>();
        foreach (KeyValuePair<string, string> pair in parsed.Keywords)
        {
            actual.Add(pair.Key + "=" + pair.Value);
        }

        Assert.Equal(keywords, actual);
    }

    [Fact]
    public void A_trailing_lone_backslash_is_an_error_and_QuoteStringArgument_round_trips()
    {
        Assert.Throws<ArgumentException>(() => EndpointStrings.Parse(@"tcp:80\"));
        string value = @"C:\path:with:colons";
        EndpointDescription parsed = EndpointStrings.Parse("x:" + EndpointStrings.QuoteStringArgument(value));
        Assert.Equal(value, parsed.Arguments[1]);
        Assert.Equal(@"C\:\\path\:with\:colons", EndpointStrings.QuoteStringArgument(value));
    }

    private static TcpServerEndpoint Server(string description) => Assert.IsType<TcpServerEndpoint>(EndpointStrings.ServerFromString(new MemoryReactor(), description));

    private static TcpClientEndpoint Client(string description) => Assert.IsType<TcpClientEndpoint>(EndpointStrings.ClientFromString(new MemoryReactor(), description));

    [Fact]
    public void Server_strings_take_port_interface_backlog_by_position_or_name()
    {
        TcpServerEndpoint plain = Server("tcp:8080");
        Assert.Equal((8080, "", 50), (plain.Port, plain.Interface, plain.Backlog));
        TcpServerEndpoint named = Server("tcp:8080:interface=127.0.0.1:backlog=7");
        Assert.Equal((8080, "127.0.0.1", 7), (named.Port, named.Interface, named.Backlog));
        TcpServerEndpoint positional = Server("tcp:0:127.0.0.1:9");
        Assert.Equal((0, "127.0.0.1", 9), (positional.Port, positional.Interface, positional.Backlog));
        TcpServerEndpoint byName = Server("tcp:port=81");
        Assert.Equal(81, byName.Port);
        TcpServerEndpoint upper = Server("TCP:82");
        Assert.Equal(82, upper.Port);
    }

    [Fact]
    public void Tcp6_servers_listen_on_all_IPv6_addresses_by_default_and_take_escaped_literals()
    {
        Assert.Equal("::", Server("tcp6:8080").Interface);
        Assert.Equal("::1", Server(@"tcp6:8080:interface=\:\:1").Interface);
        Assert.Throws<ArgumentException>(() => Server("tcp6:8080:interface=127.0.0.1"));
    }

    [Theory]
    [InlineData("tcp", "no port")]
    [InlineData("tcp:http", "port 'http'")]
    [InlineData("tcp:70000", "out of range")]
    [InlineData("tcp:80:port=81", "given twice")]
    [InlineData("tcp:80:mode=660", "Unexpected parameter 'mode'")]
    [InlineData("tcp:80:a:1:extra", "Too many arguments")]
    [InlineData("tcp:80:backlog=0", "backlog 0")]
    [InlineData("", "cannot be empty")]
    public void Bad_server_strings_give_an_ArgumentException_naming_the_problem(string description, string fragment)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => EndpointStrings.ServerFromString(new MemoryReactor(), description));
        Assert.Contains(fragment, error.Message);
    }

    [Theory]
    [InlineData("foo:80", "foo")]
    [InlineData("ssl:443:privateKey=key.pem", "ssl")]
    [InlineData("unix:/var/run/x", "unix")]
    public void Unknown_types_are_rejected_naming_the_prefix(string description, string prefix)
    {
        var server = Assert.Throws<UnknownEndpointTypeException>(() => EndpointStrings.ServerFromString(new MemoryReactor(), description));
        Assert.Equal(prefix, server.EndpointType);
        Assert.StartsWith($"Unknown endpoint type: '{prefix}'", server.Message);
        var client = Assert.Throws<UnknownEndpointTypeException>(() => EndpointStrings.ClientFromString(new MemoryReactor(), description));
        Assert.Equal(prefix, client.EndpointType);
        if (prefix != "foo")
        {
            Assert.Contains("part 2", server.Message);
        }
    }

    [Theory]
    [InlineData("tcp:example.com:80")]
    [InlineData("tcp:host=example.com:port=80")]
    [InlineData("tcp:host=example.com:80")]
    [InlineData("tcp:example.com:port=80")]
    [InlineData("TCP:example.com:80")]
    public void Client_strings_take_host_and_port_by_position_or_name(string description)
    {
        TcpClientEndpoint endpoint = Client(description);
        Assert.Equal(("example.com", 80, TimeSpan.FromSeconds(30)), (endpoint.Host, endpoint.Port, endpoint.Timeout));
        Assert.Null(endpoint.BindAddress);
    }

    [Fact]
    public void Client_strings_take_timeout_and_bindAddress_and_tcp6_literals()
    {
        TcpClientEndpoint endpoint = Client("tcp:host=example.com:port=80:timeout=9:bindAddress=192.0.2.100");
        Assert.Equal(TimeSpan.FromSeconds(9), endpoint.Timeout);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.100"), 0), endpoint.BindAddress);
        Assert.Equal("::1", Client(@"tcp6:\:\:1:80").Host);
        Assert.Throws<ArgumentException>(() => Client("tcp6:127.0.0.1:80"));
    }

    [Theory]
    [InlineData("tcp:example.com", "no port")]
    [InlineData("tcp:port=80", "no host")]
    [InlineData("tcp:example.com:0", "out of range")]
    [InlineData("tcp:example.com:80:timeout=soon", "timeout 'soon'")]
    [InlineData("tcp:example.com:80:bindAddress=nowhere", "bindAddress 'nowhere'")]
    [InlineData("tcp:example.com:80:interface=x", "Unexpected parameter 'interface'")]
    [InlineData("tcp:a:80:extra", "Too many arguments")]
    public void Bad_client_strings_give_an_ArgumentException_naming_the_problem(string description, string fragment)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => EndpointStrings.ClientFromString(new MemoryReactor(), description));
        Assert.Contains(fragment, error.Message);
    }
}
