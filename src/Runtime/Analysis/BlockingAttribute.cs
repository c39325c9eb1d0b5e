using System;

namespace Torsion;

/// <summary>
/// Marks a method (or a property, for its getter) that blocks the calling thread, so that Torsion's
/// analyzers report a call of it in code that runs on the reactor thread (TRS2001), exactly as
/// they report <c>Thread.Sleep</c>. Meant for libraries: a method of the same compilation is
/// followed into its body without it.
/// </summary>
/// <remarks>The attribute has no effect at run time.</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public sealed class BlockingAttribute : Attribute
{
}
