using System;

namespace Torsion.Tests.Tasks;

/// <summary>An exception no library code throws, for the task tests.</summary>
internal sealed class TestException : Exception
{
    public TestException()
        : base("test failure")
    {
    }

    public TestException(string message)
        : base(message)
    {
    }
}
