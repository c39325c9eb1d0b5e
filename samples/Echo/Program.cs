using System;
using System.IO;
using System.Threading;
using Torsion;
using Torsion.Endpoints;
using Torsion.Samples.Echo;

// An echo server and client on Torsion endpoints.
//   dotnet run --project samples/Echo -- server tcp:0:interface=127.0.0.1
//   dotnet run --project samples/Echo -- client tcp:127.0.0.1:<port>     (echoes standard input)
// The server prints "listening on <host>:<port>" once it listens and runs until Ctrl+C or SIGTERM.

if (args.Length != 2 || args[0] is not ("server" or "client"))
{
    Console.Error.WriteLine("usage: Echo server <endpoint>   (for example tcp:8000 or tcp:0:interface=127.0.0.1)");
    Console.Error.WriteLine("       Echo client <endpoint>   (for example tcp:127.0.0.1:8000)");
    return 2;
}

IReactor reactor = Reactor.Instance;
int exitCode = 0;

void Fail(string what, Failure failure)
{
    Console.Error.WriteLine($"{what}: {failure.GetErrorMessage()}");
    exitCode = 1;
    reactor.Stop();
}

try
{
    if (args[0] == "server")
    {
        IStreamServerEndpoint endpoint = EndpointStrings.ServerFromString(reactor, args[1]);
        reactor.CallWhenRunning(() =>
            endpoint.Listen(Factory.ForProtocol<EchoServerProtocol>()).AddCallbacks(
                port =>
                {
                    Console.WriteLine("listening on " + Show(port.GetHost()));
                    Console.Out.Flush();
                    return port;
                },
                failure =>
                {
                    Fail("cannot listen", failure);
                    return null!;
                }));
    }
    else
    {
        IStreamClientEndpoint endpoint = EndpointStrings.ClientFromString(reactor, args[1]);
        Stream output = Console.OpenStandardOutput();
        reactor.CallWhenRunning(() =>
            endpoint.Connect(() => new EchoClientProtocol(output, _ => reactor.Stop())).AddCallbacks(
                protocol =>
                {
                    StartReadingInput(reactor, protocol);
                    return protocol;
                },
                failure =>
                {
                    Fail("cannot connect", failure);
                    return null!;
                }));
    }
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

reactor.Run();
return exitCode;

static string Show(IAddress address) => address switch
{
    IPv4Address v4 => $"{v4.Host}:{v4.Port}",
    IPv6Address v6 => $"[{v6.Host}]:{v6.Port}",
    _ => address.ToString() ?? "",
};

// Standard input is read on a thread of its own (reading it blocks); each chunk is sent from the
// reactor thread, and its end half-closes the connection.
static void StartReadingInput(IReactor reactor, EchoClientProtocol protocol)
{
    var reader = new Thread(() =>
    {
        using Stream input = Console.OpenStandardInput();
        var buffer = new byte[16384];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            byte[] chunk = buffer.AsSpan(0, read).ToArray();
            reactor.CallFromThread(() => protocol.Transport.Write(chunk));
        }

        reactor.CallFromThread(() => ((ITcpTransport)protocol.Transport).LoseWriteConnection());
    })
    {
        IsBackground = true,
        Name = "stdin reader",
    };
    reader.Start();
}
