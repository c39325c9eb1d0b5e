using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Torsion;
using Torsion.Endpoints;
using Torsion.Protocols;

namespace Corpus.KeyValue
{
    /// <summary>A length-prefixed key-value server: "GET key" answers the value, "SET key value" stores it.</summary>
    public sealed class KeyValueProtocol : Int32StringReceiver
    {
        private readonly KeyValueFactory _factory;
        private readonly SemaphoreSlim _gate = new(1);
        private IdleTimeout? _idle;

        public KeyValueProtocol(KeyValueFactory factory) => _factory = factory;

        public override void ConnectionMade()
        {
            _gate.Wait(); // BLOCKS
            _factory.Connections++;
            _gate.Release();
            _idle = new IdleTimeout(_factory.Reactor, () =>
            {
                _factory.AccessLog.Flush(); // BLOCKS
                TransportOrNull?.LoseConnection();
            });
            _idle.SetTimeout(TimeSpan.FromMinutes(5));
        }

        protected override void StringReceived(ReadOnlySpan<byte> data)
        {
            _idle?.ResetTimeout();
            string request = Encoding.UTF8.GetString(data);
            string[] parts = request.Split(' ', 3);
            if (parts.Length >= 2 && parts[0] == "GET")
            {
                SendString(Lookup(parts[1]));
            }
            else if (parts.Length == 3 && parts[0] == "SET")
            {
                _factory.Values[parts[1]] = parts[2];
                Journal.Append(parts[1], parts[2]); // BLOCKS
                byte[] copy = Encoding.UTF8.GetBytes(parts[2]);
                _factory.Reactor.DeferToThread(() => File.WriteAllBytes("snapshot-" + parts[1], copy)); // SAFE
            }

            if (_gate.Wait(0)) // SAFE
            {
                _gate.Release();
            }
        }

        private byte[] Lookup(string key)
        {
            if (_factory.Values.TryGetValue(key, out string? value))
            {
                return Encoding.UTF8.GetBytes(value);
            }

            return File.ReadAllBytes(Path.Combine("cold", key)); // BLOCKS
        }

        public override void ConnectionLost(Failure reason)
        {
            _idle?.SetTimeout(null);
            Task<int> closed = Task.FromResult(_factory.Connections--);
            Console.Out.Write(closed.Result); // SAFE
            _factory.Pending.Wait(); // BLOCKS
        }
    }

    public sealed class KeyValueFactory : ServerFactory
    {
        public KeyValueFactory(IReactor reactor) => Reactor = reactor;

        public IReactor Reactor { get; }

        public Dictionary<string, string> Values { get; } = new();

        public int Connections { get; set; }

        public StreamWriter AccessLog { get; } = new(File.OpenWrite("access.log"));

        public Task Pending { get; set; } = Task.CompletedTask;

        public override IProtocol? BuildProtocol(IAddress address) => new KeyValueProtocol(this);
    }

    /// <summary>Appends every change to a journal file: fine on a worker thread, not on the reactor.</summary>
    public static class Journal
    {
        public static void Append(string key, string value) => Write(key + "=" + value + "\n");

        private static void Write(string line) => File.AppendAllText("journal.txt", line);
    }

    /// <summary>The client side: asks for a key, reconnecting while the server is away.</summary>
    public sealed class KeyValueClient : Int32StringReceiver
    {
        public string? LastValue { get; private set; }

        protected override void StringReceived(ReadOnlySpan<byte> data) => LastValue = Encoding.UTF8.GetString(data);

        public void Get(string key) => SendString(Encoding.UTF8.GetBytes("GET " + key));
    }

    public sealed class RetryingFactory : ReconnectingClientFactory
    {
        public override void ClientConnectionFailed(IConnector connector, Failure reason)
        {
            Thread.Sleep(TimeSpan.FromSeconds(Delay)); // BLOCKS
            base.ClientConnectionFailed(connector, reason);
        }
    }

    public static class ClientSetup
    {
        public static string LoadToken() => File.ReadAllText("token.txt");

        public static void Start(IReactor reactor)
        {
            var factory = ClientFactory.ForProtocol(() => Authenticated(LoadToken())); // BLOCKS
            var retrying = new RetryingFactory { Protocol = () => new KeyValueClient() };
            reactor.ConnectTcp("127.0.0.1", 7070, retrying);
            reactor.ConnectTcp("127.0.0.1", 7071, factory);

            IStreamClientEndpoint endpoint = EndpointStrings.ClientFromString(reactor, "tcp:host=127.0.0.1:port=7070");
            endpoint.Connect(() =>
            {
                var settings = XDocument.Load("client.xml"); // BLOCKS
                return new KeyValueClient();
            }).AddCallback(client => client.Get("motd"));
        }

        private static IProtocol Authenticated(string token) => new KeyValueClient();
    }

    /// <summary>Has networking-looking names but is no protocol and gives nothing to the reactor.</summary>
    public sealed class OfflineImporter
    {
        public Func<IProtocol>? Protocol { get; set; }

        public void StringReceived(byte[] data) => File.WriteAllBytes("import.bin", data); // SAFE

        public void Configure() => Protocol = () => { Thread.Sleep(10); return new KeyValueClient(); }; // SAFE
    }
}
