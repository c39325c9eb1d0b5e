using System;
using Microsoft.Extensions.Logging;

namespace Torsion.Tests.Utilities;

/// <summary>LogError, Twisted's logError.</summary>
public class LogErrorTests
{
    [Fact]
    public void ReturnsTheSameFailure()
    {
        var failure = new Failure(new GenericException("x"));
        Assert.Same(failure, Deferred.LogError(failure, new RecordingLogger()));
    }

    [Fact]
    public void LogsOneCriticalRecordWithTheExceptionAndTraceback()
    {
        var logger = new RecordingLogger();
        var failure = new Failure(new GenericException("logged"));
        Deferred.LogError(failure, logger);
        var record = Assert.Single(logger.Records);
        Assert.Equal(LogLevel.Critical, record.Level);
        Assert.Same(failure.Value, record.Exception);
        Assert.Contains("logged", record.Message);
    }

    [Fact]
    public void AsAnErrbackItPassesTheFailureOnAfterLoggingItToUnhandledFailuresLogger()
    {
        var logger = new RecordingLogger();
        ILogger previous = UnhandledFailures.Logger;
        UnhandledFailures.Logger = logger;
        try
        {
            var d = new Deferred();
            d.AddErrback(Deferred.LogError);
            d.Errback(new GenericException("passed on"));
            // Other tests' unhandled-failure reports may reach the global logger meanwhile: count ours.
            Assert.Single(logger.Snapshot(), r => r.Exception is GenericException { Message: "passed on" });
            Assert.Equal("passed on", DeferredAssert.FailureResultOf<GenericException>(d).Value.Message);
        }
        finally
        {
            UnhandledFailures.Logger = previous;
        }
    }

    [Fact]
    public void LogErrorAndRethrowKeepsATypedChainFailing()
    {
        var logger = new RecordingLogger();
        var d = new Deferred<int>();
        d.AddErrback(Deferred.LogErrorAndRethrow<int>(logger));
        d.Errback(new GenericException("typed"));
        Assert.Single(logger.Records);
        Assert.Equal("typed", DeferredAssert.FailureResultOf<GenericException>(d).Value.Message);
    }

    [Fact]
    public void NullArgumentsThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Deferred.LogError(null!, new RecordingLogger()));
        Assert.Throws<ArgumentNullException>(() => Deferred.LogError(new Failure(new GenericException("x")), null!));
    }
}
