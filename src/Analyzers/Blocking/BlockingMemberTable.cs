namespace Torsion.Analyzers.Blocking;

/// <summary>
/// The table of members TRS2001 reports, by group. This is the one place to add a blocking member;
/// docs/diagnostics/TRS2001.md lists the same groups (a test checks that every member named here
/// appears on that page). A member matches when it is the listed member, an overload of it (same
/// type, same name) or an override of it (so <c>FileStream.Read</c> matches <c>Stream.Read</c>).
/// </summary>
internal static class BlockingMemberTable
{
    /// <summary>Every group of blocking members.</summary>
    public static readonly BlockingMemberGroup[] Groups =
    {
        new("Threads",
            new BlockingMemberEntry("System.Threading.Thread", BlockingMemberKind.Method, "Sleep", "Join")),

        new("Tasks",
            new BlockingMemberEntry("System.Threading.Tasks.Task", BlockingMemberKind.Method, "Wait", "WaitAll", "WaitAny", "RunSynchronously"),
            new BlockingMemberEntry("System.Threading.Tasks.Task`1", BlockingMemberKind.Property, "Result"),
            new BlockingMemberEntry("System.Threading.Tasks.ValueTask`1", BlockingMemberKind.Property, "Result"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.TaskAwaiter", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.TaskAwaiter`1", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.ValueTaskAwaiter", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.ValueTaskAwaiter`1", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter", BlockingMemberKind.Method, "GetResult"),
            new BlockingMemberEntry("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter", BlockingMemberKind.Method, "GetResult")),

        new("Waiting primitives",
            new BlockingMemberEntry("System.Threading.WaitHandle", BlockingMemberKind.Method, "WaitOne", "WaitAll", "WaitAny", "SignalAndWait"),
            new BlockingMemberEntry("System.Threading.ManualResetEventSlim", BlockingMemberKind.Method, "Wait"),
            new BlockingMemberEntry("System.Threading.SemaphoreSlim", BlockingMemberKind.Method, "Wait"),
            new BlockingMemberEntry("System.Threading.CountdownEvent", BlockingMemberKind.Method, "Wait"),
            new BlockingMemberEntry("System.Threading.Barrier", BlockingMemberKind.Method, "SignalAndWait"),
            new BlockingMemberEntry("System.Threading.Monitor", BlockingMemberKind.Method, "Wait"),
            new BlockingMemberEntry("System.Threading.SpinWait", BlockingMemberKind.Method, "SpinUntil")),

        new("Files",
            new BlockingMemberEntry("System.IO.File", BlockingMemberKind.Method,
                "ReadAllBytes", "ReadAllLines", "ReadAllText", "ReadLines",
                "WriteAllBytes", "WriteAllLines", "WriteAllText",
                "AppendAllBytes", "AppendAllLines", "AppendAllText",
                "Copy", "Move", "Replace")),

        new("Streams",
            new BlockingMemberEntry("System.IO.Stream", BlockingMemberKind.Method,
                "Read", "ReadByte", "ReadExactly", "ReadAtLeast", "Write", "WriteByte", "CopyTo", "Flush"),
            new BlockingMemberEntry("System.IO.StreamReader", BlockingMemberKind.Method, "Read", "ReadBlock", "ReadLine", "ReadToEnd"),
            new BlockingMemberEntry("System.IO.TextWriter", BlockingMemberKind.Method, "System.IO.StreamWriter", false, "Write", "WriteLine", "Flush")),

        new("XML files",
            new BlockingMemberEntry("System.Xml.Linq.XDocument", BlockingMemberKind.Method, null, true, "Load", "Save"),
            new BlockingMemberEntry("System.Xml.Linq.XElement", BlockingMemberKind.Method, null, true, "Load", "Save"),
            new BlockingMemberEntry("System.Xml.XmlDocument", BlockingMemberKind.Method, null, true, "Load", "Save"),
            new BlockingMemberEntry("System.Xml.XmlReader", BlockingMemberKind.Method, null, true, "Create")),

        new("Collections and parallel loops",
            new BlockingMemberEntry("System.Collections.Concurrent.BlockingCollection`1", BlockingMemberKind.Method, "Take", "TakeFromAny"),
            new BlockingMemberEntry("System.Threading.Tasks.Parallel", BlockingMemberKind.Method, "For", "ForEach", "Invoke")),

        new("Torsion",
            new BlockingMemberEntry("Torsion.ReactorThreadExtensions", BlockingMemberKind.Method, "BlockingCallFromThread")),

        new("Sockets and name resolution",
            new BlockingMemberEntry("System.Net.Sockets.Socket", BlockingMemberKind.Method,
                "Accept", "Connect", "Disconnect", "Receive", "ReceiveFrom", "ReceiveMessageFrom",
                "Send", "SendTo", "SendFile", "Poll", "Select"),
            new BlockingMemberEntry("System.Net.Sockets.TcpClient", BlockingMemberKind.Method, "Connect"),
            new BlockingMemberEntry("System.Net.Sockets.TcpListener", BlockingMemberKind.Method, "AcceptSocket", "AcceptTcpClient"),
            new BlockingMemberEntry("System.Net.Sockets.UdpClient", BlockingMemberKind.Method, "Receive"),
            new BlockingMemberEntry("System.Net.Dns", BlockingMemberKind.Method, "GetHostEntry", "GetHostAddresses")),

        new("HTTP",
            new BlockingMemberEntry("System.Net.Http.HttpMessageInvoker", BlockingMemberKind.Method, "Send"),
            new BlockingMemberEntry("System.Net.Http.HttpClient", BlockingMemberKind.Method, "Send")),

        new("Console input",
            new BlockingMemberEntry("System.Console", BlockingMemberKind.Method, "Read", "ReadKey", "ReadLine")),

        new("Processes",
            new BlockingMemberEntry("System.Diagnostics.Process", BlockingMemberKind.Method, "WaitForExit", "WaitForInputIdle")),
    };

    /// <summary>
    /// Stream types whose synchronous calls never wait for a device: a call on a receiver of one of
    /// these types (or a type derived from one) is not reported, although it matches <c>Stream</c>.
    /// </summary>
    public static readonly string[] InMemoryStreams =
    {
        "System.IO.MemoryStream",
        "System.IO.UnmanagedMemoryStream",
    };
}
