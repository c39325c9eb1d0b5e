using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion;

/// <summary>
/// Where failures that nothing handled are reported (Twisted's "Unhandled error in Deferred").
/// </summary>
/// <remarks>
/// <para>
/// A Deferred whose chain ends in a failure that no errback handled, and that nothing awaited,
/// reports the failure when the garbage collector collects it: first to <see cref="Unhandled"/>
/// subscribers (which may mark it observed, like <c>TaskScheduler.UnobservedTaskException</c>),
/// then, unless observed, to <see cref="Logger"/> as one error record carrying the exception, its
/// stack trace and its route through the chain. The default logger writes to standard error.
/// </para>
/// <para>
/// Collection is not deterministic. Tests use <see cref="UnhandledFailureCapture"/>
/// (<see cref="Capture"/>), which forces collection and hands the failures over to be asserted
/// (trial's <c>flushLoggedErrors</c>).
/// </para>
/// <para>Reports may arrive on the finalizer thread: subscribers and loggers must be thread-safe.</para>
/// </remarks>
public static class UnhandledFailures
{
    private static ILogger s_logger = StandardErrorLogger.Instance;

    /// <summary>
    /// The logger unhandled failures go to, after the <see cref="Unhandled"/> event. Defaults to a
    /// logger that writes to standard error. Set it to route reports into your logging.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static ILogger Logger
    {
        get => Volatile.Read(ref s_logger);
        set => Volatile.Write(ref s_logger, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Raised for every unhandled failure, before it is logged. A handler that sets
    /// <see cref="UnhandledFailureEventArgs.Observed"/> stops it from being logged.
    /// </summary>
    public static event EventHandler<UnhandledFailureEventArgs>? Unhandled;

    /// <summary>
    /// Starts capturing the unhandled failures of Deferreds that fail from now on in the current
    /// async flow (test code), instead of logging them. Dispose the capture to stop.
    /// </summary>
    public static UnhandledFailureCapture Capture() => new();

    /// <summary>
    /// Forces a full garbage collection and waits for finalizers, so every unreachable Deferred
    /// with an unhandled failure reports it now.
    /// </summary>
    public static void CollectNow()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static void LogSafely(Exception exception, string message)
    {
        try
        {
            Logger.Log(LogLevel.Error, new EventId(2, "UnhandledFailureSubscriberError"), exception, "{Message}{NewLine}{Exception}", message, Environment.NewLine, exception);
        }
        catch (Exception)
        {
            // Nowhere left to report.
        }
    }

    /// <summary>Reports a failure that nothing handled. Never throws.</summary>
    internal static void Report(Failure failure, string origin, UnhandledFailureCapture? capture = null)
    {
        try
        {
            if (capture is not null && capture.TryAdd(failure))
            {
                return;
            }

            var args = new UnhandledFailureEventArgs(failure, origin);
            if (Unhandled is { } handlers)
            {
                // Each subscriber on its own: one that throws neither hides the failure from the
                // others nor from the log; its own exception is logged too.
                foreach (EventHandler<UnhandledFailureEventArgs> handler in handlers.GetInvocationList())
                {
                    try
                    {
                        handler(null, args);
                    }
                    catch (Exception subscriberError)
                    {
                        LogSafely(subscriberError, "An UnhandledFailures.Unhandled subscriber threw while a failure was reported; the failure is logged below.");
                    }
                }
            }

            if (args.Observed)
            {
                return;
            }

            Logger.Log(
                LogLevel.Critical,
                new EventId(1, "UnhandledFailure"),
                failure.Value,
                "Unhandled error in {Origin}:{NewLine}{Traceback}",
                origin,
                Environment.NewLine,
                failure.GetTraceback());
        }
        catch (Exception)
        {
            // A broken handler or logger must not crash the finalizer thread or the reactor; the
            // failure has nowhere left to go.
        }
    }
}
