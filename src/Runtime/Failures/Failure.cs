using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Torsion;

/// <summary>
/// An exception travelling down a <see cref="Deferred"/>'s chain (Twisted's <c>Failure</c>).
/// </summary>
/// <remarks>
/// <para>
/// A Failure keeps the exception's stack trace exactly as it was when the exception was caught:
/// it holds an <see cref="ExceptionDispatchInfo"/>, so <see cref="RaiseException"/> and
/// <see cref="Trap(Type[])"/> rethrow the original exception with its original trace (plus the
/// place it was rethrown from), and nothing ever strips that trace to save memory.
/// </para>
/// <para>
/// A Failure also records the chain it travelled through: every callback that raised it, every
/// errback that passed it on, and every move from one Deferred to another. <see cref="GetTraceback"/>
/// shows both, which answers the two questions asked of an unhandled error: where was it raised, and
/// how did it get here.
/// </para>
/// <para>
/// The route is bounded: a failure passed on a million times keeps its first
/// <see cref="RouteEndsKept"/> and its last <see cref="RouteEndsKept"/> places, and counts the ones
/// in between (<see cref="RouteLength"/>; <see cref="Route"/> and <see cref="GetTraceback"/> show one
/// line saying how many were left out). A failure that travels out of generated
/// <c>[InlineCallbacks]</c> or <c>async Deferred</c> methods that do not catch it gets, from each,
/// a place on its route; the first <see cref="RethrowsTraced"/> also add their rethrow site to the
/// stack trace, deeper ones keep the trace as it is, so a failure raised at the bottom of a deep
/// nest of such methods costs the same per level at any depth.
/// </para>
/// <para>A Failure is not thread-safe; like a Deferred, it belongs to one thread at a time.</para>
/// </remarks>
public sealed class Failure
{
    private readonly ExceptionDispatchInfo _dispatch;

    /// <summary>How many places at each end of a long route are kept (see <see cref="Route"/>).</summary>
    public const int RouteEndsKept = 16;

    /// <summary>
    /// How many generated or async methods that a failure leaves uncaught add their rethrow site to
    /// its stack trace; deeper ones only add a place to its route, so the trace stays bounded.
    /// </summary>
    public const int RethrowsTraced = 16;

    /// <summary>How many rethrow sites this failure's trace holds (see <see cref="RethrowsTraced"/>).</summary>
    private int _rethrowsTraced;

    /// <summary>The last failure raised on this thread (see <see cref="ForRethrown"/>).</summary>
    [ThreadStatic]
    private static Failure? t_lastRaised;

    // The route: most failures travel one step (the callback that raised them), so the first entry
    // lives in a field and only later ones in a list. Entries 1 .. 2K-1 fill the list in order;
    // after that its last K slots are a ring holding the last K entries (K = RouteEndsKept).
    private RouteEntry _firstStep;
    private List<RouteEntry>? _laterSteps;
    private long _routeLength;

