using System;
using Microsoft.Extensions.Logging;

namespace Torsion;

// Twisted's logError.
public partial class Deferred
{
    /// <summary>
    /// Logs <paramref name="failure"/> to <see cref="UnhandledFailures.Logger"/> and returns it
    /// unchanged (Twisted's <c>logError</c>), so it can sit in a chain as a pass-through errback:
    /// <c>d.AddErrback(Deferred.LogError)</c>. The chain keeps failing; if nothing handles the
    /// failure later, it is also reported as unhandled, as in Twisted.
    /// </summary>
    /// <param name="failure">The failure to log.</param>
    /// <returns><paramref name="failure"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    public static Failure LogError(Failure failure) => LogError(failure, UnhandledFailures.Logger);

    /// <summary>
    /// Logs <paramref name="failure"/> to <paramref name="logger"/> (one critical record carrying the
    /// exception and its traceback, as Twisted's <c>log.failure</c>) and returns it unchanged.
    /// </summary>
    /// <param name="failure">The failure to log.</param>
    /// <param name="logger">Where to log it.</param>
    /// <returns><paramref name="failure"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> or <paramref name="logger"/> is null.</exception>
    public static Failure LogError(Failure failure, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(
            LogLevel.Critical,
            new EventId(2, "LoggedFailure"),
            failure.Value,
            "Logged failure:{NewLine}{Traceback}",
            Environment.NewLine,
            failure.GetTraceback());
        return failure;
    }

    /// <summary>
    /// An errback for typed chains that logs the failure to <paramref name="logger"/> (or
    /// <see cref="UnhandledFailures.Logger"/> when null) and passes it on by rethrowing it with its
    /// original stack trace: <c>typed.AddErrback(Deferred.LogErrorAndRethrow&lt;int&gt;())</c>.
    /// </summary>
    /// <typeparam name="T">The chain's result type.</typeparam>
    /// <param name="logger">Where to log; null for <see cref="UnhandledFailures.Logger"/>.</param>
    public static Func<Failure, T> LogErrorAndRethrow<T>(ILogger? logger = null)
        => failure =>
        {
            LogError(failure, logger ?? UnhandledFailures.Logger);
            failure.RaiseException();
            return default!;
        };
}
