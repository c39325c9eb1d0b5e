using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Regressions;

/// <summary>
/// Issue 10, item 3: an exception thrown by a <c>finally</c> block after the body resumed must have the
/// stack trace ordinary C# gives it: the frame of the <c>throw</c>, then (as .NET shows for any finally
/// that throws) the frame of the method that ran the finally, both at the user's lines; never a frame
/// at a generated line or without a file.
/// </summary>
public sealed class FinallyStackTraceTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        public sealed class BoomException : Exception { public BoomException(string m) : base(m) { } }

        public static partial class Code
        {
            public static List<string> Log = new();

            [InlineCallbacks]
            public static IEnumerable<Deferred> ThrowsInFinally(Deferred<int> wait)
            {
                try
                {
                    yield return wait;
                    Log.Add("resumed");
                }
                finally
                {
                    Log.Add("finally");
                    throw new BoomException("from finally");
                }
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> ThrowsInNestedFinally(Deferred<int> wait)
            {
                using (new Res())
                {
                    try
                    {
                        yield return wait;
                    }
                    finally
                    {
                        if (wait.Result > 0) { throw new BoomException("nested"); }
                    }
                }
            }

            public sealed class Res : IDisposable { public void Dispose() => Log.Add("disposed"); }

            public static void Plain(int x)
            {
                try
                {
                    Log.Add("try " + x);
                }
                finally
                {
                    throw new BoomException("plain");
                }
            }
        }
        """;

    private static readonly LoadedCode Code = LoadedCode.Compile(Source, path: "/src/User/Finally.cs");

    private static int LineOf(string snippet) => Source[..Source.IndexOf(snippet, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Ordinary_CSharp_shows_the_throw_then_the_method_at_a_user_line()
    {
        Exception exception = Assert.ThrowsAny<Exception>(() => Code.Call("Plain", 1));
        Assert.Equal("BoomException", exception.GetType().Name);
        string[] frames = exception.StackTrace!.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at Code.", StringComparison.Ordinal)).ToArray();
        Assert.True(frames.Length == 2, exception.StackTrace);
        Assert.EndsWith("/src/User/Finally.cs:line " + LineOf("throw new BoomException(\"plain\");"), frames[0]);
        Assert.Contains("/src/User/Finally.cs:line ", frames[1]);
    }

    [Theory]
    [InlineData("ThrowsInFinally", "throw new BoomException(\"from finally\");", true)]
    [InlineData("ThrowsInFinally", "throw new BoomException(\"from finally\");", false)]
    [InlineData("ThrowsInNestedFinally", "if (wait.Result > 0) { throw new BoomException(\"nested\"); }", true)]
    [InlineData("ThrowsInNestedFinally", "if (wait.Result > 0) { throw new BoomException(\"nested\"); }", false)]
    public void A_throw_in_a_finally_after_a_resume_has_only_the_users_frame(string method, string throwLine, bool pending)
    {
        var wait = pending ? new Deferred<int>() : Deferred.Succeed(1);
        Deferred result = Code.CallDeferred(method + "Async", wait);
        if (pending)
        {
            wait.Callback(1);
        }

        Assert.True(result.IsFailed);
        var failure = (Failure)result.Result!;
        result.AddErrback((Failure _) => { });
        string trace = failure.Value.StackTrace!;
        string[] frames = trace.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(frames);
        Assert.EndsWith("/src/User/Finally.cs:line " + LineOf(throwLine), frames[0]);
        Assert.All(frames, frame => Assert.True(frame.Contains(" in /src/User/Finally.cs:line ", StringComparison.Ordinal), "a frame outside the user's file:\n" + trace));
    }
}
