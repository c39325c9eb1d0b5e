using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using Torsion;
using Torsion.Protocols;

namespace Corpus.Chat
{
    public sealed class ChatProtocol : LineReceiver
    {
        private readonly ChatFactory _factory;
        private string _name = "";

        public ChatProtocol(ChatFactory factory) => _factory = factory;

        public override void ConnectionMade()
        {
            string motd = File.ReadAllText("motd.txt"); // BLOCKS
            SendLine(motd);
        }

        protected override void LineReceived(ReadOnlySpan<byte> bytes)
        {
            string line = Encoding.UTF8.GetString(bytes);
            if (line.StartsWith("/nick ", StringComparison.Ordinal))
            {
                _name = line.Substring(6);
                SaveNick(_name);
                return;
            }

            foreach (ChatProtocol peer in _factory.Peers)
            {
                peer.SendLine(_name + ": " + line);
            }

            _factory.Log.WriteLine(line); // BLOCKS
        }

        private void SaveNick(string nick)
        {
            File.AppendAllText("nicks.txt", nick + "\n"); // BLOCKS
        }

        public override void ConnectionLost(Failure reason)
        {
            _factory.Peers.Remove(this);
            Thread.Sleep(0); // SAFE
        }
    }

    public sealed class ChatFactory : ServerFactory
    {
        public List<ChatProtocol> Peers { get; } = new();

        public StreamWriter Log { get; private set; } = StreamWriter.Null;

        public override void StartFactory()
        {
            Log = new StreamWriter(File.OpenWrite("chat.log"));
        }

        public override IProtocol? BuildProtocol(IAddress address)
        {
            var banned = File.ReadAllLines("banned.txt"); // BLOCKS
            return Array.IndexOf(banned, address.ToString()) >= 0 ? null : new ChatProtocol(this);
        }

        public override void StopFactory()
        {
            Log.Flush(); // BLOCKS
        }
    }

    /// <summary>Has a method named like a protocol event, but is no protocol: not reactor code.</summary>
    public sealed class Recorder
    {
        public void DataReceived(byte[] data) => File.WriteAllBytes("capture.bin", data); // SAFE
    }

    public sealed class Echo : DatagramProtocol
    {
        public override void DatagramReceived(byte[] data, EndPoint from)
        {
            Audit.Record(data); // BLOCKS
        }
    }

    public static class Audit
    {
        public static void Record(byte[] data) => Store(data);

        private static void Store(byte[] data) => File.WriteAllBytes("audit.bin", data);
    }
}
