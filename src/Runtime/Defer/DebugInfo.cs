using System.Diagnostics;

namespace Torsion;

/// <summary>
/// Where a Deferred was created and first fired, recorded while <see cref="Deferred.Debugging"/>
/// is on, so <see cref="AlreadyCalledException"/> can say who fired it first (Twisted's debug mode).
/// </summary>
internal sealed class DebugInfo
{
    private readonly StackTrace _creator = new(2, true);
    private StackTrace? _invoker;

    public void RecordInvoker() => _invoker ??= new StackTrace(2, true);

    public string Describe()
        => " C: Deferred was created:" + System.Environment.NewLine + _creator
            + (_invoker is null ? string.Empty : " I: First Invoker was:" + System.Environment.NewLine + _invoker);
}
