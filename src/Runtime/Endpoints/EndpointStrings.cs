using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Torsion.Endpoints;

/// <summary>
/// Makes endpoints from Twisted-style strings (Twisted's <c>serverFromString</c> and
/// <c>clientFromString</c>): <c>"tcp:8080:interface=127.0.0.1:backlog=50"</c>,
/// <c>"tcp:host=example.com:port=80:timeout=30:bindAddress=192.0.2.1"</c>, <c>"tcp:example.com:80"</c>.
/// </summary>
/// <remarks>
/// <para>
/// Grammar (Twisted's): <c>:</c> separates parameters; in a parameter, the first <c>=</c> separates a
/// keyword from its value (later ones belong to the value); <c>\</c> makes the next character literal,
/// so <c>\:</c> and <c>\=</c> put a colon or an equals sign in a value (IPv6 addresses:
/// <c>tcp6:8080:interface=\:\:1</c>). The first parameter is the endpoint type.
/// </para>
/// <para>
/// Types: <c>tcp</c> and <c>tcp6</c>. Servers take <c>port</c>, <c>interface</c>, <c>backlog</c> (by
/// position in that order or by name; <c>tcp6</c> listens on <c>"::"</c> unless given an interface).
/// Clients take <c>host</c> and <c>port</c> (by position or by name) and <c>timeout</c> (whole seconds,
/// 30 unless given) and <c>bindAddress</c> by name. Every error is an <see cref="ArgumentException"/> whose
/// message names the parameter; an unknown type is an <see cref="UnknownEndpointTypeException"/>.
/// </para>
/// <para>
/// Deliberate differences from Twisted: type names are matched without regard to case for servers too
/// (Twisted's server parser only knows lowercase <c>tcp</c>); <c>tcp6</c> also works for clients (Twisted
/// has only a server parser for it), refusing an IPv4 literal; extra positional arguments are an error
/// (Twisted's client parser ignores them); a description ending in a lone <c>\</c> is an error.
/// </para>
/// </remarks>
public static class EndpointStrings
{
    private static readonly string[] ServerParameters = { "port", "interface", "backlog" };

    /// <summary>
    /// Splits <paramref name="description"/> with Twisted's grammar (Twisted's <c>_parse</c>): for example
    /// <c>"tcp:80:interface=127.0.0.1"</c> gives arguments <c>["tcp", "80"]</c> and keywords
    /// <c>{interface: "127.0.0.1"}</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="description"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> ends with an unescaped backslash.</exception>
    public static EndpointDescription Parse(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var arguments = new List<string>();
        var keywords = new Dictionary<string, string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        string? keyword = null;
        for (int i = 0; i < description.Length; i++)
        {
            char c = description[i];
            if (c == '\\')
            {
                if (i + 1 == description.Length)
                {
                    throw new ArgumentException($"The endpoint description '{description}' ends with a backslash that escapes nothing.", nameof(description));
                }

                current.Append(description[++i]);
            }
            else if (c == ':')
            {
                Add(arguments, keywords, keyword, current.ToString());
                keyword = null;
                current.Clear();
            }
            else if (c == '=' && keyword is null)
            {
                keyword = current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        Add(arguments, keywords, keyword, current.ToString());
        return new EndpointDescription(arguments, keywords);
    }

    private static void Add(List<string> arguments, Dictionary<string, string> keywords, string? keyword, string value)
    {
        if (keyword is null)
        {
            arguments.Add(value);
        }
        else
        {
            keywords[keyword] = value;
        }
    }

    /// <summary>Escapes <c>\</c> and <c>:</c> in <paramref name="argument"/> so it can be one value of an endpoint string (Twisted's <c>quoteStringArgument</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="argument"/> is null.</exception>
    public static string QuoteStringArgument(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return argument.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);
    }

    /// <summary>Makes the server endpoint <paramref name="description"/> describes (Twisted's <c>serverFromString</c>).</summary>
    /// <param name="reactor">The reactor the endpoint listens with.</param>
    /// <param name="description">For example <c>"tcp:8080"</c>, <c>"tcp:0:interface=127.0.0.1"</c>, <c>"tcp6:8080"</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="UnknownEndpointTypeException">The type is not <c>tcp</c> or <c>tcp6</c>.</exception>
    /// <exception cref="ArgumentException">A parameter is missing, unknown, given twice, or not valid.</exception>
    public static IStreamServerEndpoint ServerFromString(IReactorTcp reactor, string description)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        EndpointDescription parsed = Parse(description);
        string type = CheckType(parsed, description);
        bool six = type == "tcp6";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < parsed.Arguments.Count; i++)
        {
            if (i - 1 >= ServerParameters.Length)
            {
                throw new ArgumentException($"Too many arguments in '{description}': a {type}: server endpoint takes at most port, interface and backlog.", nameof(description));
            }

            values[ServerParameters[i - 1]] = parsed.Arguments[i];
        }

        foreach (KeyValuePair<string, string> pair in parsed.Keywords)
        {
            if (Array.IndexOf(ServerParameters, pair.Key) < 0)
            {
                throw new ArgumentException($"Unexpected parameter '{pair.Key}' in '{description}': a {type}: server endpoint takes port, interface and backlog.", nameof(description));
            }

            if (!values.TryAdd(pair.Key, pair.Value))
            {
                throw new ArgumentException($"Parameter '{pair.Key}' is given twice in '{description}' (by position and by name).", nameof(description));
            }
        }

