using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Differential;

/// <summary>
/// Random differential testing: bodies written by <see cref="RandomBodyGenerator"/> from a seed, each
/// run as the generated state machine and through the plain driver
/// (<see cref="global::Torsion.InlineCallbacks.Run(IEnumerable{Deferred})"/> enumerating the original
/// iterator) over the same Deferreds, under several ways of firing them; the traces must be equal.
/// Each seed gives a batch of bodies compiled in one compilation. The fixed seeds run on every run;
/// one more seed changes per run (set TORSION_DIFFERENTIAL_SEED to replay one). A failure names its
/// seed, body and mode, and shows the body.
/// </summary>
public sealed class RandomDifferentialTests
{
    /// <summary>Bodies per seed (one compilation each).</summary>
    public const int BodiesPerSeed = 250;

    /// <summary>The seeds run every time: with the per-run seed, 5 × 250 = 1,250 bodies per run.</summary>
    private static readonly int[] FixedSeeds = { 1, 20261204, 77, 4242 };

    /// <summary>How the Deferreds the body asks for behave.</summary>
    public enum Mode
    {
        /// <summary>Already fired with a value.</summary>
        Fired,

        /// <summary>Fired later, in the order asked for.</summary>
        Pending,

        /// <summary>The first one fails at once.</summary>
        FiredFailureFirst,

        /// <summary>The second one fails later.</summary>
        PendingFailureSecond,

        /// <summary>The third one fails later.</summary>
        PendingFailureThird,

        /// <summary>Pending; the returned Deferred is cancelled while waiting for the first one.</summary>
        CancelFirst,

        /// <summary>Pending; the returned Deferred is cancelled while waiting for the second one.</summary>
        CancelSecond,
    }

    public static IEnumerable<object[]> Seeds()
    {
        foreach (int seed in FixedSeeds)
        {
            yield return new object[] { seed };
        }

        string? fixedSeed = Environment.GetEnvironmentVariable("TORSION_DIFFERENTIAL_SEED");
        int perRun = fixedSeed is not null
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : (int)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute % 1_000_000_007);
        yield return new object[] { perRun };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_and_plain_driver_traces_are_equal_for_random_bodies(int seed)
    {
        (string source, List<RandomBody> bodies) = RandomBodyGenerator.Batch(seed, 1, BodiesPerSeed);
        GeneratorRun run = GeneratorHarness.Run(source, "Random.cs");
        Assert.True(run.Sources.Count == bodies.Count + 4,
            "seed " + seed + ": " + run.Sources.Count + " generated files for " + bodies.Count + " bodies; diagnostics: " + string.Join("; ", run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Take(5)));
        var code = new LoadedCode(run.Load(), "Rand");
        Type type = code.Assembly.GetType("Rand")!;
        int compared = 0;
        foreach (RandomBody body in bodies)
        {
            foreach (Mode mode in Enum.GetValues<Mode>())
            {
                foreach (int arg in new[] { 0, 2 })
                {
                    List<string> generated = Trace(code, type, body, mode, arg, naive: false);
                    List<string> naive = Trace(code, type, body, mode, arg, naive: true);
                    if (!generated.SequenceEqual(naive))
                    {
                        Assert.Fail(Describe(seed, body, mode, arg, naive, generated));
                    }

                    compared++;
                }
            }
        }

        Assert.Equal(bodies.Count * Enum.GetValues<Mode>().Length * 2, compared);
    }

    [Fact]
    public void The_body_generator_is_deterministic_for_a_seed_and_covers_every_shape()
    {
        (string first, List<RandomBody> bodies) = RandomBodyGenerator.Batch(99, 1, BodiesPerSeed);
        (string second, _) = RandomBodyGenerator.Batch(99, 1, BodiesPerSeed);
        Assert.Equal(first, second);
        Assert.NotEqual(first, RandomBodyGenerator.Batch(100, 1, BodiesPerSeed).Source);
        string all = string.Concat(bodies.Select(b => b.Text));
        foreach (string shape in new[]
                 {
                     "for (", "while (", "break;", "continue;", "if (", "else", "switch (", "try", "finally", "catch (", "using var", "using (",
                     "yield break;", "throw new BoomException", "InlineCallbacks.Settle(", "InnerIntAsync(", "InnerTextAsync(", "InnerGenericAsync(",
                     "InnerVoidAsync(", "Func<int>", "InlineCallbacks.Return<int?>(", "new Point(", "(acc, text)", "<T>(int arg, T tag)",
                 })
        {
            Assert.Contains(shape, all);
        }

        Assert.Equal(Enum.GetValues<BodyKind>().Length, bodies.Select(b => b.Kind).Distinct().Count());
    }

    private static List<string> Trace(LoadedCode code, Type type, RandomBody body, Mode mode, int arg, bool naive)
    {
        List<string> log = code.Log;
        log.Clear();
        var pending = new Queue<(Deferred<int> Deferred, int Value, bool Fail)>();
        int asked = 0;
        Func<int, Deferred<int>> get = n =>
        {
            asked++;
            bool fail = (mode == Mode.FiredFailureFirst && asked == 1)
                || (mode == Mode.PendingFailureSecond && asked == 2)
                || (mode == Mode.PendingFailureThird && asked == 3);
            log.Add("get " + n);
            if (mode is Mode.Fired or Mode.FiredFailureFirst)
            {
                return fail ? Deferred.Fail<int>(new TimeoutException("failed " + n)) : Deferred.Succeed(n * 2);
            }

            var d = new Deferred<int>();
            pending.Enqueue((d, n * 2, fail));
            return d;
        };
        type.GetField("Get")!.SetValue(null, get);

        MethodInfo generatedMethod = type.GetMethod(body.Name + "Async")!;
        MethodInfo iteratorMethod = type.GetMethod(body.Name)!;
        object[] arguments = body.Kind == BodyKind.Generic ? new object[] { arg, "tag" } : new object[] { arg };
        if (body.Kind == BodyKind.Generic)
        {
            generatedMethod = generatedMethod.MakeGenericMethod(typeof(string));
            iteratorMethod = iteratorMethod.MakeGenericMethod(typeof(string));
        }

        Deferred result;
        if (naive)
        {
            var iterator = (IEnumerable<Deferred>)iteratorMethod.Invoke(null, arguments)!;
            result = generatedMethod.ReturnType == typeof(Deferred)
                ? global::Torsion.InlineCallbacks.Run(iterator)
                : (Deferred)RunOfT.MakeGenericMethod(generatedMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, new object[] { iterator })!;
        }
        else
        {
            result = (Deferred)generatedMethod.Invoke(null, arguments)!;
        }

        int cancelAt = mode == Mode.CancelFirst ? 1 : mode == Mode.CancelSecond ? 2 : 0;
        PendingDeferreds.ServeAndDescribe(pending, result, cancelAt, log, maxServed: 1000);

        return log.ToList();
    }

    private static readonly MethodInfo RunOfT = typeof(global::Torsion.InlineCallbacks).GetMethods()
        .Single(m => m.Name == "Run" && m.IsGenericMethodDefinition);

    private static string Describe(int seed, RandomBody body, Mode mode, int arg, List<string> naive, List<string> generated)
    {
        var text = new StringBuilder();
        text.AppendLine("Seed " + seed + " (replay with TORSION_DIFFERENTIAL_SEED=" + seed + "), " + body.Name + ", mode " + mode + ", arg " + arg + ":");
        text.AppendLine("plain driver: " + string.Join(" | ", naive));
        text.AppendLine("generated:    " + string.Join(" | ", generated));
        text.AppendLine(body.Text);
        return text.ToString();
    }
}