    /// <summary>Wraps <paramref name="exception"/>, capturing its stack trace as it is now.</summary>
    /// <param name="exception">The exception; one that was never thrown has no stack trace, and that is kept as it is.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public Failure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _dispatch = ExceptionDispatchInfo.Capture(exception);
    }

    /// <summary>The exception this failure carries.</summary>
    public Exception Value => _dispatch.SourceException;

    /// <summary>The run-time type of <see cref="Value"/>.</summary>
    public Type Type => _dispatch.SourceException.GetType();

    /// <summary>
    /// The places this failure passed through after it was raised, oldest first: the callback that
    /// raised it, each errback that passed it on, each generated method it left. Empty for a failure
    /// that has not travelled. A route longer than twice <see cref="RouteEndsKept"/> shows its first
    /// and last <see cref="RouteEndsKept"/> places with one line between them:
    /// <c>... N more places left out ...</c>.
    /// </summary>
    public IReadOnlyList<string> Route
    {
        get
        {
            if (_routeLength == 0)
            {
                return Array.Empty<string>();
            }

            var steps = new List<string>((int)Math.Min(_routeLength, (2 * RouteEndsKept) + 1));
            AppendRoute(steps);
            return steps;
        }
    }

    /// <summary>How many places the failure passed through, including those <see cref="Route"/> leaves out.</summary>
    public long RouteLength => _routeLength;

    /// <summary>
    /// Returns the first of <paramref name="exceptionTypes"/> that <see cref="Value"/> is an instance
    /// of (subclasses match), or null when none matches (Twisted's <c>check</c>).
    /// </summary>
    /// <param name="exceptionTypes">Exception types to test, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exceptionTypes"/> is null.</exception>
    public Type? Check(params Type[] exceptionTypes)
    {
        ArgumentNullException.ThrowIfNull(exceptionTypes);
        Type actual = Type;
        foreach (Type candidate in exceptionTypes)
        {
            if (candidate is not null && candidate.IsAssignableFrom(actual))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when <see cref="Value"/> is a <typeparamref name="TException"/> (or a subclass).</summary>
    /// <typeparam name="TException">The exception type to test for.</typeparam>
    public bool Check<TException>() where TException : Exception => Value is TException;

    /// <summary>
    /// Returns the first of <paramref name="exceptionTypes"/> that matches, like <see cref="Check(Type[])"/>;
    /// when none matches, rethrows the original exception with its original stack trace
    /// (Twisted's <c>trap</c>). Inside an errback this passes the failure on down the chain unchanged.
    /// </summary>
    /// <param name="exceptionTypes">Exception types this errback handles.</param>
    /// <returns>The matching type.</returns>
    /// <exception cref="Exception">The original exception, when no type matches.</exception>
    public Type Trap(params Type[] exceptionTypes)
    {
        Type? match = Check(exceptionTypes);
        if (match is null)
        {
            t_lastRaised = this;
            _dispatch.Throw();
        }

        return match;
    }

    /// <summary>
    /// Returns <see cref="Value"/> as a <typeparamref name="TException"/> when it is one; otherwise
    /// rethrows the original exception with its original stack trace.
    /// </summary>
    /// <typeparam name="TException">The exception type this errback handles.</typeparam>
    /// <exception cref="Exception">The original exception, when it is not a <typeparamref name="TException"/>.</exception>
    public TException Trap<TException>() where TException : Exception
    {
        if (Value is TException matched)
        {
            return matched;
        }

        t_lastRaised = this;
        _dispatch.Throw();
        return null; // unreachable: Throw does not return
    }

    /// <summary>Rethrows the original exception with its original stack trace (Twisted's <c>raiseException</c>).</summary>
    /// <exception cref="Exception">Always: the exception this failure carries.</exception>
    [DoesNotReturn]
    [System.Diagnostics.StackTraceHidden]
    public void RaiseException()
    {
        t_lastRaised = this;
        _dispatch.Throw();
    }

    /// <summary>The exception's message (Twisted's <c>getErrorMessage</c>).</summary>
    public string GetErrorMessage() => Value.Message;

    /// <summary>
    /// One line: the exception's full type name and its message (Twisted's <c>getBriefTraceback</c>
    /// without frames). Suits messages that list several failures.
    /// </summary>
    public string GetBriefTraceback() => Type.FullName + ": " + Value.Message;

    /// <summary>
    /// A readable report: the exception's type, message and stack trace (inner exceptions included),
    /// then the route the failure took through Deferred chains.
    /// </summary>
    public string GetTraceback()
    {
        var text = new StringBuilder();
        text.Append(Value.ToString());
        if (Value.StackTrace is null)
        {
            text.AppendLine().Append("   (no stack trace: the exception was never thrown)");
        }

        if (_routeLength > 0)
        {
            text.AppendLine().Append("Deferred route:");
            var steps = new List<string>();
            AppendRoute(steps);
            foreach (string step in steps)
            {
                text.AppendLine().Append("   ").Append(step);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>[Failure instance: </c> followed by <see cref="GetTraceback"/> (where the failure was raised
    /// and the route it took) and <c>]</c>, as Twisted's <c>str(failure)</c>.
    /// </summary>
    public override string ToString() => "[Failure instance: " + GetTraceback() + "]";

    /// <summary>Records one place on the failure's route (see <see cref="Route"/>).</summary>
    internal void AddRoute(string step) => AddRoute(step, (Delegate?)null);

    /// <summary>
    /// Records "<paramref name="what"/> <paramref name="culprit"/>" on the route. The callback is
    /// named only when the route is read, so a failing chain pays for no reflection or strings.
    /// </summary>
    internal void AddRoute(string what, Delegate? culprit) => AddRouteEntry(new RouteEntry(what, culprit));

    /// <summary>Records that the failure left the generated method whose state machine is <paramref name="machineType"/>.</summary>
    internal void AddRoute(string what, Type machineType) => AddRouteEntry(new RouteEntry(what, machineType));

    private void AddRouteEntry(in RouteEntry step)
    {
        long index = _routeLength;
        if (index == 0)
        {
            _firstStep = step;
        }
        else if (index < 2 * RouteEndsKept)
        {
            (_laterSteps ??= new List<RouteEntry>(3)).Add(step);
        }
        else
        {
            // The ring of the last K entries: list positions K-1 .. 2K-2.
            _laterSteps![(int)(RouteEndsKept - 1 + ((index - RouteEndsKept) % RouteEndsKept))] = step;
        }

        _routeLength = index + 1;
    }

    /// <summary>The kept entries as text, with the line that counts the left-out ones.</summary>
    private void AppendRoute(List<string> steps)
    {
        if (_routeLength <= 2 * RouteEndsKept)
        {
            for (int i = 0; i < _routeLength; i++)
            {
                steps.Add(RouteStep(i).ToString());
            }

            return;
        }

        for (int i = 0; i < RouteEndsKept; i++)
        {
            steps.Add(RouteStep(i).ToString());
        }

        long omitted = _routeLength - (2 * RouteEndsKept);
        steps.Add("... " + omitted.ToString(System.Globalization.CultureInfo.InvariantCulture) + " more places left out ...");
        for (long i = _routeLength - RouteEndsKept; i < _routeLength; i++)
        {
            steps.Add(_laterSteps![(int)(RouteEndsKept - 1 + ((i - RouteEndsKept) % RouteEndsKept))].ToString());
        }
    }

    /// <summary>The <paramref name="index"/>th place on the route (0 is where it was raised), for routes kept whole.</summary>
    private RouteEntry RouteStep(int index) => index == 0 ? _firstStep : _laterSteps![index - 1];

    /// <summary>
    /// The Failure for an exception that ended a generated method or an async Deferred method: the
    /// Failure that was just raised into it, when that is the one carrying this exception (it keeps
    /// its identity, its original stack trace and its route, so nests of any depth cost the same per
    /// level), otherwise a new one.
    /// </summary>
    internal static Failure ForRethrown(Exception exception)
    {
        Failure? last = t_lastRaised;
        t_lastRaised = null;
        if (last is null || !ReferenceEquals(last.Value, exception))
        {
            return new Failure(exception);
        }

        if (last._rethrowsTraced >= RethrowsTraced)
        {
            return last;
        }

        // One of the first levels: capture the trace as it is now, with this level's rethrow site.
        var next = new Failure(exception) { _rethrowsTraced = last._rethrowsTraced + 1 };
        next._firstStep = last._firstStep;
        next._laterSteps = last._laterSteps is null ? null : new List<RouteEntry>(last._laterSteps);
        next._routeLength = last._routeLength;
        return next;
    }

    /// <summary>
    /// Wraps an exception caught while running <paramref name="culprit"/>, reusing
    /// <paramref name="current"/> when the exception is the one it already carries (an errback that
    /// rethrew it), so a failure keeps its identity and its route.
    /// </summary>
    internal static Failure FromCaught(Exception caught, Failure? current, Delegate? culprit)
    {
        if (current is not null && ReferenceEquals(current.Value, caught))
        {
            current.AddRoute("passed on by", culprit ?? s_unknownCallback);
            return current;
        }

        var failure = new Failure(caught);
        failure.AddRoute("raised in", culprit ?? s_unknownCallback);
        return failure;
    }

    /// <summary>Stands for "a callback" when the culprit is unknown.</summary>
    private static readonly Delegate s_unknownCallback = new Action(static () => { });

    /// <summary>One place on the route: a phrase and, when known, the callback it names.</summary>
    private readonly struct RouteEntry
    {
        private readonly string _what;
        private readonly object? _culprit;

        public RouteEntry(string what, Delegate? culprit)
        {
            _what = what;
            _culprit = culprit;
        }

        public RouteEntry(string what, Type machineType)
        {
            _what = what;
            _culprit = machineType;
        }

        public override string ToString()
            => _culprit switch
            {
                null => _what,
                Type machineType => _what + " " + DescribeMachine(machineType),
                _ when ReferenceEquals(_culprit, s_unknownCallback) => _what + " a callback",
                _ => _what + " " + Describe((Delegate)_culprit),
            };
    }

    /// <summary>
    /// Names the method a state machine runs: <c>Namespace.Type.Method</c> for a generated
    /// <c>__Method_StateMachine</c> or a compiler's <c>&lt;Method&gt;d__N</c>.
    /// </summary>
    internal static string DescribeMachine(Type machineType)
    {
        string name = machineType.Name;
        if (name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("_StateMachine", StringComparison.Ordinal) && name.Length > 15)
        {
            name = name.Substring(2, name.Length - 15);
        }
        else if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and int close)
        {
            name = name.Substring(1, close - 1);
        }

        return machineType.DeclaringType is { } owner ? owner.FullName + "." + name : name;
    }

    /// <summary>Names a callback for a route entry: <c>Namespace.Type.Method</c>.</summary>
    internal static string Describe(Delegate? callable)
    {
        if (callable is null)
        {
            return "a callback";
        }

        if (callable.Target is ICallbackAdapter bound)
        {
            // An extra-argument overload's adapter: name the user's function, not the adapter.
            callable = bound.Inner;
        }

        var method = callable.Method;
        return method.DeclaringType is { } type ? type.FullName + "." + method.Name : method.Name;
    }
}
