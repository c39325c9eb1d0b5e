using System;
using System.IO;
using System.Linq;
using System.Text;

namespace Torsion.Tests.Reactors;

public partial class FileDescriptorTests
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    [Fact]
    public void Select_refuses_descriptors_at_or_above_FD_SETSIZE_with_a_clear_error()
    {
        using var reactor = new SelectReactor();
        using var pipe = new TestPipe();
        const int High = 1500;
        Assert.Equal(High, Dup2(pipe.ReadFd, High));
        try
        {
            var error = Assert.Throws<IOException>(() => Fd(reactor).AddReader(new ScriptedDescriptor(High)));
            Assert.Contains("FD_SETSIZE", error.Message);
            Assert.Empty(Fd(reactor).GetReaders());
        }
        finally
        {
            Torsion.Reactors.Interop.LibC.Close(High);
        }
    }

    private static IReactorFDSet Fd(ReactorBase reactor) => (IReactorFDSet)reactor;

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_reader_is_called_when_its_pipe_has_data(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var reader = new ScriptedDescriptor(pipe.ReadFd);
        reader.OnRead = d =>
        {
            var why = d.ReadAvailable();
            reactor.Stop();
            return why;
        };
        Fd(reactor).AddReader(reader);
        reactor.CallLater(TimeSpan.FromMilliseconds(5), () => pipe.Write("hello"));
        ReactorKinds.RunBounded(reactor);
        Assert.Equal("hello", string.Concat(reader.Received));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_writer_is_called_while_its_pipe_is_writable_until_removed(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var writer = new ScriptedDescriptor(pipe.WriteFd);
        writer.OnWrite = d =>
        {
            if (d.Writes == 3)
            {
                Fd(reactor).RemoveWriter(d);
                reactor.CallLater(TimeSpan.FromMilliseconds(5), reactor.Stop);
            }

            return null;
        };
        Fd(reactor).AddWriter(writer);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(3, writer.Writes);
        Assert.Empty(Fd(reactor).GetWriters());
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void When_the_other_end_closes_a_reader_loses_its_connection_cleanly_with_ConnectionDone(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var reader = new ScriptedDescriptor(pipe.ReadFd) { OnLost = (_, _) => reactor.Stop() };
        Fd(reactor).AddReader(reader);
        reactor.CallLater(TimeSpan.FromMilliseconds(5), () =>
        {
            pipe.Write("last words");
            pipe.CloseWriteEnd();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal("last words", string.Concat(reader.Received));
        Assert.IsType<ConnectionDoneException>(Assert.Single(reader.Lost).Value);
        Assert.Empty(Fd(reactor).GetReaders());
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_writer_whose_reader_went_away_loses_its_connection(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var writer = new ScriptedDescriptor(pipe.WriteFd)
        {
            OnWrite = d => d.Writes > 1000 ? new ConnectionLostException("gave up") : null,
            OnLost = (_, _) => reactor.Stop(),
        };
        pipe.CloseReadEnd();
        Fd(reactor).AddWriter(writer);
        ReactorKinds.RunBounded(reactor);
        // epoll and poll report the error (EPOLLERR/POLLERR); select only reports writability, so the
        // descriptor's own write would fail with EPIPE: either way the connection is lost.
        Assert.IsType<ConnectionLostException>(Assert.Single(writer.Lost).Value);
        Assert.Empty(Fd(reactor).GetWriters());
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_DoRead_that_throws_is_logged_and_disconnects_with_that_exception(string kind)
    {
        var logger = new ListLogger();
        using var reactor = ReactorKinds.Create(kind, logger);
        using var pipe = new TestPipe();
        var boom = new InvalidDataException("unparseable");
        var reader = new ScriptedDescriptor(pipe.ReadFd)
        {
            OnRead = _ => throw boom,
            OnLost = (_, _) => reactor.Stop(),
        };
        Fd(reactor).AddReader(reader);
        Fd(reactor).AddWriter(reader);
        pipe.Write("x");
        ReactorKinds.RunBounded(reactor);
        Assert.Same(boom, Assert.Single(reader.Lost).Value);
        Assert.Contains(logger.Entries, e => ReferenceEquals(e.Exception, boom));
        Assert.Empty(Fd(reactor).GetReaders());
        Assert.Empty(Fd(reactor).GetWriters());
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_DoRead_returning_a_reason_disconnects_without_calling_DoWrite(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var reader = new ScriptedDescriptor(pipe.ReadFd)
        {
            OnRead = _ => new ConnectionLostException("enough"),
            OnLost = (_, _) => reactor.Stop(),
        };
        Fd(reactor).AddReader(reader);
        pipe.Write("x");
        ReactorKinds.RunBounded(reactor);
        Assert.Equal("enough", Assert.Single(reader.Lost).Value.Message);
        Assert.Equal(0, reader.Writes);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_half_closeable_reader_gets_ReadConnectionLost_and_stays_a_writer(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pair = new SocketPair();
        var descriptor = new HalfCloseable((int)pair.Server.Handle);
        descriptor.OnReadLost = () =>
        {
            Assert.Empty(Fd(reactor).GetReaders());
            Assert.Single(Fd(reactor).GetWriters());
            Fd(reactor).RemoveWriter(descriptor);
            reactor.Stop();
        };
        Fd(reactor).AddReader(descriptor);
        reactor.CallLater(TimeSpan.FromMilliseconds(5), () =>
        {
            Fd(reactor).AddWriter(descriptor);
            pair.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });
        ReactorKinds.RunBounded(reactor);
        Assert.IsType<ConnectionDoneException>(descriptor.ReadLost!.Value);
        Assert.Null(descriptor.Lost);
    }

    private sealed unsafe class HalfCloseable : IHalfCloseableDescriptor
    {
        private readonly int _fd;

        public HalfCloseable(int fd) => _fd = fd;

        public Failure? ReadLost { get; private set; }

        public Failure? Lost { get; private set; }

        public Action? OnReadLost { get; set; }

        public int FileNo() => _fd;

        public Exception? DoRead()
        {
            byte* buffer = stackalloc byte[256];
            return Torsion.Reactors.Interop.LibC.Read(_fd, buffer, 256) == 0 ? new ConnectionDoneException() : null;
        }

        public Exception? DoWrite() => null;

        public void ConnectionLost(Failure reason) => Lost = reason;

        public void ReadConnectionLost(Failure reason)
        {
            ReadLost = reason;
            OnReadLost?.Invoke();
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void Sockets_work_as_readers_and_writers_in_both_directions(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pair = new SocketPair();
        var received = new StringBuilder();
        var serverSide = new SocketDescriptor(pair.Server, "ping")
        {
            OnData = text =>
            {
                received.Append(text);
                if (received.ToString() == "pong")
                {
                    reactor.Stop();
                }
            },
        };
        var clientSide = new SocketDescriptor(pair.Client, "pong")
        {
            OnData = text => received.Append(text == "ping" ? string.Empty : "?"),
        };
        Fd(reactor).AddWriter(serverSide);
        Fd(reactor).AddReader(clientSide);
        Fd(reactor).AddReader(serverSide);
        clientSide.OnData = text =>
        {
            Assert.Equal("ping", text);
            Fd(reactor).AddWriter(clientSide);
        };
        serverSide.Done = () => Fd(reactor).RemoveWriter(serverSide);
        clientSide.Done = () => Fd(reactor).RemoveWriter(clientSide);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal("pong", received.ToString());
        Assert.Empty(Fd(reactor).RemoveAll());
    }

    private sealed class SocketDescriptor : IFileDescriptor
    {
        private readonly System.Net.Sockets.Socket _socket;
        private byte[] _pending;

        public SocketDescriptor(System.Net.Sockets.Socket socket, string toSend)
        {
            _socket = socket;
            _pending = Encoding.ASCII.GetBytes(toSend);
        }

        public Action<string>? OnData { get; set; }

        public Action? Done { get; set; }

        public int FileNo() => (int)_socket.Handle;

        public Exception? DoRead()
        {
            var buffer = new byte[256];
            int n = _socket.Receive(buffer, 0, buffer.Length, System.Net.Sockets.SocketFlags.None, out var error);
            if (error == System.Net.Sockets.SocketError.WouldBlock)
            {
                return null;
            }

            if (n == 0)
            {
                return new ConnectionDoneException();
            }

            OnData?.Invoke(Encoding.ASCII.GetString(buffer, 0, n));
            return null;
        }

        public Exception? DoWrite()
        {
            int n = _socket.Send(_pending);
            _pending = _pending[n..];
            if (_pending.Length == 0)
            {
                Done?.Invoke();
            }

            return null;
        }

        public void ConnectionLost(Failure reason)
        {
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void GetReaders_GetWriters_and_RemoveAll_leave_out_the_internal_waker_and_list_each_descriptor_once(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var reader = new ScriptedDescriptor(pipe.ReadFd);
        var writer = new ScriptedDescriptor(pipe.WriteFd);
        Assert.Empty(Fd(reactor).GetReaders());
        Fd(reactor).AddReader(reader);
        Fd(reactor).AddReader(reader);
        Fd(reactor).AddWriter(writer);
        Fd(reactor).AddReader(writer);
        Assert.Equal(2, Fd(reactor).GetReaders().Count);
        Assert.Same(writer, Assert.Single(Fd(reactor).GetWriters()));
        var removed = Fd(reactor).RemoveAll();
        Assert.Equal(2, removed.Count);
        Assert.Contains(reader, removed);
        Assert.Contains(writer, removed);
        Assert.Empty(Fd(reactor).GetReaders());
        Assert.Empty(Fd(reactor).GetWriters());
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void Removing_unknown_descriptors_does_nothing_and_a_closed_one_is_found_by_identity(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        Fd(reactor).RemoveReader(new ScriptedDescriptor(pipe.ReadFd));
        Fd(reactor).RemoveWriter(new ScriptedDescriptor(-1));
        var reader = new ScriptedDescriptor(pipe.ReadFd);
        Fd(reactor).AddReader(reader);
        reader.Fd = -1;
        Fd(reactor).RemoveReader(reader);
        Assert.Empty(Fd(reactor).GetReaders());
        Assert.Throws<IOException>(() => Fd(reactor).AddReader(new ScriptedDescriptor(-1)));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_descriptor_whose_FileNo_becomes_minus_one_is_disconnected_with_ConnectionLost(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var reader = new ScriptedDescriptor(pipe.ReadFd) { OnLost = (_, _) => reactor.Stop() };
        Fd(reactor).AddReader(reader);
        pipe.Write("x");
        reader.Fd = -1;
        ReactorKinds.RunBounded(reactor);
        Assert.IsType<ConnectionLostException>(Assert.Single(reader.Lost).Value);
        Assert.Empty(reader.Received);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void Shutdown_disconnects_every_descriptor_with_ConnectionLost(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        var reader = new ScriptedDescriptor(pipe.ReadFd);
        var writer = new ScriptedDescriptor(pipe.WriteFd) { OnWrite = _ => null };
        Fd(reactor).AddReader(reader);
        Fd(reactor).AddWriter(writer);
        Fd(reactor).RemoveWriter(writer);
        Fd(reactor).AddReader(writer);
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.IsType<ConnectionLostException>(Assert.Single(reader.Lost).Value);
        Assert.IsType<ConnectionLostException>(Assert.Single(writer.Lost).Value);
        Assert.Empty(Fd(reactor).GetReaders());
    }

    [Fact]
    public void Epoll_polls_regular_files_which_epoll_refuses_continuously()
    {
        using var reactor = new EpollReactor();
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "file contents");
            using var file = File.OpenHandle(path);
            var reader = new ScriptedDescriptor((int)file.DangerousGetHandle());
            reader.OnRead = d =>
            {
                var why = d.ReadAvailable();
                Fd(reactor).RemoveReader(d);
                reactor.Stop();
                return why;
            };
            Fd(reactor).AddReader(reader);
            Assert.Same(reader, Assert.Single(Fd(reactor).GetReaders()));
            ReactorKinds.RunBounded(reactor);
            Assert.Equal("file contents", string.Concat(reader.Received));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void A_nested_Iterate_inside_DoRead_delivers_every_ready_descriptor_once(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var first = new TestPipe();
        using var second = new TestPipe();
        using var third = new TestPipe();
        var a = new ScriptedDescriptor(first.ReadFd);
        var b = new ScriptedDescriptor(second.ReadFd);
        var c = new ScriptedDescriptor(third.ReadFd);
        int nested = 0;
        Exception? Read(ScriptedDescriptor d)
        {
            var why = d.ReadAvailable();
            if (nested++ == 0)
            {
                // Registering a new descriptor and iterating from inside a callback.
                ((IReactorFDSet)reactor).AddReader(c);
                third.Write("c");
                reactor.Iterate();
            }

            if (a.Received.Count + b.Received.Count + c.Received.Count == 3)
            {
                reactor.CallLater(TimeSpan.FromMilliseconds(2), reactor.Stop);
            }

            return why;
        }

        a.OnRead = Read;
        b.OnRead = Read;
        c.OnRead = Read;
        Fd(reactor).AddReader(a);
        Fd(reactor).AddReader(b);
        first.Write("a");
        second.Write("b");
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "a" }, a.Received);
        Assert.Equal(new[] { "b" }, b.Received);
        Assert.Equal(new[] { "c" }, c.Received);
    }
}