        if (!values.TryGetValue("port", out string? portText))
        {
            throw new ArgumentException($"'{description}' has no port: a {type}: server endpoint needs one (for example '{type}:8080').", nameof(description));
        }

        int port = ParseInteger(portText, "port", description, 0, 65535);
        int backlog = values.TryGetValue("backlog", out string? backlogText) ? ParseInteger(backlogText, "backlog", description, 1, int.MaxValue) : 50;
        string interfaceAddress = values.TryGetValue("interface", out string? iface) ? iface : (six ? "::" : "");
        if (six && interfaceAddress.Length > 0 && IPAddress.TryParse(interfaceAddress, out IPAddress? address) && address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"Interface '{interfaceAddress}' in '{description}' is not an IPv6 address, which a tcp6: endpoint needs.", nameof(description));
        }

        return new TcpServerEndpoint(reactor, port, backlog, interfaceAddress);
    }

    /// <summary>Makes the client endpoint <paramref name="description"/> describes (Twisted's <c>clientFromString</c>).</summary>
    /// <param name="reactor">The reactor the endpoint connects with.</param>
    /// <param name="description">For example <c>"tcp:127.0.0.1:8080"</c> or <c>"tcp:host=example.com:port=80:timeout=10"</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="UnknownEndpointTypeException">The type is not <c>tcp</c> or <c>tcp6</c>.</exception>
    /// <exception cref="ArgumentException">A parameter is missing, unknown or not valid.</exception>
    public static IStreamClientEndpoint ClientFromString(IReactorTcp reactor, string description)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        EndpointDescription parsed = Parse(description);
        string type = CheckType(parsed, description);
        var values = new Dictionary<string, string>(parsed.Keywords, StringComparer.Ordinal);
        foreach (string key in values.Keys)
        {
            if (key is not ("host" or "port" or "timeout" or "bindAddress"))
            {
                throw new ArgumentException($"Unexpected parameter '{key}' in '{description}': a {type}: client endpoint takes host, port, timeout and bindAddress.", nameof(description));
            }
        }

        int positional = parsed.Arguments.Count - 1;
        if (positional > 2)
        {
            throw new ArgumentException($"Too many arguments in '{description}': a {type}: client endpoint takes host and port by position, the rest by name.", nameof(description));
        }

        if (positional == 2)
        {
            values["host"] = parsed.Arguments[1];
            values["port"] = parsed.Arguments[2];
        }
        else if (positional == 1)
        {
            values[values.ContainsKey("host") ? "port" : "host"] = parsed.Arguments[1];
        }

        if (!values.TryGetValue("host", out string? host) || host.Length == 0)
        {
            throw new ArgumentException($"'{description}' has no host: a {type}: client endpoint needs one (for example '{type}:example.com:80').", nameof(description));
        }

        if (!values.TryGetValue("port", out string? portText))
        {
            throw new ArgumentException($"'{description}' has no port: a {type}: client endpoint needs one (for example '{type}:{host}:80').", nameof(description));
        }

        int port = ParseInteger(portText, "port", description, 1, 65535);
        TimeSpan timeout = TimeSpan.FromSeconds(values.TryGetValue("timeout", out string? timeoutText) ? ParseInteger(timeoutText, "timeout", description, 1, int.MaxValue) : 30);
        IPEndPoint? bindAddress = null;
        if (values.TryGetValue("bindAddress", out string? bindText))
        {
            if (!IPAddress.TryParse(bindText, out IPAddress? bind))
            {
                throw new ArgumentException($"bindAddress '{bindText}' in '{description}' is not an IP address.", nameof(description));
            }

            bindAddress = new IPEndPoint(bind, 0);
        }

        if (type == "tcp6" && IPAddress.TryParse(host, out IPAddress? literal) && literal.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"Host '{host}' in '{description}' is an IPv4 address; a tcp6: endpoint needs an IPv6 address or a name.", nameof(description));
        }

        return new TcpClientEndpoint(reactor, host, port, timeout, bindAddress);
    }

    private static string CheckType(EndpointDescription parsed, string description)
    {
        string written = parsed.Arguments.Count > 0 ? parsed.Arguments[0] : "";
        if (description.Length == 0)
        {
            throw new ArgumentException("An endpoint description cannot be empty: write for example 'tcp:8080'.", nameof(description));
        }

        string type = written.ToLowerInvariant();
        if (type is "tcp" or "tcp6")
        {
            return type;
        }

        if (type is "ssl" or "tls" or "unix")
        {
            throw new UnknownEndpointTypeException(written, $"Unknown endpoint type: '{written}' ({type}: endpoints come in part 2 of Torsion's networking; this version has tcp: and tcp6:).");
        }

        throw new UnknownEndpointTypeException(written, $"Unknown endpoint type: '{written}' (known types: tcp, tcp6).");
    }

    private static int ParseInteger(string text, string name, string description, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw new ArgumentException($"{name} '{text}' in '{description}' is not an integer.", nameof(description));
        }

        if (value < min || value > max)
        {
            throw new ArgumentException($"{name} {value} in '{description}' is out of range ({min} to {max}).", nameof(description));
        }

        return value;
    }
}
