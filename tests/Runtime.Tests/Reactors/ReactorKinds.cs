using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Torsion.Tests.Reactors;

/// <summary>Every reactor implementation, for the conformance theories.</summary>
public static class ReactorKinds
{
    public static IEnumerable<object[]> All()
    {
        yield return new object[] { "epoll" };
        yield return new object[] { "poll" };
        yield return new object[] { "select" };
        yield return new object[] { "completion" };
    }

    /// <summary>The readiness reactors (those implementing <see cref="IReactorFDSet"/>).</summary>
    public static IEnumerable<object[]> WithFileDescriptors()
    {
        yield return new object[] { "epoll" };
        yield return new object[] { "poll" };
        yield return new object[] { "select" };
    }

    public static ReactorBase Create(string kind, ILogger? logger = null) => kind switch
    {
        "epoll" => new EpollReactor(logger),
        "poll" => new PollReactor(logger),
        "select" => new SelectReactor(logger),
        "completion" => new CompletionReactor(logger),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown reactor kind"),
    };

    /// <summary>
    /// Runs <paramref name="reactor"/> with a safety net: if the test's own logic does not stop it
    /// within <paramref name="limitSeconds"/>, it is stopped and the test fails.
    /// </summary>
    public static void RunBounded(ReactorBase reactor, double limitSeconds = 30)
    {
        bool timedOut = false;
        var guard = reactor.CallLater(TimeSpan.FromSeconds(limitSeconds), () =>
        {
            timedOut = true;
            reactor.Crash();
        });
        reactor.Run(installSignalHandlers: false);
        Assert.False(timedOut, "the reactor did not stop by itself within the limit");
        if (guard.Active)
        {
            guard.Cancel();
        }
    }
}
