using System;

namespace Torsion.Tests.Defer;

/// <summary>Exception types the Deferred tests raise and trap.</summary>
public sealed class ValueErrorException : Exception
{
    public ValueErrorException(string message = "value error") : base(message) { }
}

public sealed class KeyErrorException : Exception
{
    public KeyErrorException(string message = "key error") : base(message) { }
}

internal static class Throw
{
    public static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
