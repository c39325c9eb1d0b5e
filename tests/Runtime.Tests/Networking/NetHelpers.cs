using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Networking;

/// <summary>A protocol that records what happens to it; hooks let a test react.</summary>
public class Recorder : Protocol
{
    public MemoryStream Received { get; } = new();

    public int MadeCount { get; private set; }

    public int LostCount { get; private set; }

    public Failure? LostReason { get; private set; }

    public Action<Recorder>? OnMade { get; set; }

    public Action<Recorder>? OnData { get; set; }

    public Action<Recorder>? OnLost { get; set; }

    public override void ConnectionMade()
    {
        MadeCount++;
        OnMade?.Invoke(this);
    }

    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        Received.Write(data);
        OnData?.Invoke(this);
    }

    public override void ConnectionLost(Failure reason)
    {
        LostCount++;
        LostReason = reason;
        OnLost?.Invoke(this);
    }
}

/// <summary>A recorder that opts in to half-close.</summary>
public sealed class HalfCloseRecorder : Recorder, IHalfCloseableProtocol
{
    public int ReadLostCount { get; private set; }

    public int WriteLostCount { get; private set; }

    public Action<HalfCloseRecorder>? OnReadLost { get; set; }

    public Action<HalfCloseRecorder>? OnWriteLost { get; set; }

    public void ReadConnectionLost()
    {
        ReadLostCount++;
        OnReadLost?.Invoke(this);
    }

    public void WriteConnectionLost()
    {
        WriteLostCount++;
        OnWriteLost?.Invoke(this);
    }
}

/// <summary>Echoes every byte back.</summary>
public sealed class Echo : Protocol
{
    public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);
}

/// <summary>A client factory that records its connector's events.</summary>
public sealed class RecordingClientFactory : ClientFactory
{
    public List<string> Events { get; } = new();

    public Failure? FailedReason { get; private set; }

    public Failure? LostReason { get; private set; }

    public Action<IConnector, Failure>? OnFailed { get; set; }

    public Action<IConnector, Failure>? OnLost { get; set; }

    public override void StartFactory() => Events.Add("start");

    public override void StopFactory() => Events.Add("stop");

    public override void StartedConnecting(IConnector connector) => Events.Add("connecting");

    public override void ClientConnectionFailed(IConnector connector, Failure reason)
    {
        Events.Add("failed");
        FailedReason = reason;
        OnFailed?.Invoke(connector, reason);
    }

    public override void ClientConnectionLost(IConnector connector, Failure reason)
    {
        Events.Add("lost");
        LostReason = reason;
        OnLost?.Invoke(connector, reason);
    }
}

public static class Net
{
    public static int PortOf(IListeningPort port) => port.GetHost() switch
    {
        IPv4Address a => a.Port,
        IPv6Address a => a.Port,
        var other => throw new InvalidOperationException(other.ToString()),
    };

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

    public static string Sha(MemoryStream data) => Convert.ToHexString(SHA256.HashData(data.GetBuffer().AsSpan(0, (int)data.Length)));

    /// <summary>A .NET socket connected to 127.0.0.1:<paramref name="port"/> (blocking, for a peer thread).</summary>
    public static Socket Connect(int port, AddressFamily family = AddressFamily.InterNetwork)
    {
        var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30000, SendTimeout = 30000 };
        socket.Connect(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, port));
        return socket;
    }

    /// <summary>Reads until the peer closes (bounded by the socket's receive timeout).</summary>
    public static byte[] ReadToEnd(Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[65536];
        while (true)
        {
            int n = socket.Receive(buffer);
            if (n == 0)
            {
                return all.ToArray();
            }

            all.Write(buffer, 0, n);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static byte[] ReadExactly(Socket socket, int count)
    {
        var data = new byte[count];
        int got = 0;
        while (got < count)
        {
            int n = socket.Receive(data, got, count - got, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException($"peer closed after {got} of {count} bytes");
            }

            got += n;
        }

        return data;
    }

    /// <summary>Runs <paramref name="reactor"/> (bounded) and disposes it.</summary>
    public static void Run(ReactorBase reactor, double limitSeconds = 30)
    {
        try
        {
            ReactorKinds.RunBounded(reactor, limitSeconds);
        }
        finally
        {
            reactor.Dispose();
        }
    }

    /// <summary>The number of open descriptors of this process.</summary>
    public static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}

/// <summary>A peer running on its own thread (a plain .NET socket end), joined with a bound.</summary>
public sealed class PeerThread
{
    private readonly System.Threading.Thread _thread;
    private Exception? _error;

    public PeerThread(Action body, Action? whenDone = null)
    {
        _thread = new System.Threading.Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                _error = e;
            }
            finally
            {
                whenDone?.Invoke();
            }
        }) { IsBackground = true, Name = "test peer" };
        _thread.Start();
    }

    /// <summary>Waits (at most 60 s) and rethrows the peer's exception.</summary>
    public void Join()
    {
        Assert.True(_thread.Join(TimeSpan.FromSeconds(60)), "the peer thread did not finish within 60 s");
        if (_error is not null)
        {
            throw new Exception("the peer failed", _error);
        }
    }
}
