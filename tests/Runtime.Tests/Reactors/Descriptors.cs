using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Torsion.Reactors.Interop;

namespace Torsion.Tests.Reactors;

/// <summary>A non-blocking pipe made with pipe(2); disposing closes whatever ends are still open.</summary>
public sealed unsafe class TestPipe : IDisposable
{
    public TestPipe()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, LibC.Pipe(fds));
        ReadFd = fds[0];
        WriteFd = fds[1];
        LibC.MakeNonBlockingCloseOnExec(ReadFd);
        LibC.MakeNonBlockingCloseOnExec(WriteFd);
    }

    public int ReadFd { get; private set; }

    public int WriteFd { get; private set; }

    public void Write(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        fixed (byte* p = bytes)
        {
            Assert.Equal(bytes.Length, (int)LibC.Write(WriteFd, p, (nuint)bytes.Length));
        }
    }

    public void CloseWriteEnd()
    {
        LibC.Close(WriteFd);
        WriteFd = -1;
    }

    public void CloseReadEnd()
    {
        LibC.Close(ReadFd);
        ReadFd = -1;
    }

    public void Dispose()
    {
        if (ReadFd >= 0)
        {
            CloseReadEnd();
        }

        if (WriteFd >= 0)
        {
            CloseWriteEnd();
        }
    }
}

/// <summary>A descriptor whose behaviour each test scripts.</summary>
public sealed unsafe class ScriptedDescriptor : IFileDescriptor
{
    public ScriptedDescriptor(int fd) => Fd = fd;

    public int Fd { get; set; }

    public List<string> Received { get; } = new();

    public List<Failure> Lost { get; } = new();

    public int Writes { get; private set; }

    public Func<ScriptedDescriptor, Exception?>? OnRead { get; set; }

    public Func<ScriptedDescriptor, Exception?>? OnWrite { get; set; }

    public Action<ScriptedDescriptor, Failure>? OnLost { get; set; }

    public int FileNo() => Fd;

    /// <summary>Reads what is available; returns ConnectionDone at end of file.</summary>
    public Exception? ReadAvailable()
    {
        byte* buffer = stackalloc byte[4096];
        nint n = LibC.Read(Fd, buffer, 4096);
        if (n == 0)
        {
            return new ConnectionDoneException();
        }

        if (n > 0)
        {
            Received.Add(System.Text.Encoding.ASCII.GetString(buffer, (int)n));
        }

        return null;
    }

    public Exception? DoRead() => OnRead is null ? ReadAvailable() : OnRead(this);

    public Exception? DoWrite()
    {
        Writes++;
        return OnWrite?.Invoke(this);
    }

    public void ConnectionLost(Failure reason)
    {
        Lost.Add(reason);
        OnLost?.Invoke(this, reason);
    }
}

/// <summary>A connected pair of non-blocking loopback TCP sockets.</summary>
public sealed class SocketPair : IDisposable
{
    public SocketPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Client.Connect(listener.LocalEndPoint!);
        Server = listener.Accept();
        Client.Blocking = false;
        Server.Blocking = false;
    }

    public Socket Client { get; }

    public Socket Server { get; }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
