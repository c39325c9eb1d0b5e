using System;
using Torsion;
using Torsion.Endpoints;
using Torsion.Samples.Chat;

// A chat room: dotnet run --project samples/Chat -- tcp:0:interface=127.0.0.1
// Prints "listening on <host>:<port>" once it listens; talk to it with nc 127.0.0.1 <port>.
// Runs until Ctrl+C or SIGTERM.

if (args.Length > 1)
{
    Console.Error.WriteLine("usage: Chat [endpoint]   (default tcp:8000; for example tcp:0:interface=127.0.0.1)");
    return 2;
}

IReactor reactor = Reactor.Instance;
int exitCode = 0;
IStreamServerEndpoint endpoint;
try
{
    endpoint = EndpointStrings.ServerFromString(reactor, args.Length == 1 ? args[0] : "tcp:8000");
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

reactor.CallWhenRunning(() =>
    endpoint.Listen(new ChatRoom()).AddCallbacks(
        port =>
        {
            Console.WriteLine("listening on " + port.GetHost() switch
            {
                IPv4Address v4 => $"{v4.Host}:{v4.Port}",
                IPv6Address v6 => $"[{v6.Host}]:{v6.Port}",
                IAddress other => other.ToString(),
            });
            Console.Out.Flush();
            return port;
        },
        failure =>
        {
            Console.Error.WriteLine("cannot listen: " + failure.GetErrorMessage());
            exitCode = 1;
            reactor.Stop();
            return null!;
        }));
reactor.Run();
return exitCode;
