using System;
using System.Threading.Tasks;

namespace Torsion;

/// <summary>
/// Holds what <see cref="DeferredConcurrencyPrimitive{TSelf}.AcquireScope"/> acquired, and releases
/// it when disposed (once: disposing again does nothing).
/// </summary>
public sealed class AcquiredScope : IDisposable, IAsyncDisposable
{
    private Action? _release;

    internal AcquiredScope(Action release) => _release = release;

    /// <summary>True until the scope has been disposed.</summary>
    public bool Held => _release is not null;

    /// <summary>Releases the lock or token, the first time it is called.</summary>
    /// <exception cref="InvalidOperationException">The primitive was already released by other means and refuses to be released again.</exception>
    public void Dispose()
    {
        Action? release = _release;
        _release = null;
        release?.Invoke();
    }

    /// <summary>Releases the lock or token (see <see cref="Dispose"/>); completes synchronously.</summary>
    /// <exception cref="InvalidOperationException">The primitive was already released by other means and refuses to be released again.</exception>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
