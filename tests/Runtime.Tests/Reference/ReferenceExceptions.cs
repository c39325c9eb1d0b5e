using System;
using System.Collections.Generic;

namespace Torsion.Tests.Reference;

/// <summary>Stands for Python's ValueError in the scenarios.</summary>
public class ReferenceValueException : Exception
{
    /// <summary>Creates the exception; the message is the tag of the place that raised it.</summary>
    public ReferenceValueException(string message)
        : base(message)
    {
    }
}

/// <summary>Stands for Python's TypeError in the scenarios.</summary>
public class ReferenceTypeException : Exception
{
    /// <summary>Creates the exception; the message is the tag of the place that raised it.</summary>
    public ReferenceTypeException(string message)
        : base(message)
    {
    }
}

/// <summary>Stands for Python's LookupError (the base of KeyError) in the scenarios.</summary>
public class ReferenceLookupException : Exception
{
    /// <summary>Creates the exception; the message is the tag of the place that raised it.</summary>
    public ReferenceLookupException(string message)
        : base(message)
    {
    }
}

/// <summary>Stands for Python's KeyError (a LookupError) in the scenarios.</summary>
public class ReferenceKeyException : ReferenceLookupException
{
    /// <summary>Creates the exception; the message is the tag of the place that raised it.</summary>
    public ReferenceKeyException(string message)
        : base(message)
    {
    }
}

/// <summary>The mapping between the Python exception names scenarios use and .NET exception types.</summary>
internal static class ReferenceExceptionNames
{
    private static readonly Dictionary<string, Type> s_types = new(StringComparer.Ordinal)
    {
        ["ValueError"] = typeof(ReferenceValueException),
        ["TypeError"] = typeof(ReferenceTypeException),
        ["LookupError"] = typeof(ReferenceLookupException),
        ["KeyError"] = typeof(ReferenceKeyException),
        ["CancelledError"] = typeof(CancelledException),
        ["AlreadyCalledError"] = typeof(AlreadyCalledException),
    };

    /// <summary>The .NET type a Python exception name stands for.</summary>
    public static Type TypeOf(string pythonName)
        => s_types.TryGetValue(pythonName, out Type? type)
            ? type
            : throw new ReferenceScenarioException("unknown exception name '" + pythonName + "'");

    /// <summary>A new exception of the named type, carrying <paramref name="tag"/> as its message.</summary>
    public static Exception Create(string pythonName, string tag) => pythonName switch
    {
        "ValueError" => new ReferenceValueException(tag),
        "TypeError" => new ReferenceTypeException(tag),
        "LookupError" => new ReferenceLookupException(tag),
        "KeyError" => new ReferenceKeyException(tag),
        "CancelledError" => new CancelledException(tag),
        "AlreadyCalledError" => new AlreadyCalledException(tag),
        _ => throw new ReferenceScenarioException("unknown exception name '" + pythonName + "'"),
    };

    /// <summary>
    /// Describes an exception as the Python interpreter does: "ValueError: tag" for the scenario
    /// exceptions, the bare Python name for Twisted's own errors, and the .NET name for anything
    /// else (which then shows up as a difference).
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        ReferenceKeyException e => "KeyError: " + e.Message,
        ReferenceLookupException e => "LookupError: " + e.Message,
        ReferenceValueException e => "ValueError: " + e.Message,
        ReferenceTypeException e => "TypeError: " + e.Message,
        CancelledException => "CancelledError",
        AlreadyCalledException => "AlreadyCalledError",
        _ => exception.GetType().FullName + " (" + exception.Message + ")",
    };
}
