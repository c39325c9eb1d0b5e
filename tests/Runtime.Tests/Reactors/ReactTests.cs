using System;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Tests.Reactors;

public class ReactTests
{
    [Fact]
    public void React_runs_until_the_main_Deferred_fires_and_returns_zero()
    {
        using var reactor = new EpollReactor();
        bool ranInsideReactor = false;
        bool runningWhenMainStarts = false;
        int code = React.Run(r =>
        {
            runningWhenMainStarts = r.Running;
            var d = new Deferred();
            r.CallLater(TimeSpan.FromMilliseconds(2), () =>
            {
                ranInsideReactor = r.Running;
                d.Callback("done");
            });
            return d;
        }, reactor);
        Assert.Equal(0, code);
        Assert.True(ranInsideReactor);
        Assert.True(runningWhenMainStarts);
        Assert.False(reactor.Running);
    }

    [Fact]
    public void React_returns_one_and_logs_when_main_fails()
    {
        var logger = new ListLogger();
        using var reactor = new PollReactor();
        var boom = new InvalidOperationException("main failed");
        int code = React.Run(r => Deferred.Fail(boom), reactor, logger);
        Assert.Equal(1, code);
        Assert.Contains(logger.Entries, e => e.Message == "main function encountered error" && ReferenceEquals(e.Exception, boom));
    }

    [Fact]
    public void React_with_an_async_Deferred_main_resumes_awaits_on_the_reactor_thread()
    {
        using var reactor = new EpollReactor();
        Thread? loop = null;
        Thread? afterAwait = null;
        int code = React.Run(r => MainAsync(r), reactor);
        Assert.Equal(0, code);
        Assert.Same(loop, afterAwait);

        async Deferred MainAsync(IReactor r)
        {
            loop = Thread.CurrentThread;
            await Task.Delay(2);
            afterAwait = Thread.CurrentThread;
        }
    }

    [Fact]
    public void React_returns_the_code_of_a_SystemExitException_without_logging_an_error()
    {
        var logger = new ListLogger();
        using var reactor = new PollReactor();
        int code = React.Run(r => Deferred.Fail(new SystemExitException(3)), reactor, logger);
        Assert.Equal(3, code);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void React_returns_zero_when_the_reactor_is_stopped_from_elsewhere_first()
    {
        using var reactor = new SelectReactor();
        int code = React.Run(r =>
        {
            var never = new Deferred();
            r.CallLater(TimeSpan.FromMilliseconds(1), r.Stop);
            r.CallLater(TimeSpan.FromSeconds(30), () => never.Callback(null));
            return never;
        }, reactor);
        Assert.Equal(0, code);
    }

    [Fact]
    public void React_with_an_async_main_resumes_awaits_on_the_reactor_thread()
    {
        using var reactor = new CompletionReactor();
        Thread? loop = null;
        Thread? afterAwait = null;
        int code = React.RunTask(async r =>
        {
            loop = Thread.CurrentThread;
            await Task.Delay(2);
            afterAwait = Thread.CurrentThread;
        }, reactor);
        Assert.Equal(0, code);
        Assert.NotNull(loop);
        Assert.Same(loop, afterAwait);
    }
}
