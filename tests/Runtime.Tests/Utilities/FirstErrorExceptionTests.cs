using System;

namespace Torsion.Tests.Utilities;

/// <summary>FirstErrorException, modelled on Twisted's FirstErrorTests.</summary>
public class FirstErrorExceptionTests
{
    private static Failure Caught(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return new Failure(caught);
        }
    }

    [Fact]
    public void ToStringStartsWithTwistedsReprOfIndexAndSubFailureValue()
    {
        var error = new FirstErrorException(Caught(new InvalidOperationException("some text")), 3);
        Assert.StartsWith("FirstError[#3, InvalidOperationException('some text')]", error.ToString());
    }

    [Fact]
    public void ToStringIncludesTheSubFailureTraceback()
    {
        Failure failure = Caught(new InvalidOperationException("some text"));
        var error = new FirstErrorException(failure, 3);
        Assert.Contains(nameof(Caught), error.ToString());
    }

    [Fact]
    public void MessageIsTwistedsStrOfIndexAndSubFailure()
    {
        Failure failure = Caught(new InvalidOperationException("some text"));
        var error = new FirstErrorException(failure, 5);
        Assert.Equal("FirstError[#5, " + failure + "]", error.Message);
    }

    [Fact]
    public void ExposesSubFailureIndexAndInnerException()
    {
        Failure failure = Caught(new InvalidOperationException("x"));
        var error = new FirstErrorException(failure, 2);
        Assert.Same(failure, error.SubFailure);
        Assert.Equal(2, error.Index);
        Assert.Same(failure.Value, error.InnerException);
    }

    [Fact]
    public void EqualWhenIndexAndSubFailureAreEqual()
    {
        Failure first = Caught(new DivideByZeroException());
        var one = new FirstErrorException(first, 13);
        var anotherOne = new FirstErrorException(first, 13);
        Assert.True(one.Equals(anotherOne));
        Assert.True(one.Equals((object)anotherOne));
        Assert.Equal(one.GetHashCode(), anotherOne.GetHashCode());
    }

    [Fact]
    public void NotEqualWhenIndexOrSubFailureDiffer()
    {
        Failure first = Caught(new DivideByZeroException());
        Failure second = Caught(new ArgumentException("bar"));
        var one = new FirstErrorException(first, 13);
        Assert.False(one.Equals(new FirstErrorException(second, 9)));
        Assert.False(one.Equals(new FirstErrorException(first, 9)));
        Assert.False(one.Equals(new FirstErrorException(second, 13)));
    }

    [Fact]
    public void NeverEqualToAnotherType()
    {
        var one = new FirstErrorException(Caught(new DivideByZeroException()), 10);
        Assert.False(one.Equals(10));
        Assert.False(one.Equals((object?)null));
    }

    [Fact]
    public void NullSubFailureThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => new FirstErrorException(null!, 0));

    [Fact]
    public void NegativeIndexThrowsArgumentOutOfRangeException()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new FirstErrorException(Caught(new DivideByZeroException()), -1));
}
