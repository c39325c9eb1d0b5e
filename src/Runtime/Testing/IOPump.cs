using System;

namespace Torsion.Testing;

/// <summary>
/// Moves bytes between the two ends of an in-memory connection when the test says so (Twisted's
/// <c>iosim.IOPump</c>). Made by <see cref="ConnectedPair"/>.
/// </summary>
public sealed class IOPump
{
    private const int FlushLimit = 1000;

    internal IOPump(IProtocol client, IProtocol server, InMemoryTransport clientTransport, InMemoryTransport serverTransport)
    {
        Client = client;
        Server = server;
        ClientTransport = clientTransport;
        ServerTransport = serverTransport;
    }

    /// <summary>The client's protocol.</summary>
    public IProtocol Client { get; }

    /// <summary>The server's protocol.</summary>
    public IProtocol Server { get; }

    /// <summary>The client's end.</summary>
    public InMemoryTransport ClientTransport { get; }

    /// <summary>The server's end.</summary>
    public InMemoryTransport ServerTransport { get; }

    /// <summary>
    /// One step: delivers what each end wrote since the last step to the other end (unless that end is
    /// paused), then lets producers react; when nothing moved, performs one pending close or half-close.
    /// </summary>
    /// <returns>True if anything happened (bytes moved or a connection event was delivered).</returns>
    public bool Pump()
    {
        byte[]? fromServer = ClientTransport.Paused || ClientTransport.Disconnected ? null : ServerTransport.TakeOutgoing();
        byte[]? fromClient = ServerTransport.Paused || ServerTransport.Disconnected ? null : ClientTransport.TakeOutgoing();
        ClientTransport.CheckProducer();
        ServerTransport.CheckProducer();
        if (fromClient is not null)
        {
            Server.DataReceived(fromClient);
        }

        if (fromServer is not null)
        {
            Client.DataReceived(fromServer);
        }

        if (fromClient is not null || fromServer is not null)
        {
            return true;
        }

        return Close(ServerTransport, ClientTransport) || Close(ClientTransport, ServerTransport)
            || HalfClose(ServerTransport, ClientTransport) || HalfClose(ClientTransport, ServerTransport);
    }

    /// <summary>Pumps until nothing moves (at most 1000 steps).</summary>
    /// <returns>True if anything happened.</returns>
    /// <exception cref="InvalidOperationException">Something still moved after 1000 steps (the two protocols never go quiet).</exception>
    public bool Flush()
    {
        bool any = false;
        for (int i = 0; i < FlushLimit; i++)
        {
            if (!Pump())
            {
                return any;
            }

            any = true;
        }

        throw new InvalidOperationException($"The connection was still busy after {FlushLimit} pumps.");
    }

    private static bool Close(InMemoryTransport closing, InMemoryTransport other)
    {
        if (!closing.Disconnecting || closing.Disconnected)
        {
            return false;
        }

        if (!closing.Aborted && (closing.Producer is not null || closing.PendingBytes > 0))
        {
            return false;
        }

        other.ReportLost(closing.Aborted ? new ConnectionLostException() : new ConnectionDoneException());
        closing.ReportLost(closing.Aborted ? new ConnectionAbortedException() : new ConnectionDoneException());
        return true;
    }

    private static bool HalfClose(InMemoryTransport closing, InMemoryTransport other)
    {
        if (!closing.WriteClosing || closing.WriteClosed || closing.Disconnected || closing.PendingBytes > 0 || closing.Producer is not null)
        {
            return false;
        }

        closing.WriteClosed = true;
        other.ReadClosed = true;
        if (closing.Protocol is not IHalfCloseableProtocol writer || other.Protocol is not IHalfCloseableProtocol reader)
        {
            // Without half-close support on both ends, the connection closes entirely, as over TCP.
            other.ReportLost(new ConnectionDoneException());
            closing.ReportLost(new ConnectionDoneException());
            return true;
        }

        writer.WriteConnectionLost();
        reader.ReadConnectionLost();
        if (closing.ReadClosed)
        {
            // Both directions are now closed.
            other.ReportLost(new ConnectionDoneException());
            closing.ReportLost(new ConnectionDoneException());
        }

        return true;
    }
}
