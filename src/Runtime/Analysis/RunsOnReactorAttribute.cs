using System;

namespace Torsion;

/// <summary>
/// Tells Torsion's analyzers that code runs on the reactor thread, so that a blocking call in it is
/// reported (TRS2001). On a method: its body (and the lambdas and local functions inside it) is
/// reactor code. On a class or struct: every method of the type is. On a delegate parameter: a
/// delegate passed for that parameter (a lambda, a method group, a local function) is reactor code,
/// so that a library can declare its own APIs that call back on the reactor, the way
/// <c>Deferred.AddCallback</c> and <c>IReactorTime.CallLater</c> do.
/// </summary>
/// <remarks>The attribute has no effect at run time.</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class RunsOnReactorAttribute : Attribute
{
}
