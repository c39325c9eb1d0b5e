namespace Torsion;

// Twisted's setDebugging/getDebugging.
public partial class Deferred
{
    private static bool s_debug;

    /// <summary>
    /// When true, every Deferred created from then on records the stack where it was created and
    /// where it was first fired, and <see cref="AlreadyCalledException"/> messages include both
    /// (Twisted's <c>setDebugging</c>). Costly; off by default.
    /// </summary>
    public static bool Debugging
    {
        get => s_debug;
        set => s_debug = value;
    }
}
