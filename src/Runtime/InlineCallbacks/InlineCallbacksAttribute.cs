using System;

namespace Torsion;

/// <summary>
/// Marks an iterator method <c>IEnumerable&lt;Deferred&gt; Name(...)</c> whose body waits for Deferreds
/// with <c>yield return deferred;</c> (Twisted's <c>@inlineCallbacks</c>). The Torsion source generator
/// writes a companion method, <c>NameAsync(...)</c> by default, that runs the body as an explicit
/// callback state machine and returns a <see cref="Deferred"/> (or <see cref="Deferred{T}"/> when the
/// body ends with <c>yield return InlineCallbacks.Return(value);</c>). See docs/inline-callbacks.md.
/// </summary>
/// <remarks>
/// The containing type (and every type around it) must be <c>partial</c>. The attribute has no
/// effect at run time: without the generator, <see cref="InlineCallbacks.Run(System.Collections.Generic.IEnumerable{Deferred})"/>
/// runs the same iterator with a (slower) run-time driver.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InlineCallbacksAttribute : Attribute
{
    /// <summary>
    /// The name of the generated method. Null (the default) means the iterator's name followed by
    /// <c>Async</c>: <c>FetchLength</c> gives <c>FetchLengthAsync</c>.
    /// </summary>
    public string? MethodName { get; set; }
}
