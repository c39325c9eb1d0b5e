using System;

namespace Torsion.Tests.Utilities;

/// <summary>FailureGroupException.</summary>
public class FailureGroupExceptionTests
{
    [Fact]
    public void KeepsFailuresInTheOrderGiven()
    {
        var a = new Failure(new GenericException("a"));
        var b = new Failure(new GenericException("b"));
        var group = new FailureGroupException(new[] { a, b });
        Assert.Equal(new[] { a, b }, group.Failures);
    }

    [Fact]
    public void MessageListsEveryFailure()
    {
        var group = new FailureGroupException(new[] { new Failure(new GenericException("a")), new Failure(new GenericException("b")) });
        Assert.Equal(
            "FailureGroup[[Failure instance: Torsion.Tests.Utilities.GenericException: a], [Failure instance: Torsion.Tests.Utilities.GenericException: b]]",
            group.Message);
    }

    [Fact]
    public void TheFailuresAreCopied()
    {
        var failures = new[] { new Failure(new GenericException("a")) };
        var group = new FailureGroupException(failures);
        failures[0] = new Failure(new GenericException("changed"));
        Assert.Equal("a", group.Failures[0].Value.Message);
    }

    [Fact]
    public void NullFailuresThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new FailureGroupException(null!));
        Assert.Throws<ArgumentNullException>(() => new FailureGroupException(new Failure[] { null! }));
    }
}
