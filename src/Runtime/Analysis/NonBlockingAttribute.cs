using System;

namespace Torsion;

/// <summary>
/// Marks a method (or a property, for its getter) that the user knows does not block the calling
/// thread although Torsion's analyzers would find a blocking call in it (a wait that is always
/// already satisfied, a file on a RAM disk ...). A call of it from reactor code is not reported
/// (TRS2001): the chain of calls that leads to the blocking call is cut at this method. Blocking
/// calls written directly in its body are still reported when the method itself runs on the reactor.
/// </summary>
/// <remarks>The attribute has no effect at run time.</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public sealed class NonBlockingAttribute : Attribute
{
}
