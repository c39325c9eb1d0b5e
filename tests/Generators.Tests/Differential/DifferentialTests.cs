using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Differential;

/// <summary>Compiles <see cref="DifferentialSource"/> once.</summary>
public sealed class DifferentialFixture
{
    internal LoadedCode Code { get; } = new(GeneratorHarness.Run(DifferentialSource.Text, "Bodies.cs").Load(), "Bodies");
}

/// <summary>
/// The generated state machine and the naive run-time driver must produce identical traces (side
/// effects, result or failure) for every body under every way of firing its Deferreds.
/// </summary>
public sealed class DifferentialTests : IClassFixture<DifferentialFixture>
{
    private readonly LoadedCode _code;

    public DifferentialTests(DifferentialFixture fixture) => _code = fixture.Code;

    /// <summary>How the Deferreds the body asks for behave.</summary>
    public enum Mode
    {
        /// <summary>Already fired with a value.</summary>
        Fired,

        /// <summary>Fired later, in the order asked for.</summary>
        Pending,

        /// <summary>The second one fails (already fired); the others succeed.</summary>
        FiredFailure,

        /// <summary>The second one fails later.</summary>
        PendingFailure,

        /// <summary>Pending; the returned Deferred is cancelled while waiting for the second one.</summary>
        CancelSecond,

        /// <summary>Pending; the returned Deferred is cancelled while waiting for the first one.</summary>
        CancelFirst,
    }

    public static IEnumerable<object[]> Cases() =>
        from body in Enumerable.Range(1, DifferentialSource.BodyCount)
        from mode in Enum.GetValues<Mode>()
        from arg in new[] { 0, 3 }
        select new object[] { body, mode, arg };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_and_naive_driver_produce_the_same_trace(int body, Mode mode, int arg)
    {
        List<string> generated = Trace(body, mode, arg, naive: false);
        List<string> naive = Trace(body, mode, arg, naive: true);
        Assert.Equal(naive, generated);
        Assert.Contains(generated, line => line.StartsWith("=> "));
    }

    private List<string> Trace(int body, Mode mode, int arg, bool naive)
    {
        List<string> log = _code.Log;
        log.Clear();
        var pending = new Queue<(Deferred<int> Deferred, int Value, bool Fail)>();
        int asked = 0;
        Func<int, Deferred<int>> get = n =>
        {
            asked++;
            bool fail = asked == 2 && (mode == Mode.FiredFailure || mode == Mode.PendingFailure);
            log.Add("get " + n);
            if (mode == Mode.Fired || mode == Mode.FiredFailure)
            {
                return fail ? Deferred.Fail<int>(new TimeoutException("failed " + n)) : Deferred.Succeed(n * 2);
            }

            var d = new Deferred<int>();
            pending.Enqueue((d, n * 2, fail));
            return d;
        };
        _code.Assembly.GetType("Bodies")!.GetField("Get")!.SetValue(null, get);

        Deferred result;
        MethodInfo generatedMethod = _code.Assembly.GetType("Bodies")!.GetMethod("Body" + body + "Async")!;
        if (naive)
        {
            var iterator = (IEnumerable<Deferred>)_code.Call("Body" + body, arg)!;
            result = generatedMethod.ReturnType == typeof(Deferred<int>) ? global::Torsion.InlineCallbacks.Run<int>(iterator) : global::Torsion.InlineCallbacks.Run(iterator);
        }
        else
        {
            result = (Deferred)generatedMethod.Invoke(null, new object[] { arg })!;
        }

        int cancelAt = mode == Mode.CancelFirst ? 1 : mode == Mode.CancelSecond ? 2 : 0;
        PendingDeferreds.ServeAndDescribe(pending, result, cancelAt, log);

        return log.ToList();
    }
}
