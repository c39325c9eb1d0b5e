using System.Collections.Generic;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>The Tour's reactor sections (tutorial 二 and 三.2–三.3), in the tutorial's order, each
/// isolated so it gets a fresh global reactor (see <see cref="GlobalReactorSection"/>).</summary>
public static class ReactorSections
{
    /// <summary>The sections of tutorial part 二 (the reactor).</summary>
    public static IReadOnlyList<TourSection> PartTwo { get; } = new[]
    {
        Section("reactor-hello", "二.1 hello world", HelloWorld.Run),
        Section("reactor-select", "二.1 手动指定 select reactor", SelectReactorByHand.Run),
        Section("reactor-calllater", "二.2 定时调用 (callLater)", CallLaterWithDelay.Run),
        Section("reactor-loop", "二.2 定时调用 (callLater 循环)", CallLaterLoop.Run),
        Section("reactor-loopingcall", "二.2 定时调用 (task.LoopingCall)", LoopingCallSection.Run),
    };

    /// <summary>The sections of tutorial 三.2 and 三.3 (Deferreds fired by the reactor).</summary>
    public static IReadOnlyList<TourSection> DeferredsWithReactor { get; } = new[]
    {
        Section("defer-reactor", "三.2 结合reactor", DeferredWithReactor.Run),
        Section("defer-errback", "三.3 错误回调", DeferredErrback.Run),
    };

    private static TourSection Section(string id, string title, System.Func<TourOptions, int> run) =>
        new(id, title, GlobalReactorSection.Isolated(id, run));
}
